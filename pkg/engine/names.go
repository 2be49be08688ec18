package engine

import (
	"bytes"
	"fmt"
	"strconv"
)

// maxPodNameLength is the longest pod name Reconcile makes, so that the pod's
// hostname, which Kubernetes cuts at 63 characters, is its name.
const maxPodNameLength = 63

// hashLength is the room kept for the decimal hash that ends a pod name.
const hashLength = 10

// nodeID is the ID of the node with the given name, as Argo makes it.
func nodeID(workflow, name string) string {
	if name == workflow {
		return workflow
	}
	return string(appendNodeID(make([]byte, 0, len(workflow)+1+hashLength), workflow, name))
}

// appendNodeID appends the ID of a node to buf, for lookups that need not
// keep it: the workflow's name for the root, else the workflow's name, a
// dash and the hash of the node's name.
func appendNodeID(buf []byte, workflow, name string) []byte {
	buf = append(buf, workflow...)
	if name == workflow {
		return buf
	}
	buf = append(buf, '-')
	return strconv.AppendUint(buf, uint64(fnv32a(name)), 10)
}

// fnv32a is the 32-bit FNV-1a hash of s.
func fnv32a(s string) uint32 {
	const offset, prime = 2166136261, 16777619
	h := uint32(offset)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= prime
	}
	return h
}

// podName is the name of a node's pod: Argo's v2 pod name, its
// "<workflow>-<template>" prefix cut to fit in maxPodNameLength.
func podName(workflow, node, template string) string {
	if node == workflow {
		return workflow
	}
	return string(appendPodName(make([]byte, 0, maxPodNameLength), workflow, node, template))
}

// appendPodName appends the name of a node's pod to buf, for lookups that
// need not keep it.
func appendPodName(buf []byte, workflow, node, template string) []byte {
	start := len(buf)
	buf = append(buf, workflow...)
	if node == workflow {
		return buf
	}
	if template != "" {
		buf = append(buf, '-')
		buf = append(buf, template...)
	}
	if max := maxPodNameLength - hashLength - 1; len(buf)-start > max {
		buf = append(buf[:start], bytes.TrimRight(buf[start:start+max], "-.")...)
	}
	buf = append(buf, '-')
	return strconv.AppendUint(buf, uint64(fnv32a(node)), 10)
}

// stepGroupName is the name of the i-th step group of a steps node.
func stepGroupName(steps string, i int) string {
	return fmt.Sprintf("%s[%d]", steps, i)
}
