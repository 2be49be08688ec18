package apiserver

import (
	"k8s.io/apimachinery/pkg/runtime"
)

// withoutProtobuf serves Weft's objects as JSON, YAML (and CBOR where
// enabled) but never offers protobuf, which Weft's types do not implement.
// Kubernetes controllers (namespace deletion, garbage collection, quota) ask
// for protobuf first; offered it, the server would pick it and fail every
// such list, leaving namespaces stuck in Terminating.
type withoutProtobuf struct {
	runtime.NegotiatedSerializer
}

// SupportedMediaTypes lists the wrapped serializer's media types but protobuf.
func (s withoutProtobuf) SupportedMediaTypes() []runtime.SerializerInfo {
	var infos []runtime.SerializerInfo
	for _, info := range s.NegotiatedSerializer.SupportedMediaTypes() {
		if info.MediaType != runtime.ContentTypeProtobuf {
			infos = append(infos, info)
		}
	}
	return infos
}
