package apipath

import (
	"context"
	"errors"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/test/bench/crd"
)

// Namespace is where the benchmark's workflows live, in both systems.
const Namespace = "bench-apipath"

// Setup installs the Workflow CRD, creates Namespace and waits until both
// systems serve workflows there. The returned teardown deletes the
// namespace and the CRD, and with it every custom resource left.
func Setup(ctx context.Context, config *rest.Config) (teardown func(context.Context) error, err error) {
	kube, err := kubernetes.NewForConfig(config)
	if err != nil {
		return nil, err
	}
	extensions, err := apiextensionsclient.NewForConfig(config)
	if err != nil {
		return nil, err
	}
	c, err := newClient(config, false)
	if err != nil {
		return nil, err
	}
	teardown = func(ctx context.Context) error {
		return errors.Join(deleteNamespace(ctx, kube), uninstallCRD(ctx, extensions))
	}
	if err := installCRD(ctx, extensions); err != nil {
		return nil, errors.Join(err, teardown(ctx))
	}
	_, err = kube.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: Namespace}}, metav1.CreateOptions{})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		return nil, errors.Join(fmt.Errorf("creating namespace %s: %w", Namespace, err), teardown(ctx))
	}
	for _, system := range Systems {
		if err := waitServed(ctx, c, system); err != nil {
			return nil, errors.Join(err, teardown(ctx))
		}
	}
	return teardown, nil
}

// installCRD creates or updates the Workflow CRD and waits until it is
// established.
func installCRD(ctx context.Context, extensions apiextensionsclient.Interface) error {
	definition, err := crd.Workflow()
	if err != nil {
		return err
	}
	definitions := extensions.ApiextensionsV1().CustomResourceDefinitions()
	existing, err := definitions.Get(ctx, crd.Name, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
		_, err = definitions.Create(ctx, definition, metav1.CreateOptions{})
	case err == nil:
		existing.Spec = definition.Spec
		_, err = definitions.Update(ctx, existing, metav1.UpdateOptions{})
	}
	if err != nil {
		return fmt.Errorf("installing CRD %s: %w", crd.Name, err)
	}
	err = wait.PollUntilContextTimeout(ctx, 200*time.Millisecond, time.Minute, true, func(ctx context.Context) (bool, error) {
		installed, err := definitions.Get(ctx, crd.Name, metav1.GetOptions{})
		if err != nil {
			return false, nil
		}
		for _, condition := range installed.Status.Conditions {
			if condition.Type == apiextensionsv1.Established && condition.Status == apiextensionsv1.ConditionTrue {
				return true, nil
			}
		}
		return false, nil
	})
	if err != nil {
		return fmt.Errorf("CRD %s was not established within a minute: %w", crd.Name, err)
	}
	return nil
}

// uninstallCRD deletes the Workflow CRD and waits until it is gone, its
// custom resources with it.
func uninstallCRD(ctx context.Context, extensions apiextensionsclient.Interface) error {
	definitions := extensions.ApiextensionsV1().CustomResourceDefinitions()
	if err := definitions.Delete(ctx, crd.Name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("deleting CRD %s: %w", crd.Name, err)
	}
	err := wait.PollUntilContextTimeout(ctx, 200*time.Millisecond, 5*time.Minute, true, func(ctx context.Context) (bool, error) {
		_, err := definitions.Get(ctx, crd.Name, metav1.GetOptions{})
		return apierrors.IsNotFound(err), nil
	})
	if err != nil {
		return fmt.Errorf("CRD %s was still there 5 minutes after its deletion: %w", crd.Name, err)
	}
	return nil
}

// deleteNamespace deletes Namespace without waiting: the namespace
// controller empties it in the background.
func deleteNamespace(ctx context.Context, kube kubernetes.Interface) error {
	err := kube.CoreV1().Namespaces().Delete(ctx, Namespace, metav1.DeleteOptions{})
	if err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("deleting namespace %s: %w", Namespace, err)
	}
	return nil
}

// waitServed waits until the system lists workflows in Namespace: for the
// CRD, until its handler is up; for Weft, until the aggregator reaches
// weft-apiserver.
func waitServed(ctx context.Context, c *client, system System) error {
	var lastErr error
	err := wait.PollUntilContextTimeout(ctx, 200*time.Millisecond, time.Minute, true, func(ctx context.Context) (bool, error) {
		_, lastErr = c.listFirst(ctx, system, Namespace)
		return lastErr == nil, nil
	})
	if err != nil {
		return fmt.Errorf("%s workflows (%s) were not served within a minute: %w", system.Name, system.Group, errors.Join(err, lastErr))
	}
	return nil
}
