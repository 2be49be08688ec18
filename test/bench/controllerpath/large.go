package controllerpath

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/util/retry"

	"github.com/weft-dev/weft/test/bench/cluster"
)

// Processes whose memory the large workflows measure.
const (
	controllerProcess    = "weft-controller"
	weftAPIServerProcess = "weft-apiserver"
	kubeAPIServerProcess = "kube-apiserver"
	etcdProcess          = "etcd"
)

// statusWriteProbes is how many status writes of the finished workflow are
// timed.
const statusWriteProbes = 5

// largeResult is what one run of a large workflow measured.
type largeResult struct {
	// completed says whether the workflow succeeded within its deadline;
	// failure says why not.
	completed bool
	failure   error
	// elapsed is the time from the create request to the workflow's end.
	elapsed time.Duration
	// statusBytes is the size of the workflow's JSON at the end.
	statusBytes int
	// writes is how many times the workflow was written during the run,
	// and writeInterval the mean time between two writes.
	writes        int
	writeInterval time.Duration
	// statusWrite is the median time of one status write of the finished
	// workflow, timed by the client.
	statusWrite time.Duration
	// peakMiB is each process's peak resident memory over the run.
	peakMiB map[string]float64
}

// largeWorkflow runs a workflow of outer x inner pods, and empties and
// deletes its namespace afterwards when discard says so. A workflow that
// does not succeed is a result, not an error; errors are what kept the
// scenario from measuring.
func largeWorkflow(ctx context.Context, c *cluster.Cluster, limits clientLimits, outer, inner int, discard bool) (_ largeResult, err error) {
	pods := outer * inner
	namespace, err := createNamespace(ctx, c.Kube, "bench-large")
	if err != nil {
		return largeResult{}, err
	}
	if discard {
		defer func() { err = errors.Join(err, discardNamespace(ctx, c, namespace, pods)) }()
	}
	workflows, err := watchFinished(ctx, c.Weft, namespace)
	if err != nil {
		return largeResult{}, err
	}
	defer workflows.shutdown()
	progress, err := watchActivity(ctx, c.Config, namespace)
	if err != nil {
		return largeResult{}, err
	}
	defer progress.shutdown()
	processes := []string{controllerProcess, weftAPIServerProcess, kubeAPIServerProcess, etcdProcess}
	probes, err := startProbes(c, processes...)
	if err != nil {
		return largeResult{}, err
	}

	logStart := fileSize(c.Process(controllerProcess).LogFile)
	started := time.Now()
	created, err := c.Weft.WeftV1alpha1().Workflows(namespace).Create(ctx, nestedWorkflow(outer, inner), metav1.CreateOptions{})
	if err != nil {
		return largeResult{}, fmt.Errorf("creating the workflow: %w", err)
	}
	result := largeResult{peakMiB: map[string]float64{}}
	last, waitErr := waitLarge(ctx, workflows, progress, pods, limits)
	if ctx.Err() != nil {
		return largeResult{}, ctx.Err()
	}
	if waitErr != nil {
		if line := lastErrorLine(c.Process(controllerProcess).LogFile, logStart); line != "" {
			waitErr = fmt.Errorf("%w; the controller's last error: %s", waitErr, line)
		}
	}
	result.completed, result.failure = waitErr == nil, waitErr
	if result.completed {
		result.elapsed = last.Sub(started)
	}
	result.writes, result.writeInterval = progress.writeSummary()
	for _, name := range processes {
		if _, result.peakMiB[name], err = probes[name].end(); err != nil {
			return largeResult{}, err
		}
	}
	body, err := c.Weft.WeftV1alpha1().RESTClient().Get().Namespace(namespace).Resource("workflows").Name(created.Name).
		SetHeader("Accept", "application/json").DoRaw(ctx)
	if err != nil {
		return largeResult{}, fmt.Errorf("reading the workflow at its end: %w", err)
	}
	result.statusBytes = len(body)
	if !result.completed {
		result.failure = fmt.Errorf("%w (by then %d of %d pods created, progress %s)", result.failure, progress.podsCreated(), pods, statusProgress(body))
	}
	if result.completed {
		if result.statusWrite, err = timeStatusWrites(ctx, c, namespace, created.Name); err != nil {
			return largeResult{}, err
		}
	}
	return result, nil
}

// waitLarge waits until the one workflow of the namespace succeeds, and
// returns when it ended. It gives up when the workflow ends otherwise, when
// the controller neither writes it nor creates a pod for stallLimit, or at
// the pods' deadline.
func waitLarge(ctx context.Context, workflows *finishWatcher, progress *activity, pods int, limits clientLimits) (time.Time, error) {
	deadline := podDeadline(pods, limits)
	started := time.Now()
	for {
		last, err := workflows.waitSucceeded(ctx, 1, 5*time.Second)
		if !errors.Is(err, errNotYet) {
			return last, err
		}
		if quiet := progress.quietFor(); quiet > stallLimit {
			return time.Time{}, fmt.Errorf("the controller neither wrote the workflow nor created a pod for %s", quiet.Round(time.Second))
		}
		if time.Since(started) > deadline {
			return time.Time{}, fmt.Errorf("the workflow did not end within %s", deadline)
		}
	}
}

// stallLimit is how long a large workflow may go without a write or a new
// pod before its run is given up.
const stallLimit = 2 * time.Minute

// lastErrorLine is the last klog error line of a log file after offset,
// without its header, or "" when there is none.
func lastErrorLine(path string, offset int64) string {
	data, err := os.ReadFile(path)
	if err != nil || offset > int64(len(data)) {
		return ""
	}
	lines := strings.Split(strings.TrimSpace(string(data[offset:])), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if line := lines[i]; strings.HasPrefix(line, "E") {
			if _, message, found := strings.Cut(line, "] "); found {
				return message
			}
			return line
		}
	}
	return ""
}

// fileSize is the size of the file at path, 0 when it cannot be read.
func fileSize(path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return info.Size()
}

// statusProgress is the progress a workflow's JSON reports, such as
// "1200/10000", or "unknown".
func statusProgress(workflowJSON []byte) string {
	var wf struct {
		Status struct {
			Progress string `json:"progress"`
		} `json:"status"`
	}
	if err := json.Unmarshal(workflowJSON, &wf); err != nil || wf.Status.Progress == "" {
		return "unknown"
	}
	return wf.Status.Progress
}

// timeStatusWrites writes the finished workflow's status back, with a new
// annotation each time so that every write stores the whole object, and
// returns the median time of a write. A write that meets a newer version
// is made again from it.
func timeStatusWrites(ctx context.Context, c *cluster.Cluster, namespace, name string) (time.Duration, error) {
	client := c.Weft.WeftV1alpha1().Workflows(namespace)
	times := make([]time.Duration, 0, statusWriteProbes)
	for i := range statusWriteProbes {
		var took time.Duration
		err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
			wf, err := client.Get(ctx, name, metav1.GetOptions{})
			if err != nil {
				return err
			}
			if wf.Annotations == nil {
				wf.Annotations = map[string]string{}
			}
			wf.Annotations["bench.weft.dev/status-write"] = strconv.Itoa(i)
			started := time.Now()
			_, err = client.UpdateStatus(ctx, wf, metav1.UpdateOptions{})
			took = time.Since(started)
			return err
		})
		if err != nil {
			return 0, fmt.Errorf("timing a status write of the finished workflow: %w", err)
		}
		times = append(times, took)
	}
	slices.Sort(times)
	return times[len(times)/2], nil
}
