package commands

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
)

// logFlags are the flags of `logs`.
type logFlags struct {
	follow     bool
	container  string
	since      time.Duration
	sinceTime  string
	tail       int64
	grep       string
	timestamps bool
	nodeID     string
	previous   bool
	limitBytes int64
}

func newLogs(env *Env) *cobra.Command {
	var f logFlags
	cmd := &cobra.Command{
		Use:   "logs NAME [POD]",
		Short: "Print the logs of a workflow's pods",
		Long: `Print the logs of a workflow's pods, or of one pod or node, through the workflow's
log subresource. With -f the logs stream until the workflow finishes.`,
		Example: example(env, `
weft logs hello-world-x7k2p
weft logs loops-maps-qzv56 -f
weft logs loops-maps-qzv56 loops-maps-qzv56-cat-os-release-2106556403 --tail 5
weft logs coin-flip-8xv2d --grep heads --timestamps`),
		Args:              usageArgs(cobra.RangeArgs(1, 2)),
		ValidArgsFunction: completeWorkflows(env),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := f.options()
			if err != nil {
				return err
			}
			if len(args) == 2 {
				opts.PodName = args[1]
			}
			client, err := env.Weft()
			if err != nil {
				return err
			}
			ns, _, err := env.Namespace()
			if err != nil {
				return err
			}
			return streamLogs(cmd.Context(), client, ns, args[0], opts, env.IO.Out)
		},
	}
	flags := cmd.Flags()
	flags.BoolVarP(&f.follow, "follow", "f", false, "stream new lines until the workflow finishes")
	flags.StringVarP(&f.container, "container", "c", "", "the container to read (default main)")
	flags.DurationVar(&f.since, "since", 0, "only lines newer than this duration, e.g. 5m")
	flags.StringVar(&f.sinceTime, "since-time", "", "only lines after this RFC 3339 time")
	flags.Int64Var(&f.tail, "tail", -1, "only the last lines of each pod's log (-1: all)")
	flags.StringVar(&f.grep, "grep", "", "only lines matching this regular expression (RE2)")
	flags.BoolVar(&f.timestamps, "timestamps", false, "prefix each line with its time")
	flags.StringVar(&f.nodeID, "node-id", "", "only the pod of this node")
	flags.BoolVarP(&f.previous, "previous", "p", false, "the previous run of a restarted container")
	flags.Int64Var(&f.limitBytes, "limit-bytes", 0, "stop each pod's log after this many bytes")
	return cmd
}

// options are the log options the flags give.
func (f *logFlags) options() (*v1alpha1.WorkflowLogOptions, error) {
	opts := &v1alpha1.WorkflowLogOptions{
		NodeID: f.nodeID, Container: f.container, Follow: f.follow,
		Timestamps: f.timestamps, Grep: f.grep, Previous: f.previous,
	}
	if f.since != 0 && f.sinceTime != "" {
		return nil, usageErrorf("--since and --since-time exclude each other")
	}
	if f.since > 0 {
		s := int64((f.since + time.Second - 1) / time.Second)
		opts.SinceSeconds = &s
	}
	if f.sinceTime != "" {
		t, err := time.Parse(time.RFC3339, f.sinceTime)
		if err != nil {
			return nil, usageErrorf("--since-time %s: want an RFC 3339 time such as 2026-11-25T13:31:00Z", f.sinceTime)
		}
		mt := metav1.NewTime(t)
		opts.SinceTime = &mt
	}
	if f.tail >= 0 {
		tail := f.tail
		opts.TailLines = &tail
	}
	if f.limitBytes > 0 {
		limit := f.limitBytes
		opts.LimitBytes = &limit
	}
	return opts, nil
}

// streamLogs copies a workflow's logs, as its log subresource serves them,
// to out.
func streamLogs(ctx context.Context, client versioned.Interface, ns, name string, opts *v1alpha1.WorkflowLogOptions, out io.Writer) error {
	stream, err := client.WeftV1alpha1().Workflows(ns).GetLogs(name, opts).Stream(ctx)
	if err != nil {
		return explainLogError(err, name)
	}
	defer stream.Close()
	if _, err := io.Copy(out, stream); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return ctx.Err()
}

// explainLogError tells a workflow that does not exist from a server that
// does not serve workflows/log.
func explainLogError(err error, name string) error {
	var status apierrors.APIStatus
	if !errors.As(err, &status) || !apierrors.IsNotFound(err) {
		return err
	}
	if d := status.Status().Details; d != nil && d.Name != "" {
		return err
	}
	return fmt.Errorf("reading the logs of workflow %s: the server does not serve workflows/log: %w", name, err)
}
