package printer

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/statusnodes"
)

// PrintArtifacts prints, after an empty line, the workflow's global output
// artifacts and the input and output artifacts of the nodes o.Nodes
// selects, each with where it is: s3://BUCKET/KEY, the URL of an http or git
// artifact, or "raw". It prints nothing when there are none.
func PrintArtifacts(w io.Writer, wf *v1alpha1.Workflow, o Options) error {
	wf, err := statusnodes.UnpackWorkflow(wf)
	if err != nil {
		return fmt.Errorf("workflow %s: %w", wf.Name, err)
	}
	t := &table{}
	t.addPlain("NODE", "ARTIFACT", "LOCATION")
	rows := 0
	add := func(node, kind string, arts []v1alpha1.Artifact) {
		for _, a := range arts {
			t.addPlain(node, kind+" "+a.Name, ArtifactLocation(a.ArtifactLocation))
			rows++
		}
	}
	if out := wf.Status.Outputs; out != nil {
		add(wf.Name, "global", out.Artifacts)
	}
	nodes := make([]*v1alpha1.NodeStatus, 0, len(wf.Status.Nodes))
	for id := range wf.Status.Nodes {
		n := wf.Status.Nodes[id]
		if !o.Nodes.Empty() && !o.Nodes.Matches(wf.Name, &n) {
			continue
		}
		nodes = append(nodes, &n)
	}
	sort.Slice(nodes, func(i, j int) bool {
		if !nodes[i].StartedAt.Equal(&nodes[j].StartedAt) {
			return nodes[i].StartedAt.Before(&nodes[j].StartedAt)
		}
		return nodes[i].Name < nodes[j].Name
	})
	for _, n := range nodes {
		if n.Inputs != nil {
			add(n.Name, "in", n.Inputs.Artifacts)
		}
		if n.Outputs != nil {
			add(n.Name, "out", n.Outputs.Artifacts)
		}
	}
	if rows == 0 {
		return nil
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return err
	}
	return t.write(w)
}

// ArtifactLocation says where an artifact is, in one short string.
func ArtifactLocation(l v1alpha1.ArtifactLocation) string {
	switch {
	case l.S3 != nil:
		return "s3://" + strings.TrimSuffix(l.S3.Bucket, "/") + "/" + strings.TrimPrefix(l.S3.Key, "/")
	case l.HTTP != nil:
		return l.HTTP.URL
	case l.Git != nil:
		if l.Git.Revision != "" {
			return l.Git.Repo + "@" + l.Git.Revision
		}
		return l.Git.Repo
	case l.Raw != nil:
		return "raw"
	case l.GCS != nil:
		return "gs://" + l.GCS.Bucket + "/" + l.GCS.Key
	case l.OSS != nil:
		return "oss://" + l.OSS.Bucket + "/" + l.OSS.Key
	case l.HDFS != nil:
		return "hdfs://" + l.HDFS.Path
	case l.Artifactory != nil:
		return l.Artifactory.URL
	case l.Azure != nil:
		return "azure://" + l.Azure.Container + "/" + l.Azure.Blob
	}
	return ""
}
