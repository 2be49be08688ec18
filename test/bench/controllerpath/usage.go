package controllerpath

import (
	"fmt"

	"github.com/weft-dev/weft/test/bench/cluster"
)

// usageProbe measures what one process uses over a scenario: its CPU time
// and its peak resident memory.
type usageProbe struct {
	process *cluster.Process
	before  cluster.Usage
}

// startProbes resets the peak memory of the named processes of c and notes
// their CPU time so far.
func startProbes(c *cluster.Cluster, names ...string) (map[string]*usageProbe, error) {
	probes := map[string]*usageProbe{}
	for _, name := range names {
		p := c.Process(name)
		if p == nil {
			return nil, fmt.Errorf("the cluster runs no %s", name)
		}
		if err := p.ResetPeak(); err != nil {
			return nil, fmt.Errorf("resetting the peak memory of %s: %w", name, err)
		}
		before, err := p.Usage()
		if err != nil {
			return nil, err
		}
		probes[name] = &usageProbe{process: p, before: before}
	}
	return probes, nil
}

// end returns the CPU seconds used since the probe started and the peak
// resident memory in MiB.
func (u *usageProbe) end() (cpuSeconds, peakMiB float64, err error) {
	after, err := u.process.Usage()
	if err != nil {
		return 0, 0, err
	}
	return after.CPUSeconds - u.before.CPUSeconds, float64(after.PeakRSSBytes) / (1 << 20), nil
}
