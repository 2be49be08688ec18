package apipath

import (
	"math"
	"slices"
	"time"
)

// percentile returns the q-quantile (0 < q <= 1) of durations by the
// nearest-rank method; 0 when there are none.
func percentile(durations []time.Duration, q float64) time.Duration {
	if len(durations) == 0 {
		return 0
	}
	sorted := slices.Clone(durations)
	slices.Sort(sorted)
	rank := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(0, min(rank, len(sorted)-1))]
}

// milliseconds is d in milliseconds, as the report prints latencies.
func milliseconds(d time.Duration) float64 {
	return float64(d) / float64(time.Millisecond)
}
