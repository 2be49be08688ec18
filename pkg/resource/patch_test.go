package resource

import (
	"testing"

	"k8s.io/apimachinery/pkg/types"
)

func TestPatchType(t *testing.T) {
	tests := []struct {
		strategy     string
		want         types.PatchType
		wantErr      bool
		wantFallback types.PatchType
	}{
		{"", types.StrategicMergePatchType, false, types.MergePatchType},
		{"strategic", types.StrategicMergePatchType, false, types.MergePatchType},
		{"merge", types.MergePatchType, false, ""},
		{"json", types.JSONPatchType, false, ""},
		{"deep", "", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.strategy, func(t *testing.T) {
			got, err := PatchType(tt.strategy)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Fatalf("PatchType(%q) = %q, %v; want %q, error %v", tt.strategy, got, err, tt.want, tt.wantErr)
			}
			fallback, ok := FallbackPatchType(got)
			if fallback != tt.wantFallback || ok != (tt.wantFallback != "") {
				t.Errorf("FallbackPatchType(%q) = %q, %v; want %q", got, fallback, ok, tt.wantFallback)
			}
		})
	}
}
