package engine

import (
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/memo"
)

// memoCache is a cache of entries by "namespace/configmap/key".
type memoCache map[string]memo.Entry

func (c memoCache) Load(namespace, configMap, key string) (memo.Entry, bool) {
	e, ok := c[namespace+"/"+configMap+"/"+key]
	return e, ok
}

const memoWorkflow = `
metadata:
  name: memo
spec:
  entrypoint: print
  arguments:
    parameters:
    - name: message
      value: KEY
  templates:
  - name: print
    inputs:
      parameters:
      - name: message
    memoize:
      key: "{{inputs.parameters.message}}"
      maxAge: MAXAGE
      cache:
        configMap:
          name: my-cache
    container:
      image: busybox
      command: [echo, "{{inputs.parameters.message}}"]
    outputs:
      parameters:
      - name: said
        globalName: said
        valueFrom:
          path: /tmp/said
`

// memoCall is the call of the memo workflow's entrypoint.
func memoCall(o *operation) (call, resolvedTemplate, []v1alpha1.Parameter) {
	c := call{name: o.wf.Name, displayName: o.wf.Name, holder: templateHolder{Template: o.spec.Entrypoint}, args: o.spec.Arguments}
	t, _ := o.templates.resolve("", c.holder)
	inputs, _ := o.resolveInputs(t.Template, c.args)
	return c, t, inputs
}

func memoWorkflowWith(t *testing.T, key, maxAge string) *v1alpha1.Workflow {
	return decodeWorkflow(t, strings.NewReplacer("KEY", key, "MAXAGE", `"`+maxAge+`"`).Replace(memoWorkflow))
}

func TestMemoizedNode(t *testing.T) {
	said := "hello"
	written := metav1.NewTime(start.Add(-5 * time.Second))
	entry := memo.Entry{NodeID: "old-node", Outputs: &v1alpha1.Outputs{Parameters: []v1alpha1.Parameter{{Name: "said", GlobalName: "said", Value: anyString(said)}}},
		CreationTimestamp: written, LastHitTimestamp: written}
	cache := memoCache{"default/my-cache/hello": entry}
	cases := []struct {
		name, key, maxAge string
		phase             v1alpha1.NodePhase // "" for no node
		message           string
	}{
		{name: "hit", key: "hello", maxAge: "10s", phase: v1alpha1.NodeSucceeded},
		{name: "hit without maxAge", key: "hello", phase: v1alpha1.NodeSucceeded},
		{name: "expired", key: "hello", maxAge: "4s"},
		{name: "miss", key: "other"},
		{name: "invalid key", key: "hello world", phase: v1alpha1.NodeError,
			message: `memoize.key "hello world" is not a valid ConfigMap key after substitution: use only letters, digits, '-', '_' and '.'`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wf := memoWorkflowWith(t, c.key, c.maxAge)
			o, k := coordinated(t, wf, Observed{Memo: cache}, start)
			n := k.memoizedNode(memoCall(o))
			if c.phase == "" {
				if n != nil {
					t.Fatalf("got node %s %s %q, want none", n.Type, n.Phase, n.Message)
				}
				return
			}
			if n == nil {
				t.Fatal("no node")
			}
			expectEqual(t, "phase", n.Phase, c.phase)
			expectEqual(t, "message", n.Message, c.message)
			expectEqual(t, "type", n.Type, v1alpha1.NodeTypePod)
			expectEqual(t, "pods", len(o.createPods), 0)
			if c.phase != v1alpha1.NodeSucceeded {
				return
			}
			expectEqual(t, "memoization", n.MemoizationStatus, &v1alpha1.MemoizationStatus{Hit: true, Key: "hello", CacheName: "my-cache"})
			expectEqual(t, "outputs", n.Outputs, entry.Outputs)
			expectEqual(t, "finished", n.FinishedAt, metav1.NewTime(start))
			expectEqual(t, "global output", o.status.Outputs.Parameters, []v1alpha1.Parameter{{Name: "said", Value: anyString(said)}})
		})
	}
}

func TestMemoizedNodeWithoutCache(t *testing.T) {
	wf := memoWorkflowWith(t, "hello", "")
	o, k := coordinated(t, wf, Observed{}, start)
	if n := k.memoizedNode(memoCall(o)); n != nil {
		t.Fatalf("got node %s %q without a cache", n.Phase, n.Message)
	}
}

func TestUnresolvedMemoKey(t *testing.T) {
	wf := memoWorkflowWith(t, "hello", "")
	wf.Spec.Templates[0].Memoize.Key = "{{inputs.parameters.nope}}"
	o, k := coordinated(t, wf, Observed{}, start)
	n := k.memoizedNode(memoCall(o))
	if n == nil || n.Phase != v1alpha1.NodeError || !strings.HasPrefix(n.Message, "memoize.key: unable to resolve {{inputs.parameters.nope}}") {
		t.Fatalf("got %+v", n)
	}
}

func TestRecordMemoized(t *testing.T) {
	wf := memoWorkflowWith(t, "hello", "")
	o, k := coordinated(t, wf, Observed{Memo: memoCache{}}, start)
	c, tmpl, inputs := memoCall(o)
	if n := k.memoizedNode(c, tmpl, inputs); n != nil {
		t.Fatalf("empty cache hit: %+v", n)
	}
	n := o.newTemplateNode(c, v1alpha1.NodeTypePod, tmpl, inputs, v1alpha1.NodeRunning, "")
	k.recordMemoized(n, tmpl)
	expectEqual(t, "writes while running", len(k.memoWrites), 0)

	outputs := &v1alpha1.Outputs{Parameters: []v1alpha1.Parameter{{Name: "said", Value: anyString("hello")}}, ExitCode: strPtr("0")}
	n.Outputs = outputs
	o.setPhase(n, v1alpha1.NodeSucceeded, "")
	k.recordMemoized(n, tmpl)
	k.recordMemoized(n, tmpl)
	expectEqual(t, "memoization", n.MemoizationStatus, &v1alpha1.MemoizationStatus{Key: "hello", CacheName: "my-cache"})
	expectEqual(t, "writes", k.memoWrites, []MemoWrite{{
		Namespace: "default", ConfigMap: "my-cache", Key: "hello",
		Entry: memo.Entry{NodeID: wf.Name, Outputs: outputs, CreationTimestamp: metav1.NewTime(start), LastHitTimestamp: metav1.NewTime(start)},
	}})

	failed := o.newTemplateNode(call{name: "memo.other", displayName: "other"}, v1alpha1.NodeTypePod, tmpl, inputs, v1alpha1.NodeFailed, "exit 1")
	k.recordMemoized(failed, tmpl)
	expectEqual(t, "writes after a failure", len(k.memoWrites), 1)
}

func anyString(s string) *v1alpha1.AnyString {
	v := v1alpha1.AnyString(s)
	return &v
}
