package workflow

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/retry"
	"k8s.io/klog/v2"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine"
	"github.com/weft-dev/weft/pkg/memo"
)

// memoStore reads memoization caches from the ConfigMap informer and writes
// their entries through the API. Only ConfigMaps labelled
// weft.dev/configmap-type=Cache are caches: others are never read or written.
type memoStore struct {
	configMaps corelisters.ConfigMapLister
	kube       kubernetes.Interface
}

// Load returns a cache entry; a missing ConfigMap or key, a ConfigMap that
// is not a cache or a value that is not an entry is a miss.
func (s *memoStore) Load(namespace, configMap, key string) (memo.Entry, bool) {
	cm, err := s.configMaps.ConfigMaps(namespace).Get(configMap)
	if err != nil || cm.Labels[memo.LabelConfigMapType] != memo.LabelValueCache {
		return memo.Entry{}, false
	}
	value, ok := cm.Data[key]
	if !ok {
		return memo.Entry{}, false
	}
	e, err := memo.Decode(value)
	return e, err == nil
}

// save writes one entry, creating the cache ConfigMap with its label when it
// does not exist, retrying when another writer updated it meanwhile.
func (s *memoStore) save(ctx context.Context, w engine.MemoWrite) error {
	value, err := memo.Encode(w.Entry)
	if err != nil {
		return err
	}
	configMaps := s.kube.CoreV1().ConfigMaps(w.Namespace)
	return retry.OnError(retry.DefaultRetry, func(err error) bool {
		return apierrors.IsConflict(err) || apierrors.IsAlreadyExists(err)
	}, func() error {
		cm, err := configMaps.Get(ctx, w.ConfigMap, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			_, err = configMaps.Create(ctx, &corev1.ConfigMap{
				ObjectMeta: metav1.ObjectMeta{Name: w.ConfigMap, Namespace: w.Namespace, Labels: map[string]string{memo.LabelConfigMapType: memo.LabelValueCache}},
				Data:       map[string]string{w.Key: value},
			}, metav1.CreateOptions{FieldManager: FieldManager})
			return err
		}
		if err != nil {
			return err
		}
		if cm.Labels[memo.LabelConfigMapType] != memo.LabelValueCache {
			return fmt.Errorf("ConfigMap %s/%s is not a memoization cache: label it %s=%s to use it as one, or name another ConfigMap in memoize.cache.configMap.name",
				w.Namespace, w.ConfigMap, memo.LabelConfigMapType, memo.LabelValueCache)
		}
		if cm.Data == nil {
			cm.Data = map[string]string{}
		}
		cm.Data[w.Key] = value
		_, err = configMaps.Update(ctx, cm, metav1.UpdateOptions{FieldManager: FieldManager})
		return err
	})
}

// writeMemos writes the cache entries a decision asks for. A cache is a
// help, not a result: an entry that cannot be written is reported in a
// warning event on the workflow and the workflow goes on.
func (co *coordinator) writeMemos(ctx context.Context, recorder record.EventRecorder, wf *v1alpha1.Workflow, writes []engine.MemoWrite) {
	if co == nil {
		return
	}
	for _, w := range writes {
		if err := co.memo.save(ctx, w); err != nil {
			klog.FromContext(ctx).Error(err, "Writing a memoization cache entry failed", "workflow", wf.Namespace+"/"+wf.Name, "configMap", w.ConfigMap, "key", w.Key)
			recorder.Eventf(wf, corev1.EventTypeWarning, "MemoizationWriteFailed", "caching the outputs of node %s under key %q: %v", w.Entry.NodeID, w.Key, err)
		}
	}
}
