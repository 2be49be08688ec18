package apipath

import (
	"encoding/json"
	"testing"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/apis/weft/validation"
	"github.com/weft-dev/weft/pkg/apiserver"
)

// TestRealisticWorkflowIsValidAndAboutFiveKilobytes checks the benchmark's
// workflow: Weft accepts its spec and its status, and with its status it is
// about the 5 KB the issue asks for.
func TestRealisticWorkflowIsValidAndAboutFiveKilobytes(t *testing.T) {
	wf, err := realisticWorkflow("loops-maps-x7k2p")
	if err != nil {
		t.Fatal(err)
	}
	wf.Namespace, wf.ResourceVersion = Namespace, "1"
	wf.Status = succeededStatus(wf.Name)
	var internal weft.Workflow
	if err := apiserver.Scheme.Convert(wf, &internal, nil); err != nil {
		t.Fatal(err)
	}
	for _, problem := range validation.ValidateWorkflow(&internal) {
		t.Errorf("spec: %v", problem)
	}
	for _, problem := range validation.ValidateWorkflowStatusUpdate(&internal, &internal) {
		t.Errorf("status: %v", problem)
	}
	data, err := json.Marshal(wf)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) < 4500 || len(data) > 6000 {
		t.Errorf("the workflow is %d bytes of JSON, want about 5,000", len(data))
	}
	var roundTrip v1alpha1.Workflow
	if err := json.Unmarshal(data, &roundTrip); err != nil || len(roundTrip.Status.Nodes) != 6 {
		t.Errorf("round trip: %v, %d nodes; want 6", err, len(roundTrip.Status.Nodes))
	}
}

// TestSequenceOf reads an update's sequence number from a watch event.
func TestSequenceOf(t *testing.T) {
	for event, want := range map[string]int{
		`{"type":"MODIFIED","object":{"status":{"message":"bench-seq-000042","phase":"Succeeded"}}}`: 42,
		`{"type":"MODIFIED","object":{"status":{"message":"bench-seq-7"}}}`:                          7,
	} {
		if got, ok := sequenceOf([]byte(event)); !ok || got != want {
			t.Errorf("sequenceOf(%s) = %d, %t; want %d", event, got, ok, want)
		}
	}
	if _, ok := sequenceOf([]byte(`{"type":"BOOKMARK","object":{}}`)); ok {
		t.Error("a bookmark carries no sequence number, but one was found")
	}
}
