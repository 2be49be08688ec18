package compression

import (
	"context"
	"testing"
)

// benchmarkCompress measures writing the JSON of a workflow whose status has
// outer*inner pods, all succeeded, and reports the stored size.
func benchmarkCompress(b *testing.B, outer, inner int) {
	data := largeWorkflowJSON(b, outer, inner)
	tr := New(nil, true)
	var stored []byte
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if stored, err = tr.TransformToStorage(context.Background(), data, key); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(data)), "json-bytes")
	b.ReportMetric(float64(len(stored)), "stored-bytes")
}

// benchmarkDecompress measures reading the same value back.
func benchmarkDecompress(b *testing.B, outer, inner int) {
	data := largeWorkflowJSON(b, outer, inner)
	tr := New(nil, true)
	stored, err := tr.TransformToStorage(context.Background(), data, key)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := tr.TransformFromStorage(context.Background(), stored, key); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompress10k writes a 100 x 100 nested loop's workflow.
func BenchmarkCompress10k(b *testing.B) { benchmarkCompress(b, 100, 100) }

// BenchmarkCompress50k writes a 250 x 200 nested loop's workflow.
func BenchmarkCompress50k(b *testing.B) { benchmarkCompress(b, 250, 200) }

// BenchmarkDecompress10k reads a 100 x 100 nested loop's workflow.
func BenchmarkDecompress10k(b *testing.B) { benchmarkDecompress(b, 100, 100) }

// BenchmarkDecompress50k reads a 250 x 200 nested loop's workflow.
func BenchmarkDecompress50k(b *testing.B) { benchmarkDecompress(b, 250, 200) }
