// Command bench runs Weft's benchmarks (make bench; hack/bench.sh builds
// what it needs and passes the binaries' paths): the API path against a
// CRD, the controller path on KWOK's simulated nodes beside the raw
// pod-create floor, and a seed example on the real node of make up. It
// prints one markdown table and writes every figure as JSON.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/weft-dev/weft/test/bench/apipath"
	"github.com/weft-dev/weft/test/bench/cluster"
	"github.com/weft-dev/weft/test/bench/controllerpath"
	"github.com/weft-dev/weft/test/bench/report"
)

// sections are the parts of a run, in the order they run.
var sections = []string{"api", "controller", "real-node"}

type flags struct {
	quick          bool
	runs           int
	only           string
	binaries       cluster.Binaries
	workDir        string
	realKubeconfig string
	jsonFile       string
	markdownFile   string
	nodes          int
	podRunTime     time.Duration
	// scenarios, large and controllerArgs select and tune the controller path.
	scenarios      string
	large          string
	controllerArgs []string
}

func main() {
	var f flags
	flag.BoolVar(&f.quick, "quick", false, "The short run for a developer's loop (under 10 minutes): smaller sizes, fewer settings.")
	flag.IntVar(&f.runs, "runs", 3, "Runs of each scenario; every figure is their median, with min and max. Workflows of more than 20,000 nodes run once.")
	flag.StringVar(&f.only, "only", strings.Join(sections, ","), "Comma-separated sections to run: "+strings.Join(sections, ", ")+".")
	flag.StringVar(&f.binaries.KubernetesDir, "kubernetes-dir", "/var/cache/weft/bin/k8s-v1.37.2", "Directory of kube-apiserver, kube-controller-manager and kube-scheduler.")
	flag.StringVar(&f.binaries.Etcd, "etcd", "/var/cache/weft/bin/etcd-v3.7.0/etcd", "The etcd binary.")
	flag.StringVar(&f.binaries.Kwok, "kwok", "/var/cache/weft/bin/kwok-v0.8.0/kwok", "The kwok binary.")
	flag.StringVar(&f.binaries.WeftDir, "weft-dir", "bin", "Directory of weft-apiserver and weft-controller.")
	flag.StringVar(&f.workDir, "work-dir", "", "Where the throw-away clusters keep data and logs; a new temporary directory when empty.")
	flag.StringVar(&f.realKubeconfig, "real-kubeconfig", "/var/lib/weft-local/kubeconfig", "Kubeconfig of make up's cluster, for the real-node section.")
	flag.StringVar(&f.jsonFile, "json", "", "Write every figure to this JSON file.")
	flag.StringVar(&f.markdownFile, "markdown", "", "Also write the table to this file.")
	flag.IntVar(&f.nodes, "nodes", 10, "Simulated nodes of the controller-path cluster.")
	flag.DurationVar(&f.podRunTime, "pod-run-time", time.Second, "How long a pod on a simulated node runs before it succeeds.")
	flag.StringVar(&f.scenarios, "scenarios", strings.Join(controllerpath.Scenarios, ","), "Comma-separated controller-path scenarios to run: "+strings.Join(controllerpath.Scenarios, ", ")+".")
	flag.StringVar(&f.large, "large", "", "Comma-separated OUTERxINNER shapes of the large workflows; empty: "+shapes(controllerpath.LargeShapes(false))+", or "+shapes(controllerpath.LargeShapes(true))+" with -quick.")
	flag.Func("controller-arg", "A further weft-controller flag for the controller path, such as --profiling; repeat it for more.", func(arg string) error {
		f.controllerArgs = append(f.controllerArgs, arg)
		return nil
	})
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, f); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, f flags) error {
	only := strings.Split(f.only, ",")
	for _, s := range only {
		if !slices.Contains(sections, s) {
			return fmt.Errorf("-only: unknown section %q; the sections are %s", s, strings.Join(sections, ", "))
		}
	}
	if f.runs < 1 {
		return fmt.Errorf("-runs must be at least 1, not %d", f.runs)
	}
	workDir := f.workDir
	if workDir == "" {
		dir, err := os.MkdirTemp("", "weft-bench-")
		if err != nil {
			return err
		}
		workDir = dir
	}
	weftDir, err := filepath.Abs(f.binaries.WeftDir)
	if err != nil {
		return err
	}
	f.binaries.WeftDir = weftDir
	rep := report.New(commit(), f.quick)
	clusters := 0
	newDir := func() (string, error) {
		clusters++
		dir := filepath.Join(workDir, fmt.Sprintf("cluster-%d", clusters))
		return dir, os.MkdirAll(dir, 0o755)
	}
	var errs []error
	started := time.Now()
	if slices.Contains(only, "api") {
		errs = append(errs, section("api", func() error { return runAPIPath(ctx, f, rep, newDir) }))
		rep.Compare(apipath.Section, "weft", "crd")
	}
	if slices.Contains(only, "controller") {
		start := func(ctx context.Context, controller cluster.ControllerOptions) (*cluster.Cluster, error) {
			dir, err := newDir()
			if err != nil {
				return nil, err
			}
			return cluster.Start(ctx, cluster.Options{Dir: dir, Binaries: f.binaries, Nodes: f.nodes, PodRunTime: f.podRunTime, Controller: &controller})
		}
		large, err := parseShapes(f.large)
		if err != nil {
			return fmt.Errorf("-large: %w", err)
		}
		options := controllerpath.Options{Quick: f.quick, Runs: f.runs, Scenarios: strings.Split(f.scenarios, ","), Large: large, ControllerArgs: f.controllerArgs}
		errs = append(errs, section("controller", func() error { return controllerpath.Run(ctx, start, rep, options) }))
		rep.Compare(controllerpath.Section, "weft", "raw")
	}
	if slices.Contains(only, "real-node") {
		errs = append(errs, section("real-node", func() error {
			return controllerpath.RunRealNode(ctx, f.realKubeconfig, rep, max(f.runs, 5))
		}))
	}
	rep.Note("Total time %s; clusters' data and logs in %s.", time.Since(started).Round(time.Second), workDir)
	table := rep.Markdown()
	fmt.Print("\n" + table)
	if f.markdownFile != "" {
		errs = append(errs, os.WriteFile(f.markdownFile, []byte(table), 0o644))
	}
	if f.jsonFile != "" {
		errs = append(errs, rep.WriteJSON(f.jsonFile))
	}
	return errors.Join(errs...)
}

func runAPIPath(ctx context.Context, f flags, rep *report.Report, newDir func() (string, error)) error {
	dir, err := newDir()
	if err != nil {
		return err
	}
	c, err := cluster.Start(ctx, cluster.Options{Dir: dir, Binaries: f.binaries})
	if err != nil {
		return err
	}
	defer c.Stop()
	return apipath.Run(ctx, c.Config, rep, f.quick, f.runs)
}

// section runs one section, saying on stderr when it starts and ends.
func section(name string, run func() error) error {
	started := time.Now()
	fmt.Fprintf(os.Stderr, "%s bench: section %s\n", started.Format(time.TimeOnly), name)
	err := run()
	fmt.Fprintf(os.Stderr, "%s bench: section %s done in %s\n", time.Now().Format(time.TimeOnly), name, time.Since(started).Round(time.Second))
	if err != nil {
		return fmt.Errorf("section %s: %w", name, err)
	}
	return nil
}

// commit names the checked-out commit, for comparing runs.
func commit() string {
	out, err := exec.Command("git", "describe", "--always", "--dirty").Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}

// shapes is the flag form of a list of shapes.
func shapes(list []controllerpath.Shape) string {
	names := make([]string, len(list))
	for i, s := range list {
		names[i] = s.String()
	}
	return strings.Join(names, ",")
}

// parseShapes reads -large: comma-separated OUTERxINNER shapes, none when
// empty.
func parseShapes(value string) ([]controllerpath.Shape, error) {
	var list []controllerpath.Shape
	for _, item := range strings.Split(value, ",") {
		if item == "" {
			continue
		}
		outer, inner, found := strings.Cut(item, "x")
		o, errOuter := strconv.Atoi(outer)
		i, errInner := strconv.Atoi(inner)
		if !found || errOuter != nil || errInner != nil || o < 1 || i < 1 {
			return nil, fmt.Errorf("%q is not a shape: write OUTERxINNER with two positive numbers, such as 250x200", item)
		}
		list = append(list, controllerpath.Shape{Outer: o, Inner: i})
	}
	return list, nil
}
