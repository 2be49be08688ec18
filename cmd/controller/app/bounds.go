package app

import (
	"fmt"
	"strings"

	"github.com/spf13/pflag"

	"github.com/weft-dev/weft/pkg/engine"
)

// addBoundFlags adds the flags of the run-time bounds on workflows.
func addBoundFlags(fs *pflag.FlagSet, b *engine.Bounds) {
	fs.IntVar(&b.MaxLoopItems, flagName(engine.FlagMaxLoopItems), b.MaxLoopItems,
		"Most items one withItems, withParam or withSequence loop expands to; a workflow with a longer loop fails, its message naming this flag. "+
			"weft-apiserver's flag of the same name bounds the withItems it stores.")
	fs.IntVar(&b.MaxNodes, flagName(engine.FlagMaxNodes), b.MaxNodes,
		"Most nodes of one workflow; a workflow that would grow past them fails. A node takes about 500 bytes of the workflow's status.")
	fs.IntVar(&b.MaxTemplateDepth, flagName(engine.FlagMaxTemplateDepth), b.MaxTemplateDepth,
		"Most steps and DAG templates nested in one another while a workflow runs, which only a template that runs itself reaches; deeper, the workflow fails.")
	fs.IntVar(&b.MaxParameterBytes, flagName(engine.FlagMaxParameterBytes), b.MaxParameterBytes,
		"Longest input or output parameter value, or step result, in bytes; a workflow with a longer one fails. "+
			"weft-apiserver's flag of the same name bounds the values written in a spec.")
}

// validateBounds refuses bounds that are not positive, naming their flag.
func validateBounds(b engine.Bounds) error {
	for _, f := range []struct {
		flag  string
		value int
	}{
		{engine.FlagMaxLoopItems, b.MaxLoopItems}, {engine.FlagMaxNodes, b.MaxNodes},
		{engine.FlagMaxTemplateDepth, b.MaxTemplateDepth}, {engine.FlagMaxParameterBytes, b.MaxParameterBytes},
	} {
		if f.value < 1 {
			return fmt.Errorf("%s %d: at least 1", f.flag, f.value)
		}
	}
	return nil
}

// flagName is a flag's name without its leading dashes, as pflag takes it.
func flagName(flag string) string {
	return strings.TrimPrefix(flag, "--")
}
