package printer

import (
	"bytes"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func TestPrintArtifacts(t *testing.T) {
	s3 := func(key string) v1alpha1.ArtifactLocation {
		return v1alpha1.ArtifactLocation{S3: &v1alpha1.S3Artifact{S3Bucket: v1alpha1.S3Bucket{Bucket: "my-bucket"}, Key: key}}
	}
	at := func(sec int) metav1.Time { return metav1.Unix(int64(sec), 0) }
	wf := &v1alpha1.Workflow{}
	wf.Name = "wf"
	wf.Status.Outputs = &v1alpha1.Outputs{Artifacts: []v1alpha1.Artifact{{Name: "g", ArtifactLocation: s3("wf/p1/out.tgz")}}}
	wf.Status.Nodes = map[string]v1alpha1.NodeStatus{
		"b": {Name: "wf[1].consume", StartedAt: at(2), Phase: v1alpha1.NodeSucceeded,
			Inputs: &v1alpha1.Inputs{Artifacts: []v1alpha1.Artifact{
				{Name: "msg", ArtifactLocation: s3("wf/p1/out.tgz")},
				{Name: "src", ArtifactLocation: v1alpha1.ArtifactLocation{Git: &v1alpha1.GitArtifact{Repo: "git://h/r.git", Revision: "v1"}}},
				{Name: "raw", ArtifactLocation: v1alpha1.ArtifactLocation{Raw: &v1alpha1.RawArtifact{Data: "x"}}},
			}}},
		"a": {Name: "wf[0].generate", StartedAt: at(1), Phase: v1alpha1.NodeFailed,
			Outputs: &v1alpha1.Outputs{Artifacts: []v1alpha1.Artifact{{Name: "out", ArtifactLocation: s3("wf/p1/out.tgz")}}}},
		"c": {Name: "wf", StartedAt: at(0)},
	}
	var b bytes.Buffer
	if err := PrintArtifacts(&b, wf, Options{}); err != nil {
		t.Fatal(err)
	}
	want := `
NODE            ARTIFACT  LOCATION
wf              global g  s3://my-bucket/wf/p1/out.tgz
wf[0].generate  out out   s3://my-bucket/wf/p1/out.tgz
wf[1].consume   in msg    s3://my-bucket/wf/p1/out.tgz
wf[1].consume   in src    git://h/r.git@v1
wf[1].consume   in raw    raw
`
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
	sel, err := ParseNodeSelector("phase=Failed")
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if err := PrintArtifacts(&b, wf, Options{Nodes: sel}); err != nil {
		t.Fatal(err)
	}
	if want := "\nNODE            ARTIFACT  LOCATION\nwf              global g  s3://my-bucket/wf/p1/out.tgz\nwf[0].generate  out out   s3://my-bucket/wf/p1/out.tgz\n"; b.String() != want {
		t.Errorf("selected nodes: got:\n%q\nwant:\n%q", b.String(), want)
	}
	b.Reset()
	if err := PrintArtifacts(&b, &v1alpha1.Workflow{}, Options{}); err != nil || b.Len() != 0 {
		t.Errorf("a workflow without artifacts printed %q (%v)", b.String(), err)
	}
}
