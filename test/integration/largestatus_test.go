package integration

import (
	"testing"

	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/test/fixtures/nestedloop"
)

// TestFiftyThousandNodeStatusRoundTrips writes the status of a finished
// 250 x 200 nested loop, 50,502 nodes, through workflows/status and reads
// it back unchanged: the embedded etcd holds it with no external database.
func TestFiftyThousandNodeStatusRoundTrips(t *testing.T) {
	ctx := testContext(t)
	workflows := server.Client.WeftV1alpha1().Workflows("large-status")
	created, err := workflows.Create(ctx, nestedloop.Workflow("nested-grid", 250, 200), metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	created.Status = nestedloop.Status(created.Name, 250, 200, true)
	if n := len(created.Status.Nodes); n != nestedloop.NodeCount(250, 200) {
		t.Fatalf("built %d nodes, want %d", n, nestedloop.NodeCount(250, 200))
	}
	written, err := workflows.UpdateStatus(ctx, created, metav1.UpdateOptions{})
	if err != nil {
		t.Fatalf("writing a status of 50,502 nodes: %v", err)
	}
	read, err := workflows.Get(ctx, created.Name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	if read.ResourceVersion != written.ResourceVersion {
		t.Errorf("read resourceVersion %s, written %s", read.ResourceVersion, written.ResourceVersion)
	}
	if !equality.Semantic.DeepEqual(read.Status, created.Status) {
		t.Fatalf("the status read back differs from the one written (%d nodes read)", len(read.Status.Nodes))
	}
}
