package executor

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
)

// GCSpecEnv is the environment variable that holds a GCSpec as JSON for
// "weft-executor gc".
const GCSpecEnv = "WEFT_GC_SPEC"

// GCSpec is what an artifact garbage-collection pod deletes. The engine runs
// such a pod (the main container runs "weft-executor gc", with the GCSpec as
// JSON in GCSpecEnv or in a file given with --spec FILE) when a workflow's
// artifactGC strategy (OnWorkflowCompletion or OnWorkflowDeletion) says so,
// mounting the credential files its locations name, as for a step.
//
// An environment variable holds at most 128 KiB, so the engine splits long
// lists across pods (or uses a file mounted from a ConfigMap); a few hundred
// artifacts fit in one spec.
type GCSpec struct {
	// Artifacts are deleted from their locations, each as Artifacts.Delete
	// does: the object at the key and every object under the key as a
	// prefix. Only S3 locations can be deleted. Name identifies an artifact
	// in the GCReport, so the engine makes names unique within a spec, for
	// example "<node id>/<artifact name>". Path, Mode, Archive and the other
	// placement fields are ignored.
	Artifacts []ArtifactSpec `json:"artifacts"`
	// ReportPath is where the GCReport is written; DefaultReportPath when empty.
	ReportPath string `json:"reportPath,omitempty"`
}

// GCReport is what "weft-executor gc" writes to the termination message.
// Every artifact of the spec was deleted (or was already gone) unless it is
// listed in Failed, or FailedUnlisted is not zero: then the engine cannot
// tell which of the unlisted ones failed and retries all that are not known
// to be deleted (deleting twice is harmless). The command exits with 0 when
// every artifact was deleted and 1 otherwise.
type GCReport struct {
	// Deleted counts the artifacts deleted or already gone.
	Deleted int `json:"deleted"`
	// Failed says, by artifact name, why an artifact could not be deleted;
	// messages are cut to fit the termination message.
	Failed map[string]string `json:"failed,omitempty"`
	// FailedUnlisted counts the failed artifacts left out of Failed because
	// the report would not fit in MaxReportBytes.
	FailedUnlisted int `json:"failedUnlisted,omitempty"`
}

// LoadGCSpec reads the GCSpec from a file when path is set, else from GCSpecEnv.
func LoadGCSpec(path string) (*GCSpec, error) {
	data := []byte(os.Getenv(GCSpecEnv))
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		data = b
	}
	var s GCSpec
	if len(data) == 0 {
		return nil, fmt.Errorf("no garbage-collection spec: set %s or pass --spec FILE", GCSpecEnv)
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("garbage-collection spec: %w", err)
	}
	return &s, nil
}

// CollectGarbage deletes every artifact of the spec, writes the GCReport
// and returns the exit code: 0 when all were deleted, 1 otherwise. The error
// is only about writing the report.
func CollectGarbage(ctx context.Context, spec GCSpec, arts Artifacts) (int, error) {
	report := GCReport{}
	for _, a := range spec.Artifacts {
		err := arts.Delete(ctx, a)
		if err == nil {
			report.Deleted++
			continue
		}
		if report.Failed == nil {
			report.Failed = map[string]string{}
		}
		report.Failed[a.Name] = truncateMessage(err.Error(), MaxArtifactErrorBytes)
	}
	code := 0
	if len(report.Failed) > 0 {
		code = 1
	}
	path := spec.ReportPath
	if path == "" {
		path = DefaultReportPath
	}
	if err := os.WriteFile(path, fitGCReport(report, MaxReportBytes), 0o644); err != nil {
		return code, fmt.Errorf("writing the report to %s: %w", path, err)
	}
	return code, nil
}

// fitGCReport returns the report as JSON of at most limit bytes: it cuts the
// failure messages, then leaves out failed names (counting them in
// FailedUnlisted) in name order from the end.
func fitGCReport(r GCReport, limit int) []byte {
	data, _ := json.Marshal(r)
	if len(data) <= limit {
		return data
	}
	r.Failed = shortenArtifactErrors(r.Failed, shortArtifactErrorBytes)
	if data, _ = json.Marshal(r); len(data) <= limit {
		return data
	}
	names := make([]string, 0, len(r.Failed))
	for name := range r.Failed {
		names = append(names, name)
	}
	sort.Strings(names)
	for i := len(names) - 1; i >= 0; i-- {
		delete(r.Failed, names[i])
		r.FailedUnlisted++
		if data, _ = json.Marshal(r); len(data) <= limit {
			return data
		}
	}
	return data
}
