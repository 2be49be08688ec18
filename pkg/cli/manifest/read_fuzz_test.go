package manifest

import (
	"bytes"
	"encoding/json"
	"testing"

	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/conversion"
	"k8s.io/apimachinery/pkg/util/diff"
	"sigs.k8s.io/yaml"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// FuzzRead reads a fuzzed manifest as `weft lint`, `weft submit` and `weft
// create` read files, and checks what it reads: documents are numbered in
// order; exactly the weft.dev ones hold an object; a document is reported
// converted only when the text names argoproj.io; and every object, written
// back as YAML and read again, is one document with no unknown field and the
// same content.
func FuzzRead(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Read("fuzz.yaml", bytes.NewReader(data))
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("Read(%q) failed with an empty message", data)
			}
			return
		}
		if file.Converted && !bytes.Contains(data, []byte("argoproj.io")) {
			t.Fatalf("Read(%q) reports an Argo manifest converted, but the text names no argoproj.io", data)
		}
		for i, doc := range file.Documents {
			if doc.Index != i+1 || doc.Of != len(file.Documents) {
				t.Fatalf("Read(%q): document %d is numbered %d of %d", data, i+1, doc.Index, doc.Of)
			}
			if doc.IsWeft() != (doc.Kind.GroupVersion() == v1alpha1.SchemeGroupVersion) {
				t.Fatalf("Read(%q): document %d of kind %v holds %T", data, doc.Index, doc.Kind, doc.Object)
			}
			if doc.IsWeft() {
				checkRereads(t, data, doc)
			}
		}
	})
}

// checkRereads writes a document's object as YAML, reads it again, and
// checks that it is the same object.
func checkRereads(t *testing.T, data []byte, doc Document) {
	t.Helper()
	written, err := yaml.Marshal(doc.Object)
	if err != nil {
		t.Fatalf("Read(%q): document %d does not encode: %v", data, doc.Index, err)
	}
	again, err := Read("again.yaml", bytes.NewReader(written))
	if err != nil {
		t.Fatalf("Read(%q): document %d, written back, does not read: %v\n%s", data, doc.Index, err, written)
	}
	if len(again.Documents) != 1 {
		t.Fatalf("Read(%q): document %d, written back, reads as %d documents:\n%s", data, doc.Index, len(again.Documents), written)
	}
	reread := again.Documents[0]
	if len(reread.UnknownFields) > 0 {
		t.Fatalf("Read(%q): document %d, written back, has unknown fields %v:\n%s", data, doc.Index, reread.UnknownFields, written)
	}
	if !wireEquality.DeepEqual(doc.Object, reread.Object) {
		t.Fatalf("Read(%q): document %d changes when written back:\n%s", data, doc.Index, diff.Diff(doc.Object, reread.Object))
	}
}

// wireEquality is semantic equality that also takes JSON values kept as
// written (items, plugins) for equal when they differ only in spacing, which
// encoding removes.
var wireEquality = func() conversion.Equalities {
	e := conversion.EqualitiesOrDie(
		func(a, b v1alpha1.Item) bool { return sameJSON(a.Value, b.Value) },
		func(a, b v1alpha1.Plugin) bool { return sameJSON(a.Value, b.Value) },
	)
	for goType, equal := range equality.Semantic.Equalities {
		e.Equalities[goType] = equal
	}
	return e
}()

// sameJSON says whether two JSON texts differ at most in spacing.
func sameJSON(a, b []byte) bool {
	var compactA, compactB bytes.Buffer
	if json.Compact(&compactA, a) != nil || json.Compact(&compactB, b) != nil {
		return bytes.Equal(a, b)
	}
	return bytes.Equal(compactA.Bytes(), compactB.Bytes())
}
