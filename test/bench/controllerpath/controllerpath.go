// Package controllerpath measures weft-controller on simulated nodes: a
// 1,000-wide fan-out beside the raw pod-create rate of a tight client loop
// at the same client limits, many concurrent sequential workflows, and
// workflows of 10,000 and 50,000 nodes. It also times a seed example on the
// real node of make up (RunRealNode).
package controllerpath

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"k8s.io/klog/v2"

	"github.com/weft-dev/weft/cmd/controller/app"
	"github.com/weft-dev/weft/test/bench/cluster"
	"github.com/weft-dev/weft/test/bench/report"
)

// Section is the report section of the simulated-node figures.
const Section = "Controller path (KWOK)"

// Systems in the report: Weft's controller, and the raw client loop.
const (
	systemWeft = "weft"
	systemRaw  = "raw"
)

// Starter starts a cluster of simulated nodes whose weft-controller runs
// with controller's settings.
type Starter func(ctx context.Context, controller cluster.ControllerOptions) (*cluster.Cluster, error)

// clientLimits are a client's QPS and burst.
type clientLimits struct {
	QPS   float32
	Burst int
	// Name says where the limits come from.
	Name string
	// set says the controller is started with these limits rather than
	// its defaults; args are its further flags, with or without set.
	set  bool
	args []string
}

func (l clientLimits) String() string {
	return fmt.Sprintf("QPS %g/burst %d (%s)", l.QPS, l.Burst, l.Name)
}

// limitSettings are the controller settings the fan-out is measured at: the
// controller's defaults, and, but in quick mode, Argo's defaults, those of
// the reference figures. The defaults are read from the
// controller's own flags.
func limitSettings(quick bool) ([]clientLimits, error) {
	flags := pflag.NewFlagSet("weft-controller", pflag.ContinueOnError)
	app.NewOptions().AddFlags(flags)
	qps, err := flags.GetFloat32(kubeQPSFlag)
	if err != nil {
		return nil, fmt.Errorf("reading weft-controller's default --%s: %w", kubeQPSFlag, err)
	}
	burst, err := flags.GetInt(kubeBurstFlag)
	if err != nil {
		return nil, fmt.Errorf("reading weft-controller's default --%s: %w", kubeBurstFlag, err)
	}
	settings := []clientLimits{{QPS: qps, Burst: burst, Name: "weft-controller's defaults"}}
	if !quick {
		// Argo's one client carries both pod creations and status writes;
		// Weft's controller limits its own API apart, and is held to the
		// same numbers there too.
		settings = append(settings, clientLimits{QPS: 20, Burst: 30, Name: "Argo's defaults", set: true,
			args: []string{"--" + weftQPSFlag + "=20", "--" + weftBurstFlag + "=30"}})
	}
	return settings, nil
}

// The controller's flags of client limits: to kube-apiserver, and to
// Weft's API.
const (
	kubeQPSFlag   = "kube-api-qps"
	kubeBurstFlag = "kube-api-burst"
	weftQPSFlag   = "weft-api-qps"
	weftBurstFlag = "weft-api-burst"
)

// controllerOptions are the controller settings of l: the controller's own
// default limits unless l sets them, and l's further flags.
func (l clientLimits) controllerOptions() cluster.ControllerOptions {
	if !l.set {
		return cluster.ControllerOptions{Args: l.args}
	}
	return cluster.ControllerOptions{QPS: l.QPS, Burst: l.Burst, Args: l.args}
}

// The controller-path scenarios, in the order they run.
const (
	ScenarioFanOut     = "fan-out"
	ScenarioSequential = "sequential"
	ScenarioLarge      = "large"
)

// Scenarios are every controller-path scenario, in the order they run.
var Scenarios = []string{ScenarioFanOut, ScenarioSequential, ScenarioLarge}

// Options say what Run measures.
type Options struct {
	// Quick is the short run for a developer's loop: smaller sizes, the
	// controller's default limits only, one run of the sequential and the
	// large workflows.
	Quick bool
	// Runs is how many times each scenario runs, but the sequential and
	// the large workflows in quick mode and workflows of more than
	// onceAboveNodes nodes, which run once.
	Runs int
	// Scenarios are the scenarios to run, from Scenarios; all when empty.
	Scenarios []string
	// Large are the outer x inner shapes of the large workflows; the
	// mode's own (LargeShapes) when empty.
	Large []Shape
	// ControllerArgs are further weft-controller flags for every cluster.
	ControllerArgs []string
}

// Shape is the shape of a nested-loop workflow: Outer loops of Inner pods.
type Shape struct{ Outer, Inner int }

func (s Shape) String() string { return fmt.Sprintf("%dx%d", s.Outer, s.Inner) }

// LargeShapes are the large workflows of a mode: 10,000 nodes, and
// 50,000 but in quick mode, where 1,600 stand in for them.
func LargeShapes(quick bool) []Shape {
	if quick {
		return []Shape{{40, 40}}
	}
	return []Shape{{100, 100}, {250, 200}}
}

func (o Options) runs(scenario string) bool {
	return len(o.Scenarios) == 0 || slices.Contains(o.Scenarios, scenario)
}

// sizes are the scenario sizes of a mode.
type sizes struct {
	// fanOutWidth is the width of the fan-out, and the raw loop's pod count.
	fanOutWidth                          int
	sequentialWorkflows, sequentialSteps int
	large                                []Shape
	// quick makes one run of the sequential and the large workflows,
	// whose figures vary less than the fan-out's ratio.
	quick bool
}

func (o Options) sizes() sizes {
	large := o.Large
	if len(large) == 0 {
		large = LargeShapes(o.Quick)
	}
	if o.Quick {
		return sizes{fanOutWidth: 500, sequentialWorkflows: 50, sequentialSteps: 10, large: large, quick: true}
	}
	return sizes{fanOutWidth: 1000, sequentialWorkflows: 200, sequentialSteps: 10, large: large}
}

// onceInQuick is how many runs of the sequential and the large workflows
// a mode makes: one in quick mode, to stay within its time.
func (s sizes) onceInQuick(runs int) int {
	if s.quick {
		return 1
	}
	return runs
}

// onceAboveNodes is the size above which a large workflow runs once in
// every mode. The 50,000-node workflow takes about 45 minutes on 2 cores,
// bound by the simulator's pod transitions rather than by Weft, and what
// it shows (that it completes, and the size of its status) does not vary
// from run to run as a rate does.
const onceAboveNodes = 20000

// largeRuns is how many runs of shape a mode makes.
func (s sizes) largeRuns(runs int, shape Shape) int {
	if shape.Outer*shape.Inner > onceAboveNodes {
		return 1
	}
	return s.onceInQuick(runs)
}

// Run measures the chosen simulated-node scenarios o.Runs times, each run
// in a fresh namespace, on one cluster per controller setting from start.
// A scenario that fails is reported in the returned error, naming it, and
// the others still run; a large workflow that does not complete is a
// figure (completes = 0) and a note, not an error.
func Run(ctx context.Context, start Starter, rep *report.Report, o Options) error {
	for _, s := range o.Scenarios {
		if !slices.Contains(Scenarios, s) {
			return fmt.Errorf("unknown controller-path scenario %q; the scenarios are %s", s, strings.Join(Scenarios, ", "))
		}
	}
	settings, err := limitSettings(o.Quick)
	if err != nil {
		return err
	}
	if !o.runs(ScenarioFanOut) {
		settings = settings[:1] // only the fan-out is measured at other settings
	}
	size := o.sizes()
	var errs []error
	for i, limits := range settings {
		limits.args = append(slices.Clone(limits.args), o.ControllerArgs...)
		klog.FromContext(ctx).Info("Starting a cluster for the controller path", "controller", limits.String())
		c, err := start(ctx, limits.controllerOptions())
		if err != nil {
			errs = append(errs, fmt.Errorf("controller path at %s: starting the cluster: %w", limits, err))
			continue
		}
		if o.runs(ScenarioFanOut) {
			errs = append(errs, measureFanOut(ctx, c, rep, limits, o.Runs, size.fanOutWidth))
		}
		if i == 0 {
			if o.runs(ScenarioSequential) {
				errs = append(errs, measureSequential(ctx, c, rep, limits, size.onceInQuick(o.Runs), size.sequentialWorkflows, size.sequentialSteps))
			}
			if o.runs(ScenarioLarge) {
				for j, shape := range size.large {
					lastOnCluster := j == len(size.large)-1
					errs = append(errs, measureLarge(ctx, c, rep, limits, size.largeRuns(o.Runs, shape), shape.Outer, shape.Inner, lastOnCluster))
				}
			}
		}
		c.Stop()
	}
	return errors.Join(errs...)
}

// measureFanOut runs the raw loop and Weft's fan-out of fanOutWidth pods in
// turn, runs times.
func measureFanOut(ctx context.Context, c *cluster.Cluster, rep *report.Report, limits clientLimits, runs, fanOutWidth int) error {
	logger := klog.FromContext(ctx)
	scenario := fmt.Sprintf("fan-out of %d pods at QPS %g/burst %d", fanOutWidth, limits.QPS, limits.Burst)
	key := func(metric, unit, system string) report.Key {
		return report.Key{Section: Section, Scenario: scenario, Metric: metric, Unit: unit, System: system}
	}
	for run := 1; run <= runs; run++ {
		raw, err := rawFanOut(ctx, c, limits, fanOutWidth)
		if err != nil {
			return fmt.Errorf("%s, run %d, raw client loop: %w", scenario, run, err)
		}
		logger.Info("Raw client loop done", "scenario", scenario, "run", run, "podsPerSecond", raw.createRate, "toSucceeded", raw.toSucceeded)
		rep.Record(key("pods created per second", "pods/s", systemRaw), raw.createRate)
		rep.Record(key("create to Succeeded", "s", systemRaw), raw.toSucceeded.Seconds())

		weft, err := weftFanOut(ctx, c, limits, fanOutWidth)
		if err != nil {
			return fmt.Errorf("%s, run %d, weft: %w", scenario, run, err)
		}
		logger.Info("Weft fan-out done", "scenario", scenario, "run", run, "podsPerSecond", weft.createRate, "toSucceeded", weft.toSucceeded)
		rep.Record(key("pods created per second", "pods/s", systemWeft), weft.createRate)
		rep.Record(key("create to Succeeded", "s", systemWeft), weft.toSucceeded.Seconds())
		rep.Record(key("controller CPU", "s", systemWeft), weft.controllerCPU)
		rep.Record(key("controller peak RSS", "MiB", systemWeft), weft.controllerPeakMiB)
		if raw.createRate > 0 {
			rep.Record(key("pod-create rate over the raw rate of the same run", "ratio", systemWeft), weft.createRate/raw.createRate)
		}
	}
	rep.Note("%s: %s. Pods created per second is the rate of the middle 80%% of pods, from the tenth to the ninetieth percentile of the times a watch first saw them; the raw loop is %d client-go goroutines at the same QPS and burst.",
		Section, limits, rawWorkers)
	return nil
}

// measureSequential runs count concurrent workflows of length steps, runs times.
func measureSequential(ctx context.Context, c *cluster.Cluster, rep *report.Report, limits clientLimits, runs, count, length int) error {
	logger := klog.FromContext(ctx)
	scenario := fmt.Sprintf("%d concurrent workflows of %d sequential steps", count, length)
	key := func(metric, unit string) report.Key {
		return report.Key{Section: Section, Scenario: scenario, Metric: metric, Unit: unit, System: systemWeft}
	}
	for run := 1; run <= runs; run++ {
		result, err := concurrentSequential(ctx, c, limits, count, length)
		if err != nil {
			return fmt.Errorf("%s, run %d: %w", scenario, run, err)
		}
		logger.Info("Sequential workflows done", "scenario", scenario, "run", run, "perMinute", result.perMinute)
		rep.Record(key("workflows completed per minute", "workflows/min"), result.perMinute)
		rep.Record(key("first create to last Succeeded", "s"), result.elapsed.Seconds())
	}
	return nil
}

// measureLarge runs the outer x inner workflow runs times, or until a run
// does not complete. When it is the last scenario on the cluster, its last
// run leaves its namespace to the cluster's end rather than empty it.
func measureLarge(ctx context.Context, c *cluster.Cluster, rep *report.Report, limits clientLimits, runs, outer, inner int, lastOnCluster bool) error {
	logger := klog.FromContext(ctx)
	scenario := fmt.Sprintf("%d-node workflow (%d x %d nested loops)", outer*inner, outer, inner)
	key := func(metric, unit string) report.Key {
		return report.Key{Section: Section, Scenario: scenario, Metric: metric, Unit: unit, System: systemWeft}
	}
	for run := 1; run <= runs; run++ {
		result, err := largeWorkflow(ctx, c, limits, outer, inner, !(lastOnCluster && run == runs))
		if err != nil {
			return fmt.Errorf("%s, run %d: %w", scenario, run, err)
		}
		logger.Info("Large workflow done", "scenario", scenario, "run", run, "completed", result.completed, "elapsed", result.elapsed, "failure", result.failure)
		rep.Record(key("completes", "1 = yes"), map[bool]float64{true: 1, false: 0}[result.completed])
		rep.Record(key("status object size", "KiB"), float64(result.statusBytes)/1024)
		rep.Record(key("status writes during the run", "writes"), float64(result.writes))
		rep.Record(key("time between status writes during the run", "ms"), float64(result.writeInterval)/float64(time.Millisecond))
		for _, name := range []string{controllerProcess, weftAPIServerProcess, kubeAPIServerProcess, etcdProcess} {
			rep.Record(key(name+" peak RSS", "MiB"), result.peakMiB[name])
		}
		if !result.completed {
			rep.Note("%s: %s, run %d did not complete: %v", Section, scenario, run, result.failure)
			return nil
		}
		rep.Record(key("create to Succeeded", "s"), result.elapsed.Seconds())
		rep.Record(key("time per status write of the finished workflow", "ms"), float64(result.statusWrite)/float64(time.Millisecond))
	}
	return nil
}

// cleanUpDeadline is how long deleting a namespace of pods pods may take.
func cleanUpDeadline(pods int) time.Duration {
	return 2*time.Minute + time.Duration(pods)*10*time.Millisecond
}
