package apipath

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/wait"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
)

// client reaches kube-apiserver without any client-side rate limit, so that
// what is measured is the server.
type client struct {
	rest *rest.RESTClient
	// http is rest's HTTP client, for requests whose bytes are measured.
	http *http.Client
}

// unlimitedConfig is a copy of config that sends and accepts JSON and never
// waits for a client-side rate limiter.
func unlimitedConfig(config *rest.Config) *rest.Config {
	unlimited := rest.CopyConfig(config)
	unlimited.QPS, unlimited.Burst, unlimited.RateLimiter = -1, 0, nil
	unlimited.ContentConfig = rest.ContentConfig{
		ContentType:          "application/json",
		AcceptContentTypes:   "application/json",
		NegotiatedSerializer: clientgoscheme.Codecs.WithoutConversion(),
	}
	return unlimited
}

// newClient returns a client of config. With ownConnection, it dials
// connections of its own rather than sharing those of every other client of
// the same server, as a separate process would.
func newClient(config *rest.Config, ownConnection bool) (*client, error) {
	unlimited := unlimitedConfig(config)
	if ownConnection {
		dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
		unlimited.Dial = dialer.DialContext
	}
	httpClient, err := rest.HTTPClientFor(unlimited)
	if err != nil {
		return nil, fmt.Errorf("making an HTTP client of the benchmark's kubeconfig: %w", err)
	}
	restClient, err := rest.UnversionedRESTClientForConfigAndClient(unlimited, httpClient)
	if err != nil {
		return nil, fmt.Errorf("making a REST client of the benchmark's kubeconfig: %w", err)
	}
	return &client{rest: restClient, http: httpClient}, nil
}

// create posts body to the system's workflows in namespace.
func (c *client) create(ctx context.Context, system System, namespace string, body []byte) error {
	return c.rest.Post().AbsPath(system.collectionPath(namespace)).Body(body).Do(ctx).Error()
}

// patchStatus merges patch into the status of the workflow name.
func (c *client) patchStatus(ctx context.Context, system System, namespace, name string, patch []byte) error {
	return c.rest.Patch(types.MergePatchType).AbsPath(system.statusPath(namespace, name)).Body(patch).Do(ctx).Error()
}

// listHead is the part of a list response the benchmark reads when it does
// not measure the list itself.
type listHead struct {
	Metadata struct {
		ResourceVersion string `json:"resourceVersion"`
	} `json:"metadata"`
	Items []json.RawMessage `json:"items"`
}

// listFirst lists at most one of the system's workflows in namespace.
func (c *client) listFirst(ctx context.Context, system System, namespace string) (listHead, error) {
	var head listHead
	data, err := c.rest.Get().AbsPath(system.collectionPath(namespace)).Param("limit", "1").Do(ctx).Raw()
	if err != nil {
		return head, err
	}
	return head, json.Unmarshal(data, &head)
}

// deleteAll deletes the system's workflows in namespace and waits until
// none is left, so that the next run starts from the same state.
func (c *client) deleteAll(ctx context.Context, system System, namespace string) error {
	// Deleting thousands of objects outlasts a request's timeout, which ends
	// in a timeout status or a reset stream while the server goes on
	// deleting: only a refusal from the server is final.
	deleteErr := c.rest.Delete().AbsPath(system.collectionPath(namespace)).Do(ctx).Error()
	var status apierrors.APIStatus
	if deleteErr != nil && errors.As(deleteErr, &status) && !apierrors.IsTimeout(deleteErr) && !apierrors.IsServerTimeout(deleteErr) {
		return fmt.Errorf("deleting the %s workflows of namespace %s: %w", system.Name, namespace, deleteErr)
	}
	err := wait.PollUntilContextTimeout(ctx, 200*time.Millisecond, 5*time.Minute, true, func(ctx context.Context) (bool, error) {
		head, err := c.listFirst(ctx, system, namespace)
		return err == nil && len(head.Items) == 0, nil
	})
	if err != nil {
		return fmt.Errorf("the %s workflows of namespace %s were still there 5 minutes after their deletion: %w",
			system.Name, namespace, errors.Join(err, deleteErr))
	}
	return nil
}
