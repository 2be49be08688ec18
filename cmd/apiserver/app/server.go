package app

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/weft-dev/weft/pkg/apiserver"
)

// NewCommand returns the weft-apiserver command.
func NewCommand(ctx context.Context) *cobra.Command {
	o := NewOptions()
	cmd := &cobra.Command{
		Use:   "weft-apiserver",
		Short: "Serve the weft.dev API (Workflows, WorkflowTemplates, ClusterWorkflowTemplates, CronWorkflows)",
		Long: "weft-apiserver serves the weft.dev API group as a Kubernetes aggregated API server.\n" +
			"It stores objects in an external etcd cluster (--etcd-servers) or, by default, in an\n" +
			"embedded etcd whose data lives in --embedded-etcd-dir.",
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return Run(cmd.Context(), o)
		},
	}
	cmd.SetContext(ctx)
	o.AddFlags(cmd.Flags())
	return cmd
}

// Run serves until ctx is done, then shuts down gracefully.
func Run(ctx context.Context, o *Options) error {
	server, err := NewServer(o)
	if err != nil {
		return err
	}
	defer o.Close()
	return server.GenericAPIServer.PrepareRun().RunWithContext(ctx)
}

// NewServer completes and validates o and returns the server it configures.
// The caller runs it and calls o.Close afterwards.
func NewServer(o *Options) (*apiserver.Server, error) {
	if err := o.Complete(); err != nil {
		return nil, err
	}
	if err := o.Validate(); err != nil {
		o.Close()
		return nil, err
	}
	config, err := o.Config()
	if err != nil {
		o.Close()
		return nil, err
	}
	server, err := config.Complete().New()
	if err != nil {
		o.Close()
		return nil, err
	}
	return server, nil
}
