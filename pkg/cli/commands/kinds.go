package commands

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/weft-dev/weft/pkg/cli/manifest"
)

// The kinds of weft.dev.
const (
	kindWorkflow                = "Workflow"
	kindWorkflowTemplate        = "WorkflowTemplate"
	kindClusterWorkflowTemplate = "ClusterWorkflowTemplate"
	kindCronWorkflow            = "CronWorkflow"
)

// creators say which command creates each kind; "weft" stands for the CLI
// as it was invoked.
var creators = map[string]string{
	kindWorkflow:                "weft submit",
	kindWorkflowTemplate:        "weft template create",
	kindClusterWorkflowTemplate: "weft cluster-template create",
	kindCronWorkflow:            "weft cron create",
}

// checkKind is an error when the document's kind is not among kinds (any
// kind when kinds is empty), saying which command creates it; cli is how the
// CLI was invoked.
func checkKind(cli string, doc manifest.Document, kinds []string) error {
	kind := doc.Kind.Kind
	if !doc.IsWeft() {
		return fmt.Errorf("%s is not a weft.dev kind: create it with kubectl", doc.Kind.GroupKind())
	}
	if len(kinds) == 0 || slices.Contains(kinds, kind) {
		return nil
	}
	how, ok := creators[kind]
	if !ok {
		return fmt.Errorf("a %s is not a %s", kind, strings.Join(kinds, " or "))
	}
	how = strings.Replace(how, "weft ", cli+" ", 1)
	return fmt.Errorf("a %s is not a %s: create it with %s", kind, strings.Join(kinds, " or "), how)
}

// readManifests reads the files given, all of whose documents must be of
// kinds; it says on stderr which files it converted from Argo.
func readManifests(env *Env, paths []string, kinds ...string) ([]manifest.Document, error) {
	var docs []manifest.Document
	for _, path := range paths {
		file, err := manifest.ReadFile(path, env.IO.In)
		if err != nil {
			return nil, err
		}
		if len(file.Documents) == 0 {
			return nil, fmt.Errorf("%s: no objects", file.Source)
		}
		noteConversion(env.IO.ErrOut, file)
		for _, doc := range file.Documents {
			if err := checkKind(env.Name, doc, kinds); err != nil {
				return nil, fmt.Errorf("%s: %w", doc.Location(), err)
			}
			if len(doc.UnknownFields) > 0 {
				return nil, fmt.Errorf("%s: %s", doc.Location(), strings.Join(doc.UnknownFields, "; "))
			}
			docs = append(docs, doc)
		}
	}
	return docs, nil
}

// noteConversion says once per file that Argo's apiVersion was rewritten.
func noteConversion(w io.Writer, file *manifest.File) {
	if file.Converted {
		fmt.Fprintf(w, "weft: converted %s to weft.dev/v1alpha1 in %s\n", manifest.ArgoGroupVersion, file.Source)
	}
}
