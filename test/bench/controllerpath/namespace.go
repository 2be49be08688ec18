package controllerpath

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/weft-dev/weft/test/bench/cluster"
)

// createNamespace makes a namespace named prefix plus a random suffix.
func createNamespace(ctx context.Context, kube kubernetes.Interface, prefix string) (string, error) {
	ns, err := kube.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: prefix + "-"}}, metav1.CreateOptions{})
	if err != nil {
		return "", fmt.Errorf("creating a namespace %s-*: %w", prefix, err)
	}
	return ns.Name, nil
}

// deleteNamespace deletes namespace and waits until it is gone, so that the
// deletion of its pods does not weigh on the next measurement.
func deleteNamespace(ctx context.Context, kube kubernetes.Interface, namespace string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	err := kube.CoreV1().Namespaces().Delete(ctx, namespace, metav1.DeleteOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("deleting namespace %s: %w", namespace, err)
	}
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for {
		_, err := kube.CoreV1().Namespaces().Get(ctx, namespace, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("namespace %s was still being deleted after %s", namespace, timeout)
		case <-tick.C:
		}
	}
}

// emptyNamespace deletes a simulated cluster's workflows in namespace, so
// that the controller stops, then its pods without the grace period KWOK
// would otherwise end one by one, many at a time: what is measured next
// starts on a quiet cluster.
func emptyNamespace(ctx context.Context, c *cluster.Cluster, namespace string) error {
	ctx = context.WithoutCancel(ctx)
	if err := c.Weft.WeftV1alpha1().Workflows(namespace).DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{}); err != nil {
		return fmt.Errorf("deleting the workflows of namespace %s: %w", namespace, err)
	}
	now := int64(0)
	options := metav1.ListOptions{Limit: 5000}
	for {
		pods, err := c.Kube.CoreV1().Pods(namespace).List(ctx, options)
		if err != nil {
			return fmt.Errorf("listing the pods of namespace %s: %w", namespace, err)
		}
		if err := inParallel(len(pods.Items), rawWorkers, func(i int) error {
			err := c.Kube.CoreV1().Pods(namespace).Delete(ctx, pods.Items[i].Name, metav1.DeleteOptions{GracePeriodSeconds: &now})
			if err != nil && !apierrors.IsNotFound(err) {
				return fmt.Errorf("deleting pod %s/%s: %w", namespace, pods.Items[i].Name, err)
			}
			return nil
		}); err != nil {
			return err
		}
		if options.Continue = pods.Continue; options.Continue == "" {
			return nil
		}
	}
}

// discardNamespace empties namespace of a simulated cluster, then deletes
// it and waits until it is gone. Once ctx is done it does nothing: the
// cluster is thrown away next.
func discardNamespace(ctx context.Context, c *cluster.Cluster, namespace string, pods int) error {
	if ctx.Err() != nil {
		return nil
	}
	if err := emptyNamespace(ctx, c, namespace); err != nil {
		return err
	}
	return deleteNamespace(ctx, c.Kube, namespace, cleanUpDeadline(pods))
}
