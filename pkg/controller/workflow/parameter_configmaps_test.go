package workflow

import (
	"errors"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/weft-dev/weft/pkg/engine"
)

func TestParameterValue(t *testing.T) {
	labelled := func(key, value string) *corev1.ConfigMap {
		return &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{key: value}}, Data: map[string]string{"msg": "hi"}}
	}
	notFound := apierrors.NewNotFound(schema.GroupResource{Resource: "configmaps"}, "simple")
	cases := []struct {
		name     string
		cm       *corev1.ConfigMap
		err      error
		key      string
		want     string
		problem  string
		notFound bool
	}{
		{name: "weft's label", cm: labelled("weft.dev/configmap-type", "Parameter"), key: "msg", want: "hi"},
		{name: "argo's label", cm: labelled("workflows.argoproj.io/configmap-type", "Parameter"), key: "msg", want: "hi"},
		{name: "missing key", cm: labelled("weft.dev/configmap-type", "Parameter"), key: "nope",
			problem: `ConfigMap ns/simple has no key "nope": add it, or give valueFrom.default`, notFound: true},
		{name: "missing ConfigMap", err: notFound, key: "msg",
			problem: "ConfigMap ns/simple does not exist: create it with the label weft.dev/configmap-type=Parameter and the key \"msg\"", notFound: true},
		{name: "not labelled", cm: labelled("weft.dev/configmap-type", "Cache"), key: "msg",
			problem: "ConfigMap ns/simple does not hold parameters: label it weft.dev/configmap-type=Parameter"},
		{name: "another error", err: errors.New("boom"), key: "msg", problem: "reading ConfigMap ns/simple: boom"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := parameterValue(c.cm, c.err, "ns", "simple", c.key)
			if c.problem == "" {
				if err != nil || got != c.want {
					t.Fatalf("got %q, %v; want %q", got, err, c.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.problem) {
				t.Fatalf("error %v, want one containing %q", err, c.problem)
			}
			if errors.Is(err, engine.ErrConfigMapKeyNotFound) != c.notFound {
				t.Fatalf("error %v: wraps ErrConfigMapKeyNotFound is %v, want %v", err, !c.notFound, c.notFound)
			}
		})
	}
}
