// Package report collects the figures of a benchmark run, several runs of
// each, and prints them as one markdown table and as JSON, so that two
// commits can be compared figure by figure.
package report

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// Key names one figure: the section and scenario it belongs to, what is
// measured and in which unit, and the system measured ("weft", "crd",
// "raw", ...).
type Key struct {
	Section  string `json:"section"`
	Scenario string `json:"scenario"`
	Metric   string `json:"metric"`
	Unit     string `json:"unit"`
	System   string `json:"system"`
}

// Figure is every run's value of one Key, with their median, min and max.
type Figure struct {
	Key
	Runs   []float64 `json:"runs"`
	Median float64   `json:"median"`
	Min    float64   `json:"min"`
	Max    float64   `json:"max"`
}

// Ratio compares one metric of two systems: Numerator's median over
// Denominator's.
type Ratio struct {
	Section     string  `json:"section"`
	Scenario    string  `json:"scenario"`
	Metric      string  `json:"metric"`
	Numerator   string  `json:"numerator"`
	Denominator string  `json:"denominator"`
	Value       float64 `json:"value"`
}

// Machine describes where the figures were measured.
type Machine struct {
	Cores       int    `json:"cores"`
	MemoryBytes int64  `json:"memoryBytes"`
	GoVersion   string `json:"goVersion"`
	Commit      string `json:"commit"`
	Quick       bool   `json:"quick"`
}

// Report is a benchmark run's figures; its methods are safe for concurrent use.
type Report struct {
	mu      sync.Mutex
	Machine Machine   `json:"machine"`
	Started time.Time `json:"started"`
	Figures []*Figure `json:"figures"`
	Ratios  []Ratio   `json:"ratios"`
	Notes   []string  `json:"notes"`
}

// New returns an empty report of this machine.
func New(commit string, quick bool) *Report {
	return &Report{
		Machine: Machine{Cores: runtime.NumCPU(), MemoryBytes: memoryBytes(), GoVersion: runtime.Version(), Commit: commit, Quick: quick},
		Started: time.Now().UTC(),
	}
}

// Record adds one run's value of key.
func (r *Report) Record(key Key, value float64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, f := range r.Figures {
		if f.Key == key {
			f.Runs = append(f.Runs, value)
			f.summarize()
			return
		}
	}
	f := &Figure{Key: key, Runs: []float64{value}}
	f.summarize()
	r.Figures = append(r.Figures, f)
}

// Note adds a line of explanation printed under the table.
func (r *Report) Note(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// Compare records, for every metric of section that both systems have, the
// ratio of numerator's median to denominator's.
func (r *Report) Compare(section, numerator, denominator string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, n := range r.Figures {
		if n.Section != section || n.System != numerator {
			continue
		}
		for _, d := range r.Figures {
			if d.Section == section && d.System == denominator && d.Scenario == n.Scenario && d.Metric == n.Metric && d.Median != 0 {
				r.Ratios = append(r.Ratios, Ratio{Section: section, Scenario: n.Scenario, Metric: n.Metric,
					Numerator: numerator, Denominator: denominator, Value: n.Median / d.Median})
			}
		}
	}
}

func (f *Figure) summarize() {
	sorted := slices.Clone(f.Runs)
	slices.Sort(sorted)
	f.Min, f.Max = sorted[0], sorted[len(sorted)-1]
	mid := len(sorted) / 2
	if len(sorted)%2 == 1 {
		f.Median = sorted[mid]
	} else {
		f.Median = (sorted[mid-1] + sorted[mid]) / 2
	}
}

// WriteJSON writes the report to path.
func (r *Report) WriteJSON(path string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// Markdown renders the report as one table per section, then the ratios
// and the notes.
func (r *Report) Markdown() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "Machine: %d cores, %.1f GiB memory, %s, commit %s%s, started %s\n",
		r.Machine.Cores, float64(r.Machine.MemoryBytes)/(1<<30), r.Machine.GoVersion, r.Machine.Commit,
		map[bool]string{true: " (QUICK)", false: ""}[r.Machine.Quick], r.Started.Format(time.RFC3339))
	var sections []string
	for _, f := range r.Figures {
		if !slices.Contains(sections, f.Section) {
			sections = append(sections, f.Section)
		}
	}
	for _, section := range sections {
		fmt.Fprintf(&b, "\n### %s\n\n| scenario | metric | system | median | min | max | runs |\n|---|---|---|---:|---:|---:|---:|\n", section)
		for _, f := range r.Figures {
			if f.Section == section {
				fmt.Fprintf(&b, "| %s | %s (%s) | %s | %s | %s | %s | %d |\n", f.Scenario, f.Metric, f.Unit, f.System,
					format(f.Median), format(f.Min), format(f.Max), len(f.Runs))
			}
		}
	}
	if len(r.Ratios) > 0 {
		b.WriteString("\n### Ratios (median over median)\n\n| section | scenario | metric | ratio | value |\n|---|---|---|---|---:|\n")
		for _, x := range r.Ratios {
			fmt.Fprintf(&b, "| %s | %s | %s | %s/%s | %.2f |\n", x.Section, x.Scenario, x.Metric, x.Numerator, x.Denominator, x.Value)
		}
	}
	if len(r.Notes) > 0 {
		b.WriteString("\n")
		for _, n := range r.Notes {
			fmt.Fprintf(&b, "- %s\n", n)
		}
	}
	return b.String()
}

func format(v float64) string {
	switch {
	case v == 0:
		return "0"
	case v >= 100 || v <= -100:
		return fmt.Sprintf("%.0f", v)
	case v >= 1 || v <= -1:
		return fmt.Sprintf("%.2f", v)
	default:
		return fmt.Sprintf("%.4f", v)
	}
}

// memoryBytes reads MemTotal from /proc/meminfo; 0 when it cannot.
func memoryBytes() int64 {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		var kib int64
		if _, err := fmt.Sscanf(line, "MemTotal: %d kB", &kib); err == nil {
			return kib << 10
		}
	}
	return 0
}
