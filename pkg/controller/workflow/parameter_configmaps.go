package workflow

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"

	"github.com/weft-dev/weft/pkg/engine"
	"github.com/weft-dev/weft/pkg/memo"
)

// LabelValueParameter is the value of the weft.dev/configmap-type label on
// the ConfigMaps that valueFrom.configMapKeyRef parameters may read.
const LabelValueParameter = "Parameter"

// argoLabelConfigMapType is Argo's name for the same label, accepted so that
// ConfigMaps written for Argo work unchanged.
const argoLabelConfigMapType = "workflows.argoproj.io/configmap-type"

// parameterConfigMaps reads parameter ConfigMaps from the informer's cache,
// asking the API server when the cache does not have one yet (it may lag
// behind a ConfigMap created just before the workflow).
type parameterConfigMaps struct {
	ctx        context.Context
	configMaps corelisters.ConfigMapLister
	kube       kubernetes.Interface
}

// configMapReader is the engine's reader of parameter ConfigMaps; nil when
// the controller observes no ConfigMaps.
func (c *Controller) configMapReader(ctx context.Context) engine.ConfigMapReader {
	if c.coord == nil || c.coord.memo == nil {
		return nil
	}
	return parameterConfigMaps{ctx: ctx, configMaps: c.coord.memo.configMaps, kube: c.kube}
}

// ConfigMapKey returns a key of a ConfigMap labelled as holding parameters.
func (r parameterConfigMaps) ConfigMapKey(namespace, name, key string) (string, error) {
	cm, err := r.configMaps.ConfigMaps(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		cm, err = r.kube.CoreV1().ConfigMaps(namespace).Get(r.ctx, name, metav1.GetOptions{})
	}
	return parameterValue(cm, err, namespace, name, key)
}

// parameterValue is the value of key in a ConfigMap that was read with the
// given error, or an error saying what is missing and what to do.
func parameterValue(cm *corev1.ConfigMap, err error, namespace, name, key string) (string, error) {
	switch {
	case apierrors.IsNotFound(err):
		return "", fmt.Errorf("ConfigMap %s/%s does not exist: create it with the label %s=%s and the key %q, or give valueFrom.default: %w",
			namespace, name, memo.LabelConfigMapType, LabelValueParameter, key, engine.ErrConfigMapKeyNotFound)
	case err != nil:
		return "", fmt.Errorf("reading ConfigMap %s/%s: %v", namespace, name, err)
	case cm.Labels[memo.LabelConfigMapType] != LabelValueParameter && cm.Labels[argoLabelConfigMapType] != LabelValueParameter:
		return "", fmt.Errorf("ConfigMap %s/%s does not hold parameters: label it %s=%s to let workflows read its keys",
			namespace, name, memo.LabelConfigMapType, LabelValueParameter)
	}
	value, ok := cm.Data[key]
	if !ok {
		return "", fmt.Errorf("ConfigMap %s/%s has no key %q: add it, or give valueFrom.default: %w", namespace, name, key, engine.ErrConfigMapKeyNotFound)
	}
	return value, nil
}
