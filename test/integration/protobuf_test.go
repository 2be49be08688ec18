package integration

import (
	"net/http"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"
)

// TestProtobufClientsGetJSON lists workflows as Kubernetes' own controllers
// do (namespace deletion, garbage collection, quota): protobuf first, JSON as
// a fallback. Weft's types have no protobuf form, so the group never offers
// it and every answer is JSON.
func TestProtobufClientsGetJSON(t *testing.T) {
	ctx := testContext(t)
	if _, err := server.Client.WeftV1alpha1().Workflows("protobuf").Create(ctx, helloWorkflow("listed"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	config := rest.CopyConfig(server.Config)
	client, err := rest.HTTPClientFor(config)
	if err != nil {
		t.Fatal(err)
	}
	for accept, contentType := range map[string]string{
		// Full objects: Weft's types have no protobuf form.
		"application/vnd.kubernetes.protobuf, application/json": "application/json",
		// Metadata only, as the namespace controller asks.
		"application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json": "application/json",
	} {
		request, err := http.NewRequestWithContext(ctx, http.MethodGet, config.Host+"/apis/weft.dev/v1alpha1/namespaces/protobuf/workflows", nil)
		if err != nil {
			t.Fatal(err)
		}
		request.Header.Set("Accept", accept)
		response, err := client.Do(request)
		if err != nil {
			t.Fatal(err)
		}
		response.Body.Close()
		if response.StatusCode != http.StatusOK || response.Header.Get("Content-Type") != contentType {
			t.Errorf("Accept %q: status %d, content type %q; want 200 %s",
				accept, response.StatusCode, response.Header.Get("Content-Type"), contentType)
		}
	}
}
