package artifact

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weft-dev/weft/pkg/executor"
)

// benchBytes is the size of the artifact the benchmarks move: 1 GiB, or
// 64 MiB with -short (make bench QUICK=1), enough to see the part size and
// buffers bound the heap in a developer's loop.
func benchBytes() int64 {
	if testing.Short() {
		return 64 << 20
	}
	return 1 << 30
}

// The benchmarks save and load a 1 GiB file (-short: 64 MiB) through S3, to a minimal S3
// server that keeps objects on disk (so that the process's heap is the
// drivers' own), reporting throughput (MB/s) and the peak heap growth
// (peak-heap-MiB): bounded by the part size and buffers, not the artifact.

func BenchmarkSaveTarGzipToS3(b *testing.B) { benchSave(b, executor.ArchiveTarGzip) }

func BenchmarkLoadTarGzipFromS3(b *testing.B) { benchLoad(b, executor.ArchiveTarGzip) }

func BenchmarkSaveNoneToS3(b *testing.B) { benchSave(b, executor.ArchiveNone) }

func BenchmarkLoadNoneFromS3(b *testing.B) { benchLoad(b, executor.ArchiveNone) }

func benchSave(b *testing.B, archive string) {
	d, loc := diskS3(b)
	src := benchFile(b)
	a := executor.ArtifactSpec{Name: "big", Path: src, Archive: archive, Location: executor.ArtifactLocation{S3: &loc}}
	b.SetBytes(benchBytes())
	peak := watchHeap(b)
	for b.Loop() {
		if err := d.Save(context.Background(), a); err != nil {
			b.Fatal(err)
		}
	}
	peak()
}

func benchLoad(b *testing.B, archive string) {
	d, loc := diskS3(b)
	src := benchFile(b)
	a := executor.ArtifactSpec{Name: "big", Path: src, Archive: archive, Location: executor.ArtifactLocation{S3: &loc}}
	if err := d.Save(context.Background(), a); err != nil {
		b.Fatal(err)
	}
	if err := os.Remove(src); err != nil {
		b.Fatal(err)
	}
	dest := filepath.Join(b.TempDir(), "loaded")
	b.SetBytes(benchBytes())
	peak := watchHeap(b)
	for b.Loop() {
		if err := d.Load(context.Background(), executor.ArtifactSpec{Name: "big", Path: dest, Location: a.Location}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if info, err := os.Stat(dest); err != nil || info.Size() != benchBytes() {
			b.Fatalf("loaded %v: %v", info, err)
		}
		if err := os.Remove(dest); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	peak()
}

// benchFile writes benchBytes() of random hexadecimal digits (which gzip
// halves) to a file and returns its path.
func benchFile(b *testing.B) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "big.bin")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.NewChaCha8([32]byte{1})
	block := make([]byte, 1<<20)
	const digits = "0123456789abcdef"
	for written := int64(0); written < benchBytes(); written += int64(len(block)) {
		_, _ = rng.Read(block)
		for i, c := range block {
			block[i] = digits[c&15]
		}
		if _, err := f.Write(block); err != nil {
			b.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// watchHeap samples the heap until the returned function is called, which
// reports the peak growth over the heap at the start, in MiB.
func watchHeap(b *testing.B) func() {
	b.Helper()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		ticker := time.NewTicker(5 * time.Millisecond)
		defer ticker.Stop()
		var ms runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-ticker.C:
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > peak.Load() {
					peak.Store(ms.HeapAlloc)
				}
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
		growth := 0.0
		if p := peak.Load(); p > base {
			growth = float64(p-base) / (1 << 20)
		}
		b.ReportMetric(growth, "peak-heap-MiB")
	}
}

// diskS3 serves, over TLS, the S3 calls the drivers make (objects put
// whole or in parts, read, stat and listed) with objects kept in files, and
// returns drivers trusting it and a location in its bucket.
func diskS3(b *testing.B) (Drivers, executor.S3Location) {
	b.Helper()
	const partSize = DefaultS3PartSize
	s := &diskStore{dir: b.TempDir(), partSize: partSize}
	srv := httptest.NewTLSServer(s)
	b.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL)
	if err != nil {
		b.Fatal(err)
	}
	loc := executor.S3Location{Endpoint: u.Host, Bucket: "bucket", Key: "big", Region: "us-east-1"}
	return Drivers{S3Transport: srv.Client().Transport, S3PartSize: partSize}, loc
}

// diskStore is the minimal S3 of diskS3. A part is written at its offset
// in the upload's file: the drivers' parts all have partSize bytes but the
// last.
type diskStore struct {
	dir      string
	partSize int64
	uploads  atomic.Int64
}

func (s *diskStore) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	q := r.URL.Query()
	object := filepath.Join(s.dir, "objects", bucket, filepath.FromSlash(key))
	var err error
	switch {
	case key == "" && r.Method == http.MethodGet:
		err = s.list(w, bucket, q.Get("prefix"))
	case r.Method == http.MethodGet || r.Method == http.MethodHead:
		if _, statErr := os.Stat(object); statErr != nil {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusNotFound)
			_, _ = fmt.Fprintf(w, "<Error><Code>NoSuchKey</Code><Key>%s</Key></Error>", key)
			return
		}
		w.Header().Set("ETag", `"etag"`)
		http.ServeFile(w, r, object)
		return
	case r.Method == http.MethodPost && q.Has("uploads"):
		id := strconv.FormatInt(s.uploads.Add(1), 10)
		err = writeXML(w, struct {
			XMLName  xml.Name `xml:"InitiateMultipartUploadResult"`
			Bucket   string
			Key      string
			UploadID string `xml:"UploadId"`
		}{Bucket: bucket, Key: key, UploadID: id})
	case r.Method == http.MethodPut && q.Has("uploadId"):
		n, _ := strconv.ParseInt(q.Get("partNumber"), 10, 64)
		err = s.write(filepath.Join(s.dir, "uploads", q.Get("uploadId")), (n-1)*s.partSize, r.Body)
		w.Header().Set("ETag", fmt.Sprintf(`"part%d"`, n))
	case r.Method == http.MethodPost && q.Has("uploadId"):
		_, _ = io.Copy(io.Discard, r.Body)
		if err = os.MkdirAll(filepath.Dir(object), 0o755); err == nil {
			err = os.Rename(filepath.Join(s.dir, "uploads", q.Get("uploadId")), object)
		}
		if err == nil {
			err = writeXML(w, struct {
				XMLName xml.Name `xml:"CompleteMultipartUploadResult"`
				Bucket  string
				Key     string
				ETag    string
			}{Bucket: bucket, Key: key, ETag: `"etag"`})
		}
	case r.Method == http.MethodPut:
		_ = os.Remove(object)
		err = s.write(object, 0, r.Body)
		w.Header().Set("ETag", `"etag"`)
	default:
		http.Error(w, "not served by this fake", http.StatusNotImplemented)
		return
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func (s *diskStore) write(file string, offset int64, body io.Reader) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(file, os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(io.NewOffsetWriter(f, offset), body); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// list answers ListObjectsV2 with every object under the prefix.
func (s *diskStore) list(w http.ResponseWriter, bucket, prefix string) error {
	type content struct {
		Key  string
		Size int64
	}
	result := struct {
		XMLName     xml.Name `xml:"ListBucketResult"`
		Name        string
		Prefix      string
		KeyCount    int
		IsTruncated bool
		Contents    []content
	}{Name: bucket, Prefix: prefix}
	root := filepath.Join(s.dir, "objects", bucket)
	err := filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		if key := filepath.ToSlash(rel); strings.HasPrefix(key, prefix) {
			result.Contents = append(result.Contents, content{Key: key, Size: info.Size()})
		}
		return nil
	})
	result.KeyCount = len(result.Contents)
	if err != nil {
		return err
	}
	return writeXML(w, result)
}

func writeXML(w http.ResponseWriter, v any) error {
	w.Header().Set("Content-Type", "application/xml")
	return xml.NewEncoder(w).Encode(v)
}
