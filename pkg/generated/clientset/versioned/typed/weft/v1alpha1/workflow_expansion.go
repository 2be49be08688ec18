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

package v1alpha1

import (
	rest "k8s.io/client-go/rest"

	weftv1alpha1 "github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	scheme "github.com/weft-dev/weft/pkg/generated/clientset/versioned/scheme"
)

// WorkflowExpansion holds the hand-written methods of WorkflowInterface.
// client-gen leaves this file alone and, because it exists, no longer
// declares an empty WorkflowExpansion in generated_expansion.go.
type WorkflowExpansion interface {
	// GetLogs returns a request for the workflows/log subresource of the
	// named workflow: the logs of its pods as text/plain, each line prefixed
	// with its node's display name unless opts selects one pod or node. Call
	// Stream on the request to read it as it comes (opts.Follow), or DoRaw.
	GetLogs(name string, opts *weftv1alpha1.WorkflowLogOptions) *rest.Request
}

// GetLogs implements WorkflowExpansion.
func (c *workflows) GetLogs(name string, opts *weftv1alpha1.WorkflowLogOptions) *rest.Request {
	return c.GetClient().Get().
		Namespace(c.GetNamespace()).
		Resource("workflows").
		Name(name).
		SubResource("log").
		VersionedParams(opts, scheme.ParameterCodec)
}
