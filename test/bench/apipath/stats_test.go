package apipath

import (
	"testing"
	"time"
)

// TestPercentile checks the nearest-rank percentiles the report prints.
func TestPercentile(t *testing.T) {
	var durations []time.Duration
	for i := 100; i >= 1; i-- {
		durations = append(durations, time.Duration(i)*time.Millisecond)
	}
	for q, want := range map[float64]time.Duration{0.5: 50 * time.Millisecond, 0.99: 99 * time.Millisecond, 1: 100 * time.Millisecond} {
		if got := percentile(durations, q); got != want {
			t.Errorf("percentile(1..100 ms, %v) = %v, want %v", q, got, want)
		}
	}
	if got := percentile(nil, 0.5); got != 0 {
		t.Errorf("percentile of nothing = %v, want 0", got)
	}
	if durations[0] != 100*time.Millisecond {
		t.Error("percentile sorted its argument in place")
	}
}
