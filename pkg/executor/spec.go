package executor

import (
	"encoding/json"
	"fmt"
	"os"
)

// Paths and names shared by the pod builder and the executor.
const (
	// SpecEnv is the environment variable that holds the Spec as JSON.
	SpecEnv = "WEFT_EXECUTOR_SPEC"
	// BinaryName is the executor's file name in its install directory.
	BinaryName = "weft-executor"
	// DefaultReportPath is where Run writes its Report: Kubernetes' default
	// termination message path.
	DefaultReportPath = "/dev/termination-log"
	// MaxReportBytes is the largest termination message Kubernetes keeps.
	MaxReportBytes = 4096
	// MaxResultBytes is how many bytes of standard output Run keeps for the result.
	MaxResultBytes = 4096
)

// Spec tells Run what a step needs besides its command.
type Spec struct {
	// Script, when set, is written to a file whose path the pod builder already
	// appended to the command.
	Script *Script `json:"script,omitempty"`
	// Parameters are the output parameters read from files.
	Parameters []OutputParameter `json:"parameters,omitempty"`
	// ReportPath is where the Report is written; DefaultReportPath when empty.
	ReportPath string `json:"reportPath,omitempty"`
	// InputArtifacts are placed at their paths before the command starts; the
	// command does not start when one that is not optional cannot be placed.
	InputArtifacts []ArtifactSpec `json:"inputArtifacts,omitempty"`
	// OutputArtifacts are saved after the command exits, whatever its exit code.
	OutputArtifacts []ArtifactSpec `json:"outputArtifacts,omitempty"`
	// Member, when set, makes the container one of a containerSet's: see RunMember.
	Member *SetMember `json:"member,omitempty"`
}

// Script is a script template's source and where to write it.
type Script struct {
	// Path is the file the source is written to.
	Path string `json:"path"`
	// Source is the script's text.
	Source string `json:"source"`
}

// OutputParameter is an output parameter whose value is a file's content.
type OutputParameter struct {
	// Name is the parameter's name.
	Name string `json:"name"`
	// Path is the file to read after the command exits.
	Path string `json:"path"`
}

// Report is what Run writes to the termination message: the step's outputs.
type Report struct {
	// Result is the command's standard output, one trailing newline removed;
	// nil when it overflowed.
	Result *string `json:"result,omitempty"`
	// Parameters are the output parameters' values by name.
	Parameters map[string]string `json:"parameters,omitempty"`
	// Missing are the output parameters whose file could not be read, with
	// the reason.
	Missing map[string]string `json:"missing,omitempty"`
	// ExitCode is the command's exit code.
	ExitCode int32 `json:"exitCode"`
	// Overflow names the outputs left out because the report would not fit
	// in MaxReportBytes: "result" and parameter names.
	Overflow []string `json:"overflow,omitempty"`
	// ResultBytes is the size of the standard output when the result overflowed.
	ResultBytes int64 `json:"resultBytes,omitempty"`
	// Error is the executor's own failure, such as a command that could not
	// start or an input artifact that could not be placed.
	Error string `json:"error,omitempty"`
	// SavedArtifacts names the output artifacts saved to their location.
	SavedArtifacts []string `json:"savedArtifacts,omitempty"`
	// ArtifactErrors says, by artifact name, why an input could not be placed
	// or an output could not be saved. An optional artifact that does not
	// exist is in neither SavedArtifacts nor ArtifactErrors.
	ArtifactErrors map[string]string `json:"artifactErrors,omitempty"`
	// HTTP is the response to an http template's request ("weft-executor http").
	HTTP *HTTPResponse `json:"http,omitempty"`
}

// ResultOverflow is the Overflow entry of a result that did not fit.
const ResultOverflow = "result"

// ParseReport reads a Report from a termination message.
func ParseReport(message string) (*Report, error) {
	var r Report
	if err := json.Unmarshal([]byte(message), &r); err != nil {
		return nil, fmt.Errorf("termination message is not an executor report: %w", err)
	}
	return &r, nil
}

// LoadSpec reads the Spec from a file when path is set, else from SpecEnv.
func LoadSpec(path string) (*Spec, error) {
	var data []byte
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		data = b
	} else {
		data = []byte(os.Getenv(SpecEnv))
	}
	var s Spec
	if len(data) == 0 {
		return &s, nil
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("executor spec: %w", err)
	}
	return &s, nil
}
