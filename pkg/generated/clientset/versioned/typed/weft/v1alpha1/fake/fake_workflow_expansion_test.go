package fake

import (
	"context"
	"errors"
	"testing"

	"k8s.io/apimachinery/pkg/runtime"
	clienttesting "k8s.io/client-go/testing"

	v1alpha1 "github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func TestFakeGetLogs(t *testing.T) {
	fake := &FakeWeftV1alpha1{Fake: &clienttesting.Fake{}}
	ctx := context.Background()
	body, err := fake.Workflows("ns").GetLogs("wf", &v1alpha1.WorkflowLogOptions{Follow: true}).DoRaw(ctx)
	if err != nil || string(body) != "fake logs" {
		t.Errorf("default: %q, %v", body, err)
	}
	actions := fake.Actions()
	if len(actions) != 1 || actions[0].GetVerb() != "get" || actions[0].GetSubresource() != "log" || actions[0].GetNamespace() != "ns" ||
		!actions[0].(clienttesting.GenericAction).GetValue().(*v1alpha1.WorkflowLogOptions).Follow {
		t.Errorf("actions %+v", actions)
	}

	fake.PrependReactor("get", "workflows", func(clienttesting.Action) (bool, runtime.Object, error) {
		return true, &runtime.Unknown{Raw: []byte("step: hi\n")}, nil
	})
	if body, err := fake.Workflows("ns").GetLogs("wf", &v1alpha1.WorkflowLogOptions{}).DoRaw(ctx); err != nil || string(body) != "step: hi\n" {
		t.Errorf("reactor: %q, %v", body, err)
	}
	fake.PrependReactor("get", "workflows", func(clienttesting.Action) (bool, runtime.Object, error) {
		return true, nil, errors.New("boom")
	})
	if _, err := fake.Workflows("ns").GetLogs("wf", &v1alpha1.WorkflowLogOptions{}).DoRaw(ctx); err == nil {
		t.Error("a reactor's error was lost")
	}
}
