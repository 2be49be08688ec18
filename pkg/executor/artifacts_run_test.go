package executor_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/weft-dev/weft/pkg/artifact"
	"github.com/weft-dev/weft/pkg/executor"
)

// fakeS3 serves an in-memory S3 over TLS with the bucket "bucket".
func fakeS3(t *testing.T) (executor.S3Location, artifact.Drivers) {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket("bucket"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewTLSServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return executor.S3Location{Endpoint: u.Host, Bucket: "bucket", Region: "us-east-1"}, artifact.Drivers{S3Transport: srv.Client().Transport}
}

func s3At(loc executor.S3Location, key string) executor.ArtifactLocation {
	loc.Key = key
	return executor.ArtifactLocation{S3: &loc}
}

func runWith(t *testing.T, spec executor.Spec, arts executor.Artifacts, script string) (int, *executor.Report) {
	t.Helper()
	spec.ReportPath = filepath.Join(t.TempDir(), "report")
	code, err := executor.Run(executor.Options{Spec: spec, Command: []string{"sh", "-c", script}, Artifacts: arts})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(spec.ReportPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > executor.MaxReportBytes {
		t.Fatalf("report of %d bytes", len(data))
	}
	r, err := executor.ParseReport(string(data))
	if err != nil {
		t.Fatal(err)
	}
	return code, r
}

func TestRunPlacesInputsAndSavesOutputs(t *testing.T) {
	loc, drivers := fakeS3(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	spec := executor.Spec{
		InputArtifacts: []executor.ArtifactSpec{
			{Name: "greeting", Path: filepath.Join(in, "greeting.txt"), Location: executor.ArtifactLocation{Raw: &executor.RawLocation{Data: "hello"}}},
			{Name: "maybe", Path: filepath.Join(in, "maybe"), Optional: true, Location: s3At(loc, "absent")},
		},
		OutputArtifacts: []executor.ArtifactSpec{
			{Name: "file", Path: filepath.Join(dir, "out.txt"), Location: s3At(loc, "wf/file.tgz")},
			{Name: "dir", Path: filepath.Join(dir, "outdir"), Archive: executor.ArchiveNone, Location: s3At(loc, "wf/dir")},
			{Name: "optional-missing", Path: filepath.Join(dir, "nope"), Optional: true, Location: s3At(loc, "wf/nope")},
			{Name: "missing", Path: filepath.Join(dir, "gone"), Location: s3At(loc, "wf/gone")},
		},
	}
	script := "cat " + in + "/greeting.txt; test ! -e " + in + "/maybe || exit 9; " +
		"cp " + in + "/greeting.txt " + dir + "/out.txt; mkdir -p " + dir + "/outdir/sub; echo x > " + dir + "/outdir/sub/x; exit 3"
	code, r := runWith(t, spec, drivers, script)
	if code != 3 || r.Result == nil || *r.Result != "hello" {
		t.Fatalf("code %d report %+v", code, r)
	}
	if strings.Join(r.SavedArtifacts, ",") != "file,dir" {
		t.Fatalf("saved %v", r.SavedArtifacts)
	}
	if len(r.ArtifactErrors) != 1 || r.ArtifactErrors["missing"] != "path "+filepath.Join(dir, "gone")+" does not exist" {
		t.Fatalf("artifact errors %v", r.ArtifactErrors)
	}

	back := filepath.Join(t.TempDir(), "back")
	load := executor.Spec{InputArtifacts: []executor.ArtifactSpec{
		{Name: "file", Path: filepath.Join(back, "file"), Location: s3At(loc, "wf/file.tgz")},
		{Name: "dir", Path: filepath.Join(back, "dir"), Location: s3At(loc, "wf/dir")},
	}}
	code, r = runWith(t, load, drivers, "cat "+back+"/file "+back+"/dir/sub/x")
	if code != 0 || *r.Result != "hellox" {
		t.Fatalf("code %d report %+v", code, r)
	}
}

func TestRunDoesNotRunWithoutAnInput(t *testing.T) {
	loc, drivers := fakeS3(t)
	marker := filepath.Join(t.TempDir(), "ran")
	spec := executor.Spec{
		InputArtifacts:  []executor.ArtifactSpec{{Name: "data", Path: filepath.Join(t.TempDir(), "data"), Location: s3At(loc, "absent")}},
		OutputArtifacts: []executor.ArtifactSpec{{Name: "out", Path: marker, Location: s3At(loc, "out")}},
	}
	code, r := runWith(t, spec, drivers, "touch "+marker)
	if code != executor.ExitArtifactFailed || r.ExitCode != executor.ExitArtifactFailed {
		t.Fatalf("code %d report %+v", code, r)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("the command ran")
	}
	if !strings.Contains(r.Error, `input artifact "data" could not be placed`) || !strings.Contains(r.ArtifactErrors["data"], "no object s3://bucket/absent") {
		t.Fatalf("report %+v", r)
	}
	if len(r.SavedArtifacts) != 0 {
		t.Fatalf("saved %v", r.SavedArtifacts)
	}
}

func TestRunWithoutDriversFailsArtifacts(t *testing.T) {
	spec := executor.Spec{OutputArtifacts: []executor.ArtifactSpec{{Name: "out", Path: t.TempDir()}}}
	code, r := runWith(t, spec, nil, "true")
	if code != 0 || r.ArtifactErrors["out"] != "this executor has no artifact drivers" {
		t.Fatalf("code %d report %+v", code, r)
	}
}

func TestRunStopsPlacingInputsOnASignal(t *testing.T) {
	arrived := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-r.Context().Done()
	}))
	defer srv.Close()
	marker := filepath.Join(t.TempDir(), "ran")
	signals := make(chan os.Signal, 1)
	go func() {
		<-arrived
		signals <- syscall.SIGTERM
	}()
	spec := executor.Spec{
		ReportPath:     filepath.Join(t.TempDir(), "report"),
		InputArtifacts: []executor.ArtifactSpec{{Name: "slow", Path: filepath.Join(t.TempDir(), "slow"), Location: executor.ArtifactLocation{HTTP: &executor.HTTPLocation{URL: srv.URL}}}},
	}
	code, err := executor.Run(executor.Options{Spec: spec, Command: []string{"touch", marker}, Artifacts: artifact.Drivers{}, Signals: signals})
	if err != nil {
		t.Fatal(err)
	}
	if code != 128+int(syscall.SIGTERM) {
		t.Fatalf("code %d", code)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("the command ran")
	}
	data, _ := os.ReadFile(spec.ReportPath)
	if !strings.Contains(string(data), "stopped by signal terminated while placing the input artifacts") {
		t.Fatalf("report %s", data)
	}
}
