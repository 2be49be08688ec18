/*
Copyright The Weft Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

package fake

import (
	"bytes"
	"fmt"
	"io"
	"net/http"

	"k8s.io/apimachinery/pkg/runtime"
	rest "k8s.io/client-go/rest"
	fakerest "k8s.io/client-go/rest/fake"
	testing "k8s.io/client-go/testing"

	v1alpha1 "github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	scheme "github.com/weft-dev/weft/pkg/generated/clientset/versioned/scheme"
)

// defaultFakeLogs is the log body GetLogs answers when no reactor gives one,
// as client-go's fake pods do.
const defaultFakeLogs = "fake logs"

// GetLogs records a get of the workflows/log subresource, with opts as the
// action's value, and returns a request whose body is the Raw bytes of the
// *runtime.Unknown a reactor returns ("fake logs" without one). A reactor's
// error becomes the request's error.
func (c *fakeWorkflows) GetLogs(name string, opts *v1alpha1.WorkflowLogOptions) *rest.Request {
	action := testing.GenericActionImpl{
		ActionImpl: testing.ActionImpl{Namespace: c.Namespace(), Verb: "get", Resource: c.Resource(), Subresource: "log"},
		Value:      opts,
	}
	body, err := c.logBody(action)
	client := &fakerest.RESTClient{
		Client: fakerest.CreateHTTPClient(func(*http.Request) (*http.Response, error) {
			if err != nil {
				return nil, err
			}
			header := http.Header{"Content-Type": []string{"text/plain"}}
			return &http.Response{StatusCode: http.StatusOK, Header: header, Body: io.NopCloser(bytes.NewReader(body))}, nil
		}),
		NegotiatedSerializer: scheme.Codecs.WithoutConversion(),
		GroupVersion:         c.Kind().GroupVersion(),
		VersionedAPIPath:     fmt.Sprintf("/apis/%s/namespaces/%s/workflows/%s/log", c.Kind().GroupVersion(), c.Namespace(), name),
	}
	return client.Request()
}

// logBody runs the reactors for action and returns the log they give.
func (c *fakeWorkflows) logBody(action testing.Action) ([]byte, error) {
	obj, err := c.Fake.Invokes(action, &runtime.Unknown{Raw: []byte(defaultFakeLogs)})
	if err != nil {
		return nil, err
	}
	unknown, ok := obj.(*runtime.Unknown)
	if !ok || unknown == nil {
		return nil, fmt.Errorf("fake Workflows.GetLogs: a reactor returned %T, want *runtime.Unknown", obj)
	}
	return unknown.Raw, nil
}
