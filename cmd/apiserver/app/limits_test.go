package app

import (
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/registry/generic"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/storage/storagebackend"

	"github.com/weft-dev/weft/pkg/apiserver"
	"github.com/weft-dev/weft/pkg/apiserver/compression"
)

// fixedOptions gives the same storage options for every resource.
type fixedOptions struct{}

func (fixedOptions) GetRESTOptions(schema.GroupResource, runtime.Object) (generic.RESTOptions, error) {
	return generic.RESTOptions{StorageConfig: &storagebackend.ConfigForResource{}}, nil
}

func TestStorageLimitsLetLargeWorkflowsThrough(t *testing.T) {
	o := NewOptions()
	config := genericapiserver.NewRecommendedConfig(apiserver.Codecs)
	config.RESTOptionsGetter = fixedOptions{}
	o.applyStorageLimits(config)
	if config.MaxRequestBodyBytes != 64<<20 || config.JSONPatchMaxCopyBytes != 64<<20 {
		t.Errorf("request body limit %d, JSON patch copy limit %d: want 64 MiB each", config.MaxRequestBodyBytes, config.JSONPatchMaxCopyBytes)
	}
	opts, err := config.RESTOptionsGetter.GetRESTOptions(schema.GroupResource{Group: "weft.dev", Resource: "workflows"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := opts.StorageConfig.Transformer.(*compression.Transformer); !ok {
		t.Errorf("storage transformer is %T, want the compressing one", opts.StorageConfig.Transformer)
	}
}

func TestValidateRefusesUnknownCompressionAndNonPositiveLimits(t *testing.T) {
	o := NewOptions()
	o.StorageCompression = "gzip"
	o.MaxRequestBodyBytes = 0
	err := o.Validate()
	if err == nil || !strings.Contains(err.Error(), `--storage-compression is "gzip"`) || !strings.Contains(err.Error(), "--max-request-body-bytes is 0") {
		t.Fatalf("got %v, want both flags named", err)
	}
}
