// Package compression compresses the objects weft-apiserver writes to etcd,
// so that the status of a workflow of tens of thousands of nodes fits in
// one etcd value, and reads both compressed and uncompressed values.
package compression

import (
	"bytes"
	"context"
	"fmt"

	"github.com/klauspost/compress/zstd"
	"k8s.io/apiserver/pkg/storage/value"
	"k8s.io/apiserver/pkg/storage/value/encrypt/identity"
)

// prefix starts every compressed value; uncompressed values are JSON and
// start with '{', encrypted ones with "k8s:enc:".
const prefix = "weft:zstd:"

// MinCompressedBytes is the size from which values are compressed. Smaller
// values cost etcd little and stay readable with etcdctl; from 64 KiB (a
// workflow of about a hundred nodes) on, compression pays for its time by
// writing a tenth of the bytes to etcd's log at every status write.
const MinCompressedBytes = 64 << 10

// MaxStoredBytes is the largest value the API server can write: its etcd
// client sends at most 2 MiB per request (k8s.io/apiserver does not raise
// etcd's client default), and 16 KiB are kept for the key and the request
// around the value.
const MaxStoredBytes = 2<<20 - 16<<10

// windowBytes is zstd's window: up to 64 MiB of a value is one window, so
// that a node's ID, repeated in its parent's children and in the outbound
// nodes of every enclosing template, megabytes apart in a large status, is
// coded as a repeat. With zstd's default 8 MiB window a 50,000-node status
// compresses a fifth worse.
const windowBytes = 64 << 20

// maxDecodedBytes bounds what a value may decompress to.
const maxDecodedBytes = 1 << 30

// encoder and decoder are shared: EncodeAll and DecodeAll may be called
// concurrently. zstd's "better" level stores a 50,000-node workflow (25 MB
// of JSON) in 1.35 MB, its default level in 1.48 MB for about a tenth less
// time: the margin under etcd's limits is worth more than the time.
var (
	encoder = must(zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBetterCompression), zstd.WithWindowSize(windowBytes)))
	decoder = must(zstd.NewReader(nil, zstd.WithDecoderMaxMemory(maxDecodedBytes), zstd.WithDecoderMaxWindow(windowBytes)))
)

// must returns v, or panics on options zstd refuses, which are constants.
func must[T any](v T, err error) T {
	if err != nil {
		panic(fmt.Sprintf("configuring zstd: %v", err))
	}
	return v
}

// Transformer compresses values on their way to etcd before the inner
// transformer (encryption, when configured) sees them, and decompresses
// them after it on their way back. Values without the compressed prefix are
// read as they are, so data written before compression was turned on, or
// with it off, stays readable.
type Transformer struct {
	inner    value.Transformer
	compress bool
}

// New returns a transformer around inner (nil: none) that compresses the
// values it writes when compress is true; it always reads both forms.
func New(inner value.Transformer, compress bool) *Transformer {
	if inner == nil {
		inner = identity.NewEncryptCheckTransformer()
	}
	return &Transformer{inner: inner, compress: compress}
}

// TransformToStorage compresses a value of MinCompressedBytes or more and
// passes it to the inner transformer. A value that stays larger than
// MaxStoredBytes is refused with an error that says so, rather than
// failing inside the etcd client.
func (t *Transformer) TransformToStorage(ctx context.Context, data []byte, dataCtx value.Context) ([]byte, error) {
	stored := data
	if t.compress && len(data) >= MinCompressedBytes {
		stored = encoder.EncodeAll(data, append(make([]byte, 0, len(prefix)+len(data)/8), prefix...))
	}
	if len(stored) > MaxStoredBytes {
		return nil, fmt.Errorf("the object is %d bytes of JSON, %d bytes as stored, more than the %d bytes the API server can write to etcd in one request; "+
			"split the work into smaller workflows (for instance one per item of the outer loop)", len(data), len(stored), MaxStoredBytes)
	}
	return t.inner.TransformToStorage(ctx, stored, dataCtx)
}

// TransformFromStorage passes a value through the inner transformer and
// decompresses it if it was compressed.
func (t *Transformer) TransformFromStorage(ctx context.Context, data []byte, dataCtx value.Context) ([]byte, bool, error) {
	plain, stale, err := t.inner.TransformFromStorage(ctx, data, dataCtx)
	if err != nil {
		return nil, stale, err
	}
	compressed, ok := bytes.CutPrefix(plain, []byte(prefix))
	if !ok {
		return plain, stale, nil
	}
	out, err := decoder.DecodeAll(compressed, nil)
	if err != nil {
		return nil, false, fmt.Errorf("decompressing a stored value of %d bytes: %w", len(plain), err)
	}
	return out, stale, nil
}
