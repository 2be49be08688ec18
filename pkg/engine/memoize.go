package engine

import (
	"fmt"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/expr"
	"github.com/weft-dev/weft/pkg/memo"
)

// MemoCache reads the memoization caches: ConfigMaps labelled
// memo.LabelConfigMapType=Cache whose keys hold entries in memo's format.
type MemoCache interface {
	// Load returns the entry of key in the cache ConfigMap, if any.
	Load(namespace, configMap, key string) (memo.Entry, bool)
}

// MemoWrite is a cache entry to write: the outputs of a memoized node that
// succeeded. The controller creates the ConfigMap, labelled as a cache, when
// it does not exist.
type MemoWrite struct {
	// Namespace and ConfigMap name the cache; Key is the entry's key.
	Namespace, ConfigMap, Key string
	// Entry is the entry to store, encoded with memo.Encode.
	Entry memo.Entry
}

// memoizedNode looks a memoized template's key up in its cache before its
// node exists. On a hit younger than memoize.maxAge it creates the node
// Succeeded with the cached outputs and memoizationStatus.hit, and returns
// it; on a miss, or without memoize, it returns nil and the node runs. A key
// that does not resolve or is no valid ConfigMap key, or a maxAge that is no
// duration, ends the node in Error, which it returns.
func (k *coordination) memoizedNode(c call, t resolvedTemplate, inputs []v1alpha1.Parameter) *v1alpha1.NodeStatus {
	m := t.Memoize
	if m == nil || m.Cache == nil || m.Cache.ConfigMap == nil {
		return nil
	}
	o := k.o
	typ := kindOf(t.Template).nodeType()
	key, err := k.memoKey(m, inputs, c.name)
	if err != nil {
		return o.newTemplateNode(c, typ, t, inputs, v1alpha1.NodeError, err.Error())
	}
	maxAge, err := memo.ParseMaxAge(m.MaxAge)
	if err != nil {
		return o.newTemplateNode(c, typ, t, inputs, v1alpha1.NodeError, err.Error())
	}
	if k.memo == nil {
		return nil
	}
	entry, ok := k.memo.Load(o.wf.Namespace, m.Cache.ConfigMap.Name, key)
	if !ok || !memo.Fresh(entry.CreationTimestamp.Time, o.now.Time, maxAge) {
		return nil
	}
	n := o.newTemplateNode(c, typ, t, inputs, v1alpha1.NodeSucceeded, "")
	n.Outputs = entry.Outputs.DeepCopy()
	n.MemoizationStatus = &v1alpha1.MemoizationStatus{Hit: true, Key: key, CacheName: m.Cache.ConfigMap.Name}
	if n.Outputs != nil {
		o.exportGlobals(n.Outputs)
	}
	return n
}

// recordMemoized asks for the outputs of a memoized node that succeeded to
// be cached, and sets its memoizationStatus (hit false). It does nothing for
// a node not Succeeded, a cache hit, or a node already recorded, so it may
// be called whenever the node was carried on.
func (k *coordination) recordMemoized(n *v1alpha1.NodeStatus, t resolvedTemplate) {
	m := t.Memoize
	if n == nil || m == nil || m.Cache == nil || m.Cache.ConfigMap == nil || n.Phase != v1alpha1.NodeSucceeded || n.MemoizationStatus != nil {
		return
	}
	var inputs []v1alpha1.Parameter
	if n.Inputs != nil {
		inputs = n.Inputs.Parameters
	}
	key, err := k.memoKey(m, inputs, n.Name)
	if err != nil {
		return
	}
	o := k.o
	n.MemoizationStatus = &v1alpha1.MemoizationStatus{Key: key, CacheName: m.Cache.ConfigMap.Name}
	k.memoWrites = append(k.memoWrites, MemoWrite{
		Namespace: o.wf.Namespace,
		ConfigMap: m.Cache.ConfigMap.Name,
		Key:       key,
		Entry:     memo.Entry{NodeID: n.ID, Outputs: n.Outputs.DeepCopy(), CreationTimestamp: o.now, LastHitTimestamp: o.now},
	})
}

// memoKey is memoize.key with the template's inputs substituted, checked to
// be a ConfigMap key.
func (k *coordination) memoKey(m *v1alpha1.Memoize, inputs []v1alpha1.Parameter, nodeName string) (string, error) {
	key, err := expr.Substitute(m.Key, k.o.localScope(inputs, nodeName), expr.Strict)
	if err != nil {
		return "", fmt.Errorf("memoize.key: %w", err)
	}
	return key, memo.ValidateKey(key)
}
