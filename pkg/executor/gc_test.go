package executor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// deleter fails to delete the artifacts whose names it lists.
type deleter struct {
	Artifacts
	fail map[string]string
}

func (d deleter) Delete(_ context.Context, a ArtifactSpec) error {
	if msg, ok := d.fail[a.Name]; ok {
		return errors.New(msg)
	}
	return nil
}

func TestCollectGarbage(t *testing.T) {
	many := map[string]string{}
	var manySpec []ArtifactSpec
	for i := range 200 {
		name := fmt.Sprintf("node-%03d/artifact", i)
		many[name] = strings.Repeat("access denied ", 20)
		manySpec = append(manySpec, ArtifactSpec{Name: name})
	}
	tests := []struct {
		name      string
		artifacts []ArtifactSpec
		fail      map[string]string
		wantCode  int
		check     func(t *testing.T, r GCReport)
	}{
		{name: "all deleted", artifacts: []ArtifactSpec{{Name: "a"}, {Name: "b"}}, wantCode: 0, check: func(t *testing.T, r GCReport) {
			if r.Deleted != 2 || len(r.Failed) != 0 {
				t.Fatalf("report %+v", r)
			}
		}},
		{name: "one fails", artifacts: []ArtifactSpec{{Name: "a"}, {Name: "b"}}, fail: map[string]string{"b": "access denied"}, wantCode: 1, check: func(t *testing.T, r GCReport) {
			if r.Deleted != 1 || r.Failed["b"] != "access denied" || r.FailedUnlisted != 0 {
				t.Fatalf("report %+v", r)
			}
		}},
		{name: "too many failures to list", artifacts: manySpec, fail: many, wantCode: 1, check: func(t *testing.T, r GCReport) {
			if r.Deleted != 0 || len(r.Failed)+r.FailedUnlisted != 200 || r.FailedUnlisted == 0 {
				t.Fatalf("listed %d, unlisted %d", len(r.Failed), r.FailedUnlisted)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "report")
			code, err := CollectGarbage(context.Background(), GCSpec{Artifacts: tt.artifacts, ReportPath: path}, deleter{fail: tt.fail})
			if err != nil || code != tt.wantCode {
				t.Fatalf("code %d err %v", code, err)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if len(data) > MaxReportBytes {
				t.Fatalf("report of %d bytes", len(data))
			}
			var r GCReport
			if err := json.Unmarshal(data, &r); err != nil {
				t.Fatal(err)
			}
			tt.check(t, r)
		})
	}
}

func TestLoadGCSpec(t *testing.T) {
	t.Setenv(GCSpecEnv, `{"artifacts":[{"name":"a","path":"","location":{"s3":{"endpoint":"e:9000","bucket":"b","key":"k"}}}]}`)
	s, err := LoadGCSpec("")
	if err != nil || len(s.Artifacts) != 1 || s.Artifacts[0].Location.S3.Key != "k" {
		t.Fatalf("spec %+v: %v", s, err)
	}
	t.Setenv(GCSpecEnv, "")
	if _, err := LoadGCSpec(""); err == nil || !strings.Contains(err.Error(), "set WEFT_GC_SPEC or pass --spec FILE") {
		t.Fatalf("error %v", err)
	}
	file := filepath.Join(t.TempDir(), "spec")
	if err := os.WriteFile(file, []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadGCSpec(file); err == nil || !strings.Contains(err.Error(), "garbage-collection spec") {
		t.Fatalf("error %v", err)
	}
}

func TestFitKeepsArtifactNames(t *testing.T) {
	long := strings.Repeat("x", 5000)
	r := Report{Result: &long, ExitCode: 0, SavedArtifacts: []string{"kept"}, ArtifactErrors: map[string]string{}}
	for i := range 20 {
		r.ArtifactErrors[fmt.Sprintf("out-%02d", i)] = truncateMessage(strings.Repeat("the store refused the upload ", 40), MaxArtifactErrorBytes)
	}
	data := fit(r, MaxReportBytes)
	if len(data) > MaxReportBytes {
		t.Fatalf("%d bytes", len(data))
	}
	got, err := ParseReport(string(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.ArtifactErrors) != 20 || len(got.SavedArtifacts) != 1 || got.Result != nil {
		t.Fatalf("report %s", data)
	}
	for name, msg := range got.ArtifactErrors {
		if len(msg) > shortArtifactErrorBytes || !strings.HasPrefix(msg, "the store refused") {
			t.Fatalf("%s: %q", name, msg)
		}
	}
}

func TestTruncateMessage(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"short", "short"},
		{"0123456789", "0123..."},
		{"ééééé", "éé..."},
	} {
		if got := truncateMessage(tt.in, 7); got != tt.want {
			t.Fatalf("truncateMessage(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
