package install

import (
	"bytes"
	"encoding/json"
	"testing"

	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/conversion"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/util/diff"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// apiserverCodecs are built as weft-apiserver builds its own (pkg/apiserver):
// the weft.dev types installed with the meta types, behind apimachinery's
// serializers. They are built here rather than imported so that fuzzing
// does not instrument the whole apiserver and client-go.
var apiserverCodecs = func() serializer.CodecFactory {
	scheme := runtime.NewScheme()
	Install(scheme)
	metav1.AddToGroupVersion(scheme, schema.GroupVersion{Version: "v1"})
	return serializer.NewCodecFactory(scheme)
}()

// FuzzDecodeJSON decodes request bodies sent as application/json the way
// weft-apiserver does, and checks what it decodes.
func FuzzDecodeJSON(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) { checkDecode(t, runtime.ContentTypeJSON, body) })
}

// FuzzDecodeYAML decodes request bodies sent as application/yaml the way
// weft-apiserver does, and checks what it decodes.
func FuzzDecodeYAML(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) { checkDecode(t, runtime.ContentTypeYAML, body) })
}

// internalVersion is the version the apiserver's handlers decode into.
var internalVersion = schema.GroupVersion{Group: weft.GroupName, Version: runtime.APIVersionInternal}

// checkDecode decodes body of mediaType with the strict serializer, into
// the internal version, as a create or update request with field validation
// does; a body without apiVersion and kind is taken for a Workflow, the kind
// of the workflows endpoint. A weft.dev object it decodes must come back
// unchanged from the apiserver's JSON answer: encoded to v1alpha1, decoded
// again, and encoded to the same text.
func checkDecode(t *testing.T, mediaType string, body []byte) {
	info, ok := runtime.SerializerInfoForMediaType(apiserverCodecs.SupportedMediaTypes(), mediaType)
	if !ok {
		t.Fatalf("no serializer for %s", mediaType)
	}
	decoder := apiserverCodecs.DecoderToVersion(info.StrictSerializer, internalVersion)
	workflowKind := v1alpha1.SchemeGroupVersion.WithKind("Workflow")
	decoded, _, err := decoder.Decode(body, &workflowKind, nil)
	if err != nil && !runtime.IsStrictDecodingError(err) {
		return
	}
	if !isWeftObject(decoded) {
		return
	}
	answer := encodeAnswer(t, decoded)
	jsonInfo, _ := runtime.SerializerInfoForMediaType(apiserverCodecs.SupportedMediaTypes(), runtime.ContentTypeJSON)
	again, _, err := apiserverCodecs.DecoderToVersion(jsonInfo.StrictSerializer, internalVersion).Decode(answer, nil, nil)
	if err != nil {
		t.Fatalf("the answer to %q does not decode: %v\n%s", body, err, answer)
	}
	if second := encodeAnswer(t, again); !bytes.Equal(answer, second) {
		t.Fatalf("%q decodes to an object that changes when sent back:\n%s", body, diff.Diff(string(answer), string(second)))
	}
	if !wireEquality.DeepEqual(decoded, again) {
		t.Fatalf("%q decodes to an object that changes when sent back:\n%s", body, diff.Diff(decoded, again))
	}
}

// wireEquality is semantic equality that also takes JSON values kept as
// written (items, plugins) for equal when they differ only in spacing, which
// encoding removes.
var wireEquality = func() conversion.Equalities {
	e := conversion.EqualitiesOrDie(
		func(a, b weft.Item) bool { return sameJSON(a.Value, b.Value) },
		func(a, b weft.Plugin) bool { return sameJSON(a.Value, b.Value) },
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

// isWeftObject says whether obj is an internal object of one of Weft's kinds.
func isWeftObject(obj runtime.Object) bool {
	switch obj.(type) {
	case *weft.Workflow, *weft.WorkflowTemplate, *weft.ClusterWorkflowTemplate, *weft.CronWorkflow:
		return true
	}
	return false
}

// encodeAnswer encodes obj as the apiserver answers in JSON: in v1alpha1.
func encodeAnswer(t *testing.T, obj runtime.Object) []byte {
	t.Helper()
	jsonInfo, _ := runtime.SerializerInfoForMediaType(apiserverCodecs.SupportedMediaTypes(), runtime.ContentTypeJSON)
	var out bytes.Buffer
	if err := apiserverCodecs.EncoderForVersion(jsonInfo.Serializer, v1alpha1.SchemeGroupVersion).Encode(obj, &out); err != nil {
		t.Fatalf("encoding %T: %v", obj, err)
	}
	return out.Bytes()
}
