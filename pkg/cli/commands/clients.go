package commands

import (
	"context"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	weftclient "github.com/weft-dev/weft/pkg/generated/clientset/versioned/typed/weft/v1alpha1"
)

// completionTimeout bounds the API call that completes a name.
const completionTimeout = 5 * time.Second

// workflows is the workflows client of the namespace to work in.
func workflows(env *Env) (weftclient.WorkflowInterface, error) {
	client, err := env.Weft()
	if err != nil {
		return nil, err
	}
	ns, _, err := env.Namespace()
	if err != nil {
		return nil, err
	}
	return client.WeftV1alpha1().Workflows(ns), nil
}

// completeWorkflows completes the names of the namespace's workflows.
func completeWorkflows(env *Env) cobra.CompletionFunc {
	return completeNames(func(ctx context.Context) ([]string, error) {
		client, err := workflows(env)
		if err != nil {
			return nil, err
		}
		list, err := client.List(ctx, metav1.ListOptions{})
		if err != nil {
			return nil, err
		}
		return listNames(list)
	})
}

// listNames are the names of a list's items.
func listNames(list runtime.Object) ([]string, error) {
	var names []string
	err := meta.EachListItem(list, func(item runtime.Object) error {
		object, err := meta.Accessor(item)
		if err != nil {
			return err
		}
		names = append(names, object.GetName())
		return nil
	})
	return names, err
}

// completeNames completes arguments from the names list returns, leaving
// out those given already.
func completeNames(list func(ctx context.Context) ([]string, error)) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		ctx, cancel := context.WithTimeout(context.Background(), completionTimeout)
		defer cancel()
		names, err := list(ctx)
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		given := map[string]bool{}
		for _, a := range args {
			given[a] = true
		}
		var out []cobra.Completion
		for _, n := range names {
			if strings.HasPrefix(n, toComplete) && !given[n] {
				out = append(out, n)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
