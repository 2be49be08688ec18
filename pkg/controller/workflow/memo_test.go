package workflow

import (
	"context"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	kubefake "k8s.io/client-go/kubernetes/fake"
	corelisters "k8s.io/client-go/listers/core/v1"
	clienttesting "k8s.io/client-go/testing"
	"k8s.io/client-go/tools/cache"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine"
	"github.com/weft-dev/weft/pkg/memo"
)

// configMapLister lists the given ConfigMaps.
func configMapLister(t *testing.T, cms ...*corev1.ConfigMap) corelisters.ConfigMapLister {
	t.Helper()
	indexer := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
	for _, cm := range cms {
		if err := indexer.Add(cm); err != nil {
			t.Fatal(err)
		}
	}
	return corelisters.NewConfigMapLister(indexer)
}

func configMap(name string, labels, data map[string]string) *corev1.ConfigMap {
	return &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "default", Labels: labels}, Data: data}
}

var cacheLabel = map[string]string{memo.LabelConfigMapType: memo.LabelValueCache}

func memoEntry(t *testing.T, nodeID string) (memo.Entry, string) {
	t.Helper()
	at := metav1.NewTime(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	result := "hello"
	e := memo.Entry{NodeID: nodeID, Outputs: &v1alpha1.Outputs{Result: &result}, CreationTimestamp: at, LastHitTimestamp: at}
	text, err := memo.Encode(e)
	if err != nil {
		t.Fatal(err)
	}
	return e, text
}

func TestMemoLoad(t *testing.T) {
	e, text := memoEntry(t, "wf-1")
	s := &memoStore{configMaps: configMapLister(t,
		configMap("cache", cacheLabel, map[string]string{"hello": text, "broken": "{"}),
		configMap("plain", nil, map[string]string{"hello": text}),
	)}
	got, ok := s.Load("default", "cache", "hello")
	if !ok || got.NodeID != e.NodeID || *got.Outputs.Result != "hello" {
		t.Fatalf("Load = %+v %v", got, ok)
	}
	for _, miss := range [][2]string{{"cache", "absent"}, {"cache", "broken"}, {"plain", "hello"}, {"nowhere", "hello"}} {
		if _, ok := s.Load("default", miss[0], miss[1]); ok {
			t.Errorf("Load(%s, %s) hit", miss[0], miss[1])
		}
	}
}

func TestMemoSave(t *testing.T) {
	e, text := memoEntry(t, "wf-1")
	ctx := context.Background()
	t.Run("creates the cache with its label", func(t *testing.T) {
		kube := kubefake.NewClientset()
		s := &memoStore{kube: kube}
		if err := s.save(ctx, engine.MemoWrite{Namespace: "default", ConfigMap: "cache", Key: "hello", Entry: e}); err != nil {
			t.Fatal(err)
		}
		cm, err := kube.CoreV1().ConfigMaps("default").Get(ctx, "cache", metav1.GetOptions{})
		if err != nil || cm.Labels[memo.LabelConfigMapType] != memo.LabelValueCache || cm.Data["hello"] != text {
			t.Fatalf("cache %+v %v", cm, err)
		}
	})
	t.Run("adds to an existing cache, retrying a conflict", func(t *testing.T) {
		kube := kubefake.NewClientset(configMap("cache", cacheLabel, map[string]string{"other": "x"}))
		conflicts := 0
		kube.PrependReactor("update", "configmaps", func(clienttesting.Action) (bool, runtime.Object, error) {
			if conflicts == 0 {
				conflicts++
				return true, nil, apierrors.NewConflict(schema.GroupResource{Resource: "configmaps"}, "cache", nil)
			}
			return false, nil, nil
		})
		s := &memoStore{kube: kube}
		if err := s.save(ctx, engine.MemoWrite{Namespace: "default", ConfigMap: "cache", Key: "hello", Entry: e}); err != nil {
			t.Fatal(err)
		}
		cm, _ := kube.CoreV1().ConfigMaps("default").Get(ctx, "cache", metav1.GetOptions{})
		if conflicts != 1 || cm.Data["hello"] != text || cm.Data["other"] != "x" {
			t.Fatalf("conflicts %d, data %v", conflicts, cm.Data)
		}
	})
	t.Run("leaves a ConfigMap that is not a cache alone", func(t *testing.T) {
		kube := kubefake.NewClientset(configMap("settings", nil, map[string]string{"a": "b"}))
		s := &memoStore{kube: kube}
		err := s.save(ctx, engine.MemoWrite{Namespace: "default", ConfigMap: "settings", Key: "hello", Entry: e})
		if err == nil || !strings.Contains(err.Error(), "is not a memoization cache: label it weft.dev/configmap-type=Cache") {
			t.Fatalf("error %v", err)
		}
		cm, _ := kube.CoreV1().ConfigMaps("default").Get(ctx, "settings", metav1.GetOptions{})
		if len(cm.Data) != 1 {
			t.Fatalf("data %v", cm.Data)
		}
	})
}
