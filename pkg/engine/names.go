package engine

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
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
	return workflow + "-" + hashName(name)
}

func hashName(name string) string {
	h := fnv.New32a()
	_, _ = h.Write([]byte(name))
	return strconv.FormatUint(uint64(h.Sum32()), 10)
}

// podName is the name of a node's pod: Argo's v2 pod name, its
// "<workflow>-<template>" prefix cut to fit in maxPodNameLength.
func podName(workflow, node, template string) string {
	if node == workflow {
		return workflow
	}
	prefix := workflow
	if template != "" {
		prefix = workflow + "-" + template
	}
	if max := maxPodNameLength - hashLength - 1; len(prefix) > max {
		prefix = strings.TrimRight(prefix[:max], "-.")
	}
	return prefix + "-" + hashName(node)
}

// stepGroupName is the name of the i-th step group of a steps node.
func stepGroupName(steps string, i int) string {
	return fmt.Sprintf("%s[%d]", steps, i)
}
