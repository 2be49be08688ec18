package engine

import (
	"hash/fnv"
	"strconv"
	"testing"
)

// fnvDecimal is the 32-bit FNV-1a hash of name in decimal, by the standard
// library, as Argo hashes node names.
func fnvDecimal(name string) string {
	h := fnv.New32a()
	_, _ = h.Write([]byte(name))
	return strconv.FormatUint(uint64(h.Sum32()), 10)
}

func TestNodeIDAndPodNameHashTheNodeName(t *testing.T) {
	for _, name := range []string{"wf[0].a", "wf[0].loop(12:x,y)", "", "ünïcode"} {
		expectEqual(t, "node ID of "+name, nodeID("wf", name), "wf-"+fnvDecimal(name))
		expectEqual(t, "pod name of "+name, podName("wf", name, "tmpl"), "wf-tmpl-"+fnvDecimal(name))
	}
	expectEqual(t, "root node ID", nodeID("wf", "wf"), "wf")
	long := "a-workflow-with-a-rather-long-name"
	expectEqual(t, "long pod name", podName(long, "n", "and-a-long-template"), "a-workflow-with-a-rather-long-name-and-a-long-templa-"+fnvDecimal("n"))
}
