package commands

import (
	"context"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	weftclient "github.com/weft-dev/weft/pkg/generated/clientset/versioned/typed/weft/v1alpha1"
)

// newCron is `weft cron`: CronWorkflows, as `argo cron` manages them.
func newCron(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "cron",
		Aliases: []string{"cwf", "cronwf"},
		Short:   "Create, list, show, suspend, resume and delete CronWorkflows",
	}
	asGroup(cmd)
	cmd.AddCommand(newCronCreate(env), newCronList(env), newCronGet(env),
		newCronSuspend(env, true), newCronSuspend(env, false), newCronDelete(env))
	return cmd
}

// cronWorkflows is the CronWorkflows client of the namespace to work in, or
// of every namespace.
func cronWorkflows(env *Env, allNamespaces bool) (weftclient.CronWorkflowInterface, error) {
	client, err := env.Weft()
	if err != nil {
		return nil, err
	}
	ns, _, err := env.Namespace()
	if err != nil {
		return nil, err
	}
	if allNamespaces {
		ns = metav1.NamespaceAll
	}
	return client.WeftV1alpha1().CronWorkflows(ns), nil
}

// cronNames lists the names of the namespace's CronWorkflows.
func cronNames(ctx context.Context, env *Env) ([]string, error) {
	client, err := cronWorkflows(env, false)
	if err != nil {
		return nil, err
	}
	list, err := client.List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	return listNames(list)
}

// completeCronNames completes the names of the namespace's CronWorkflows.
func completeCronNames(env *Env) cobra.CompletionFunc {
	return completeNames(func(ctx context.Context) ([]string, error) { return cronNames(ctx, env) })
}
