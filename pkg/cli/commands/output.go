package commands

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"

	"github.com/weft-dev/weft/pkg/cli/manifest"
)

// The values of -o.
const (
	outputDefault = ""
	outputName    = "name"
	outputJSON    = "json"
	outputYAML    = "yaml"
	outputWide    = "wide"
	outputShort   = "short"
)

// addOutputFlag adds -o to cmd, taking one of formats (or none), with
// their shell completion, and checks it before the command runs.
func addOutputFlag(cmd *cobra.Command, target *string, formats ...string) {
	cmd.Flags().StringVarP(target, "output", "o", "", "output format: "+strings.Join(formats, ", "))
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp))
	cmd.PreRunE = func(*cobra.Command, []string) error { return checkOutput(*target, formats...) }
}

// checkOutput is a usage error when -o is not one of the formats allowed.
func checkOutput(format string, allowed ...string) error {
	if format == outputDefault || slices.Contains(allowed, format) {
		return nil
	}
	return usageErrorf("-o %s is not supported here: use one of %s", format, strings.Join(allowed, ", "))
}

// printObject prints an object, or a list and its items, as JSON or YAML,
// with apiVersion and kind filled in so that the output can be applied.
func printObject(w io.Writer, obj runtime.Object, format string) error {
	manifest.SetKind(obj)
	if meta.IsListType(obj) {
		items, err := meta.ExtractList(obj)
		if err != nil {
			return err
		}
		for _, item := range items {
			manifest.SetKind(item)
		}
	}
	var data []byte
	var err error
	if format == outputJSON {
		data, err = json.MarshalIndent(obj, "", "    ")
		data = append(data, '\n')
	} else {
		data, err = yaml.Marshal(obj)
	}
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// qualifiedName is how -o name names an object: "workflow.weft.dev/NAME".
func qualifiedName(kind, name string) string {
	return fmt.Sprintf("%s.weft.dev/%s", strings.ToLower(kind), name)
}
