package commands

import (
	"fmt"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cli/printer"
)

// workflowLabel names a workflow that may have only a generateName.
func workflowLabel(wf *v1alpha1.Workflow) string {
	if wf.Name != "" {
		return wf.Name
	}
	return wf.GenerateName + "*"
}

// printDryRun prints a workflow that was not stored: as YAML unless -o
// says otherwise. i is its position among those submitted.
func (f *submitFlags) printDryRun(env *Env, wf *v1alpha1.Workflow, i int) error {
	switch f.output {
	case outputName:
		_, err := fmt.Fprintln(env.IO.Out, qualifiedName(kindWorkflow, workflowLabel(wf)))
		return err
	case outputJSON:
		return printObject(env.IO.Out, wf, outputJSON)
	}
	if i > 0 {
		fmt.Fprintln(env.IO.Out, "---")
	}
	return printObject(env.IO.Out, wf, outputYAML)
}

// printCreated prints a submitted workflow: its header (-o wide: with its
// tree), name, JSON or YAML. i is its position among those submitted.
func (f *submitFlags) printCreated(env *Env, wf *v1alpha1.Workflow, i int) error {
	switch f.output {
	case outputName:
		_, err := fmt.Fprintln(env.IO.Out, qualifiedName(kindWorkflow, wf.Name))
		return err
	case outputJSON, outputYAML:
		return printObject(env.IO.Out, wf, f.output)
	}
	if i > 0 {
		fmt.Fprintln(env.IO.Out)
	}
	return printer.PrintWorkflow(env.IO.Out, wf, printer.Options{
		Now: env.Now(), Style: env.style(), Wide: f.output == outputWide, HeaderOnly: f.output != outputWide,
	})
}
