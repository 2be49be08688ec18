package compression

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"k8s.io/apiserver/pkg/storage/value"

	"github.com/weft-dev/weft/test/fixtures/nestedloop"
)

var key = value.DefaultContext("/registry/weft.dev/workflows/default/wf")

// largeWorkflowJSON is the JSON of a workflow with a 10,000-node status.
func largeWorkflowJSON(t testing.TB, outer, inner int) []byte {
	t.Helper()
	wf := nestedloop.Workflow("nested", outer, inner)
	wf.Status = nestedloop.Status(wf.Name, outer, inner, true)
	data, err := json.Marshal(wf)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestLargeValuesAreCompressedAndReadBack(t *testing.T) {
	ctx := context.Background()
	data := largeWorkflowJSON(t, 100, 100)
	tr := New(nil, true)
	stored, err := tr.TransformToStorage(ctx, data, key)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(stored, []byte(prefix)) || len(stored) > len(data)/5 {
		t.Fatalf("stored %d bytes of %d, starting %q: want a compressed value", len(stored), len(data), stored[:16])
	}
	read, stale, err := tr.TransformFromStorage(ctx, stored, key)
	if err != nil || stale || !bytes.Equal(read, data) {
		t.Fatalf("read back %d bytes (stale %v, %v), want the %d written", len(read), stale, err, len(data))
	}
}

func TestSmallValuesAndUncompressedDataStayAsTheyAre(t *testing.T) {
	ctx := context.Background()
	small := []byte(`{"kind":"Workflow","metadata":{"name":"wf"}}`)
	large := largeWorkflowJSON(t, 10, 100)
	for _, compress := range []bool{true, false} {
		tr := New(nil, compress)
		stored, err := tr.TransformToStorage(ctx, small, key)
		if err != nil || !bytes.Equal(stored, small) {
			t.Errorf("compress %v: small value stored as %q (%v)", compress, stored, err)
		}
		// Values written before compression, or with it off, read as they are.
		read, _, err := tr.TransformFromStorage(ctx, large, key)
		if err != nil || !bytes.Equal(read, large) {
			t.Errorf("compress %v: uncompressed value read as %d bytes (%v), want %d", compress, len(read), err, len(large))
		}
	}
	plain := New(nil, false)
	if stored, _ := plain.TransformToStorage(ctx, large, key); !bytes.Equal(stored, large) {
		t.Errorf("with compression off a large value was stored as %d bytes, want it as it is", len(stored))
	}
	compressed, _ := New(nil, true).TransformToStorage(ctx, large, key)
	if read, _, err := plain.TransformFromStorage(ctx, compressed, key); err != nil || !bytes.Equal(read, large) {
		t.Errorf("with compression off a compressed value read as %d bytes (%v), want %d", len(read), err, len(large))
	}
}

// sealing stands in for encryption: it marks what it writes and unmarks
// what it reads.
type sealing struct{}

func (sealing) TransformToStorage(_ context.Context, data []byte, _ value.Context) ([]byte, error) {
	return append([]byte("k8s:enc:test:"), data...), nil
}

func (sealing) TransformFromStorage(_ context.Context, data []byte, _ value.Context) ([]byte, bool, error) {
	rest, ok := bytes.CutPrefix(data, []byte("k8s:enc:test:"))
	if !ok {
		return nil, false, errUnsealed
	}
	return rest, true, nil
}

var errUnsealed = errors.New("not sealed")

func TestCompressionComesBeforeEncryption(t *testing.T) {
	ctx := context.Background()
	data := largeWorkflowJSON(t, 10, 100)
	tr := New(sealing{}, true)
	stored, err := tr.TransformToStorage(ctx, data, key)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(stored, []byte("k8s:enc:test:"+prefix)) {
		t.Fatalf("stored value starts %q: want the sealed compressed value", stored[:24])
	}
	read, stale, err := tr.TransformFromStorage(ctx, stored, key)
	if err != nil || !stale || !bytes.Equal(read, data) {
		t.Fatalf("read back %d bytes (stale %v, %v): want the %d written, stale as the inner transformer says", len(read), stale, err, len(data))
	}
}

func TestTooLargeValuesAreRefusedWithTheirSize(t *testing.T) {
	random := make([]byte, MaxStoredBytes+1)
	_, _ = rand.NewChaCha8([32]byte{}).Read(random)
	_, err := New(nil, true).TransformToStorage(context.Background(), random, key)
	if err == nil || !strings.Contains(err.Error(), "split the work into smaller workflows") {
		t.Fatalf("got %v, want an error saying the object is too large and what to do", err)
	}
}
