package app

import (
	genericapiserver "k8s.io/apiserver/pkg/server"

	"github.com/weft-dev/weft/pkg/apiserver/compression"
)

// applyStorageLimits lets large workflows through: request bodies up to
// --max-request-body-bytes (JSON patches may copy as much), and values
// compressed on their way to etcd unless --storage-compression is none.
// Compression wraps the storage of every resource, outside the encryption
// of --encryption-provider-config when that is set.
func (o *Options) applyStorageLimits(config *genericapiserver.RecommendedConfig) {
	config.MaxRequestBodyBytes = o.MaxRequestBodyBytes
	config.JSONPatchMaxCopyBytes = o.MaxRequestBodyBytes
	config.RESTOptionsGetter = compression.RESTOptionsGetter(config.RESTOptionsGetter, o.StorageCompression == compressionZstd)
}
