// Package statusnodes moves a large workflow's node map into
// status.compressedNodes, Argo's field for it, and back. Weft writes the
// map's JSON compressed with zstd and base64-encoded, and reads that or
// Argo's gzip.
//
// A 50,000-node workflow's nodes take about 25 MB of JSON. Kubernetes
// clients cannot read a watch event over 16 MiB (client-go's streaming
// decoder stops there), so such a workflow would vanish from every watch
// (the controller's, kubectl get -w, weft watch), and each status write
// would cost seconds of JSON decoding on the servers. Packed, the same
// nodes take about a fifteenth of that. zstd rather than Argo's gzip: the
// API server writes at most 2 MiB to etcd, and its own compression of
// stored values cannot shrink base64 below the stream it encodes, so that
// stream must be as small as the API server's would be (zstd, a 64 MiB
// window) for 50,000 nodes to be stored at all; gzip's fastest level was
// 70% larger on the benchmark's workflow. The
// controller packs what it writes above PackAboveBytes; every reader of
// nodes unpacks first.
package statusnodes

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"

	"github.com/klauspost/compress/zstd"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// PackAboveBytes is the size of the nodes' JSON above which Pack moves them
// into compressedNodes: workflows of about 8,000 nodes and more.
const PackAboveBytes = 4 << 20

// Pack returns status with its nodes in CompressedNodes when their JSON is
// larger than PackAboveBytes, and status unchanged otherwise.
func Pack(status v1alpha1.WorkflowStatus) (v1alpha1.WorkflowStatus, error) {
	if len(status.Nodes) == 0 {
		return status, nil
	}
	raw, err := json.Marshal(status.Nodes)
	if err != nil {
		return status, fmt.Errorf("encoding the workflow's nodes: %w", err)
	}
	if len(raw) <= PackAboveBytes {
		return status, nil
	}
	packed := base64.StdEncoding.EncodeToString(encoder.EncodeAll(raw, nil))
	status.Nodes = nil
	status.CompressedNodes = packed
	return status, nil
}

// Unpack returns status with every node in Nodes: those of CompressedNodes,
// with the fields of any node that Nodes also holds laid over them (a merge
// patch of status.nodes, such as weft resume's, adds only the fields it
// changes). A status without CompressedNodes is returned unchanged.
func Unpack(status v1alpha1.WorkflowStatus) (v1alpha1.WorkflowStatus, error) {
	if status.CompressedNodes == "" {
		return status, nil
	}
	raw, err := decompress(status.CompressedNodes)
	if err != nil {
		return status, err
	}
	var nodes map[string]v1alpha1.NodeStatus
	if err := json.Unmarshal(raw, &nodes); err != nil {
		return status, fmt.Errorf("status.compressedNodes does not hold a node map: %w", err)
	}
	for id, changed := range status.Nodes {
		node, err := overlay(nodes[id], changed)
		if err != nil {
			return status, fmt.Errorf("status.nodes[%s]: %w", id, err)
		}
		nodes[id] = node
	}
	status.Nodes = nodes
	status.CompressedNodes = ""
	return status, nil
}

// UnpackWorkflow returns wf with its status unpacked: wf itself when it has
// no compressed nodes, else a shallow copy that shares all but the status.
func UnpackWorkflow(wf *v1alpha1.Workflow) (*v1alpha1.Workflow, error) {
	if wf == nil || wf.Status.CompressedNodes == "" {
		return wf, nil
	}
	status, err := Unpack(wf.Status)
	if err != nil {
		return wf, err
	}
	unpacked := *wf
	unpacked.Status = status
	return &unpacked, nil
}

// overlay is node with the fields changed sets, as a JSON merge patch of
// changed would: its empty fields (null, or the empty id, name and type
// JSON always carries) leave node's alone.
func overlay(node, changed v1alpha1.NodeStatus) (v1alpha1.NodeStatus, error) {
	raw, err := json.Marshal(changed)
	if err != nil {
		return node, err
	}
	var fields map[string]any
	if err := json.Unmarshal(raw, &fields); err != nil {
		return node, err
	}
	for key, value := range fields {
		if value == nil || value == "" {
			delete(fields, key)
		}
	}
	patch, err := json.Marshal(fields)
	if err != nil {
		return node, err
	}
	err = json.Unmarshal(patch, &node)
	return node, err
}

// The compressors of packed nodes. zstd's settings are those of the API
// server's storage compression (pkg/apiserver/compression): its "better"
// level with a window that holds a whole status, so that a node's ID,
// repeated megabytes apart, is coded as a repeat.
var (
	encoder = must(zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBetterCompression), zstd.WithWindowSize(windowBytes)))
	decoder = must(zstd.NewReader(nil, zstd.WithDecoderMaxMemory(maxUnpackedBytes), zstd.WithDecoderMaxWindow(windowBytes)))
)

const (
	windowBytes = 64 << 20
	// maxUnpackedBytes bounds what packed nodes may decompress to.
	maxUnpackedBytes = 1 << 30
)

// must returns v, or panics on options zstd refuses, which are constants.
func must[T any](v T, err error) T {
	if err != nil {
		panic(fmt.Sprintf("configuring zstd: %v", err))
	}
	return v
}

// gzipMagic starts a gzip stream, as Argo writes compressedNodes.
var gzipMagic = []byte{0x1f, 0x8b}

// decompress reads compressedNodes: base64 of zstd, or of gzip.
func decompress(packed string) ([]byte, error) {
	compressed, err := base64.StdEncoding.DecodeString(packed)
	if err != nil {
		return nil, fmt.Errorf("status.compressedNodes is not base64: %w", err)
	}
	if bytes.HasPrefix(compressed, gzipMagic) {
		zipped, err := gzip.NewReader(bytes.NewReader(compressed))
		if err != nil {
			return nil, fmt.Errorf("status.compressedNodes is not gzip: %w", err)
		}
		raw, err := io.ReadAll(io.LimitReader(zipped, maxUnpackedBytes+1))
		if err != nil {
			return nil, fmt.Errorf("status.compressedNodes cannot be decompressed: %w", err)
		}
		if len(raw) > maxUnpackedBytes {
			return nil, fmt.Errorf("status.compressedNodes decompresses to more than %d bytes", maxUnpackedBytes)
		}
		return raw, nil
	}
	raw, err := decoder.DecodeAll(compressed, nil)
	if err != nil {
		return nil, fmt.Errorf("status.compressedNodes is neither zstd nor gzip: %w", err)
	}
	return raw, nil
}
