package commands

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func (k templateKind) createCommand(env *Env) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "create FILE... | -",
		Short: fmt.Sprintf("Create %ss from YAML or JSON files", k.kind),
		Args:  usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			docs, err := readManifests(env, args, k.kind)
			if err != nil {
				return err
			}
			ns, explicit, err := env.Namespace()
			if err != nil {
				return err
			}
			for _, doc := range docs {
				if err := k.placeIn(doc.Object, ns, explicit); err != nil {
					return fmt.Errorf("%s: %w", doc.Location(), err)
				}
			}
			for _, doc := range docs {
				s, err := k.storeFor(env, doc.Object)
				if err != nil {
					return err
				}
				obj, t, err := s.create(cmd.Context(), doc.Object)
				if err != nil {
					return fmt.Errorf("%s: %w", doc.Location(), explainInvalid(err))
				}
				switch output {
				case outputJSON, outputYAML:
					err = printObject(env.IO.Out, obj, output)
				case outputName:
					_, err = fmt.Fprintln(env.IO.Out, qualifiedName(k.kind, t.Meta.Name))
				default:
					_, err = fmt.Fprintf(env.IO.Out, "%s created\n", qualifiedName(k.kind, t.Meta.Name))
				}
				if err != nil {
					return err
				}
			}
			return nil
		},
	}
	addOutputFlag(cmd, &output, outputName, outputJSON, outputYAML)
	return cmd
}

// placeIn puts a namespaced template in the namespace to work in, unless
// it names its own; a namespace other than the one -n gives is an error.
func (k templateKind) placeIn(obj any, ns string, explicit bool) error {
	t, ok := obj.(*v1alpha1.WorkflowTemplate)
	if !ok {
		return nil
	}
	switch {
	case t.Namespace == "":
		t.Namespace = ns
	case explicit && t.Namespace != ns:
		return fmt.Errorf("the namespace of %s %s (%s) is not the namespace given (%s)", k.kind, t.Name, t.Namespace, ns)
	}
	return nil
}

// storeFor is the store an object is created in: its own namespace's.
func (k templateKind) storeFor(env *Env, obj any) (templateStore, error) {
	t, ok := obj.(*v1alpha1.WorkflowTemplate)
	if !ok {
		return k.store(env, false)
	}
	client, err := env.Weft()
	if err != nil {
		return nil, err
	}
	return namespacedTemplates(client.WeftV1alpha1().WorkflowTemplates(t.Namespace)), nil
}
