package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/storage/value"

	"github.com/weft-dev/weft/pkg/apiserver/compression"
	"github.com/weft-dev/weft/test/fixtures/nestedloop"
)

// benchmarkStatusWrite measures a status write of a running outer x inner
// nested loop through workflows/status, as the controller makes one: the
// whole workflow sent, stored and returned. It reports the JSON size of the
// workflow and of its status, and what the compressing transformer stores.
func benchmarkStatusWrite(b *testing.B, outer, inner int) {
	ctx := context.Background()
	workflows := server.Client.WeftV1alpha1().Workflows("bench-status")
	name := fmt.Sprintf("nested-%dx%d", outer, inner)
	wf, err := workflows.Create(ctx, nestedloop.Workflow(name, outer, inner), metav1.CreateOptions{})
	if err != nil {
		b.Fatalf("create: %v", err)
	}
	b.Cleanup(func() { _ = workflows.Delete(context.Background(), name, metav1.DeleteOptions{}) })
	wf.Status = nestedloop.Status(wf.Name, outer, inner, false)
	if wf, err = workflows.UpdateStatus(ctx, wf, metav1.UpdateOptions{}); err != nil {
		b.Fatalf("first status write: %v", err)
	}
	b.ReportAllocs()
	writes := 0
	for b.Loop() {
		writes++
		wf.Status.Message = fmt.Sprintf("write %d", writes)
		if wf, err = workflows.UpdateStatus(ctx, wf, metav1.UpdateOptions{}); err != nil {
			b.Fatalf("status write %d: %v", writes, err)
		}
	}
	object, _ := json.Marshal(wf)
	status, _ := json.Marshal(wf.Status)
	stored, err := compression.New(nil, true).TransformToStorage(ctx, object, value.DefaultContext(nil))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(status)), "status-json-bytes")
	b.ReportMetric(float64(len(object)), "object-json-bytes")
	b.ReportMetric(float64(len(stored)), "stored-bytes")
}

// BenchmarkStatusWrite10k writes the status of a running 100 x 100 loop.
func BenchmarkStatusWrite10k(b *testing.B) { benchmarkStatusWrite(b, 100, 100) }

// BenchmarkStatusWrite50k writes the status of a running 250 x 200 loop.
func BenchmarkStatusWrite50k(b *testing.B) { benchmarkStatusWrite(b, 250, 200) }
