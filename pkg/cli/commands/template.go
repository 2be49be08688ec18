package commands

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// templateKind is one of the template resources: namespaced
// WorkflowTemplates or cluster-scoped ClusterWorkflowTemplates.
type templateKind struct {
	command string
	aliases []string
	kind    string
	cluster bool
}

var (
	workflowTemplates        = templateKind{command: "template", aliases: []string{"tmpl", "wftmpl"}, kind: kindWorkflowTemplate}
	clusterWorkflowTemplates = templateKind{command: "cluster-template", aliases: []string{"cwftmpl"}, kind: kindClusterWorkflowTemplate, cluster: true}
)

// store is the API of the kind, in the namespace to work in (or all of
// them) for WorkflowTemplates.
func (k templateKind) store(env *Env, allNamespaces bool) (templateStore, error) {
	client, err := env.Weft()
	if err != nil {
		return nil, err
	}
	if k.cluster {
		return clusterTemplates(client.WeftV1alpha1().ClusterWorkflowTemplates()), nil
	}
	ns, _, err := env.Namespace()
	if err != nil {
		return nil, err
	}
	if allNamespaces {
		ns = metav1.NamespaceAll
	}
	return namespacedTemplates(client.WeftV1alpha1().WorkflowTemplates(ns)), nil
}

func newTemplate(env *Env, k templateKind) *cobra.Command {
	cmd := &cobra.Command{
		Use:     k.command,
		Aliases: k.aliases,
		Short:   fmt.Sprintf("Create, list, show, delete and lint %ss", k.kind),
	}
	asGroup(cmd)
	cmd.AddCommand(k.createCommand(env), k.listCommand(env), k.getCommand(env), k.deleteCommand(env), k.lintCommand(env))
	return cmd
}

func (k templateKind) completeNames(env *Env) cobra.CompletionFunc {
	return completeNames(func(ctx context.Context) ([]string, error) { return k.names(ctx, env) })
}

// names lists the names of the templates of this kind.
func (k templateKind) names(ctx context.Context, env *Env) ([]string, error) {
	s, err := k.store(env, false)
	if err != nil {
		return nil, err
	}
	_, ts, err := s.list(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.Meta.Name
	}
	return names, nil
}
