package v1alpha1

import (
	"testing"

	"k8s.io/client-go/rest"

	weftv1alpha1 "github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func TestGetLogsRequest(t *testing.T) {
	client, err := NewForConfig(&rest.Config{Host: "https://weft.example"})
	if err != nil {
		t.Fatal(err)
	}
	tail := int64(3)
	url := client.Workflows("ns").GetLogs("wf", &weftv1alpha1.WorkflowLogOptions{Follow: true, TailLines: &tail, Grep: "^NAME="}).URL()
	if url.Path != "/apis/weft.dev/v1alpha1/namespaces/ns/workflows/wf/log" {
		t.Errorf("path %s", url.Path)
	}
	if got, want := url.Query().Encode(), "follow=true&grep=%5ENAME%3D&tailLines=3"; got != want {
		t.Errorf("query %s, want %s", got, want)
	}
}
