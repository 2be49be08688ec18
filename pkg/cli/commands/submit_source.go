package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/workflowops/actions"
)

// fromKinds are the kinds `submit --from` takes, by every name they go by.
var fromKinds = map[string]string{
	"workflowtemplate":         kindWorkflowTemplate,
	"workflowtemplates":        kindWorkflowTemplate,
	"wftmpl":                   kindWorkflowTemplate,
	"clusterworkflowtemplate":  kindClusterWorkflowTemplate,
	"clusterworkflowtemplates": kindClusterWorkflowTemplate,
	"cwftmpl":                  kindClusterWorkflowTemplate,
	"cronworkflow":             kindCronWorkflow,
	"cronworkflows":            kindCronWorkflow,
	"cwf":                      kindCronWorkflow,
	"cronwf":                   kindCronWorkflow,
}

// parseFrom reads --from KIND/NAME.
func parseFrom(from string) (kind, name string, err error) {
	k, name, ok := strings.Cut(from, "/")
	kind = fromKinds[strings.ToLower(k)]
	if !ok || name == "" || kind == "" {
		return "", "", usageErrorf("--from %s: want workflowtemplate/NAME, clusterworkflowtemplate/NAME or cronworkflow/NAME", from)
	}
	return kind, name, nil
}

// workflowFrom is the workflow that runs a template, or that a cron workflow
// would create, named after it.
func workflowFrom(ctx context.Context, env *Env, kind, name, ns string) (*v1alpha1.Workflow, error) {
	if kind != kindCronWorkflow {
		return actions.FromTemplate(kind, name)
	}
	client, err := env.Weft()
	if err != nil {
		return nil, err
	}
	cron, err := client.WeftV1alpha1().CronWorkflows(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	return actions.FromCron(cron), nil
}

// completeFrom completes --from: first the kind, then the names of the
// objects of that kind.
func completeFrom(env *Env) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		k, prefix, ok := strings.Cut(toComplete, "/")
		if !ok {
			return []cobra.Completion{"workflowtemplate/", "clusterworkflowtemplate/", "cronworkflow/"},
				cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp
		}
		ctx, cancel := context.WithTimeout(context.Background(), completionTimeout)
		defer cancel()
		names, err := namesOf(ctx, env, fromKinds[strings.ToLower(k)])
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		var out []cobra.Completion
		for _, n := range names {
			if strings.HasPrefix(n, prefix) {
				out = append(out, k+"/"+n)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// namesOf lists the names of the objects of a kind --from takes.
func namesOf(ctx context.Context, env *Env, kind string) ([]string, error) {
	switch kind {
	case kindWorkflowTemplate, kindClusterWorkflowTemplate:
		if kind == kindClusterWorkflowTemplate {
			return clusterWorkflowTemplates.names(ctx, env)
		}
		return workflowTemplates.names(ctx, env)
	case kindCronWorkflow:
		return cronNames(ctx, env)
	}
	return nil, fmt.Errorf("cannot submit from a %q", kind)
}
