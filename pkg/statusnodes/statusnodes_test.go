package statusnodes

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/statusnodes/statusnodestest"
)

// manyNodes is a node map of n pod nodes of a nested loop.
func manyNodes(n int) map[string]v1alpha1.NodeStatus {
	nodes := make(map[string]v1alpha1.NodeStatus, n)
	for i := range n {
		id := fmt.Sprintf("nested-grid-%d", 1000000000+i)
		nodes[id] = v1alpha1.NodeStatus{
			ID: id, Name: fmt.Sprintf("nested-grid[0].inner(%d:%d)[0].work(%d:%d)", i/200, i/200, i%200, i%200),
			DisplayName: fmt.Sprintf("work(%d:%d)", i%200, i%200), Type: v1alpha1.NodeTypePod, TemplateName: "work",
			Phase: v1alpha1.NodeSucceeded, BoundaryID: "nested-grid-12345", Progress: "1/1",
			StartedAt: metav1.Unix(1764547200, 0), FinishedAt: metav1.Unix(1764547201, 0),
		}
	}
	return nodes
}

func TestSmallStatusesStayAsTheyAre(t *testing.T) {
	status := v1alpha1.WorkflowStatus{Phase: v1alpha1.WorkflowRunning, Nodes: manyNodes(100)}
	packed, err := Pack(status)
	if err != nil {
		t.Fatal(err)
	}
	if packed.CompressedNodes != "" || len(packed.Nodes) != 100 {
		t.Errorf("100 nodes were packed: %d nodes left, %d bytes compressed", len(packed.Nodes), len(packed.CompressedNodes))
	}
}

func TestLargeStatusesArePackedAndUnpackedWhole(t *testing.T) {
	status := v1alpha1.WorkflowStatus{Phase: v1alpha1.WorkflowRunning, Progress: "0/50000", Nodes: manyNodes(50000)}
	packed, err := Pack(status)
	if err != nil {
		t.Fatal(err)
	}
	if len(packed.Nodes) != 0 || packed.CompressedNodes == "" {
		t.Fatalf("50,000 nodes not packed: %d nodes left", len(packed.Nodes))
	}
	if len(packed.CompressedNodes) >= 16<<20/4 {
		t.Errorf("packed into %d bytes: more than a quarter of the 16 MiB a watch event may take", len(packed.CompressedNodes))
	}
	if packed.Phase != status.Phase || packed.Progress != status.Progress {
		t.Errorf("packing changed the rest of the status: %+v", packed)
	}
	unpacked, err := Unpack(packed)
	if err != nil {
		t.Fatal(err)
	}
	if unpacked.CompressedNodes != "" || !reflect.DeepEqual(unpacked.Nodes, status.Nodes) {
		t.Errorf("unpacking gave %d nodes, not the 50,000 packed", len(unpacked.Nodes))
	}
}

func TestUnpackLaysPatchedNodesOverThePackedOnes(t *testing.T) {
	nodes := manyNodes(20000)
	packed, err := Pack(v1alpha1.WorkflowStatus{Nodes: nodes})
	if err != nil {
		t.Fatal(err)
	}
	const id = "nested-grid-1000000007"
	// What a merge patch of status.nodes, such as weft resume's, leaves.
	packed.Nodes = map[string]v1alpha1.NodeStatus{id: {Phase: v1alpha1.NodeFailed, Message: "resumed by hand"}}
	unpacked, err := Unpack(packed)
	if err != nil {
		t.Fatal(err)
	}
	want := nodes[id]
	want.Phase, want.Message = v1alpha1.NodeFailed, "resumed by hand"
	if got := unpacked.Nodes[id]; !reflect.DeepEqual(got, want) {
		t.Errorf("patched node unpacked as %+v, want %+v", got, want)
	}
	if len(unpacked.Nodes) != len(nodes) {
		t.Errorf("%d nodes unpacked, want %d", len(unpacked.Nodes), len(nodes))
	}
}

func TestUnpackSaysWhatIsWrongWithAMangledField(t *testing.T) {
	_, err := Unpack(v1alpha1.WorkflowStatus{CompressedNodes: "not gzip at all"})
	if err == nil || !strings.Contains(err.Error(), "status.compressedNodes") {
		t.Errorf("got %v, want an error naming status.compressedNodes", err)
	}
}

func TestUnpackWorkflowLeavesTheInformersCopyAlone(t *testing.T) {
	packed, err := Pack(v1alpha1.WorkflowStatus{Nodes: manyNodes(20000)})
	if err != nil {
		t.Fatal(err)
	}
	wf := &v1alpha1.Workflow{ObjectMeta: metav1.ObjectMeta{Name: "big"}, Status: packed}
	unpacked, err := UnpackWorkflow(wf)
	if err != nil {
		t.Fatal(err)
	}
	if len(unpacked.Status.Nodes) != 20000 || wf.Status.CompressedNodes == "" || len(wf.Status.Nodes) != 0 {
		t.Errorf("unpacked %d nodes; the original now has %d nodes and %d packed bytes", len(unpacked.Status.Nodes), len(wf.Status.Nodes), len(wf.Status.CompressedNodes))
	}
	small := &v1alpha1.Workflow{Status: v1alpha1.WorkflowStatus{Nodes: manyNodes(3)}}
	if same, _ := UnpackWorkflow(small); same != small {
		t.Error("a workflow without packed nodes was copied")
	}
}

func TestUnpackReadsArgosGzip(t *testing.T) {
	nodes := manyNodes(10)
	unpacked, err := Unpack(v1alpha1.WorkflowStatus{CompressedNodes: statusnodestest.PackedLikeArgo(t, nodes)})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(unpacked.Nodes, nodes) {
		t.Errorf("Argo's gzip unpacked to %d nodes, want the 10 packed", len(unpacked.Nodes))
	}
}
