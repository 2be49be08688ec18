package api

import (
	"context"
	"net"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// maxExternalNameHops bounds how many ExternalName Services are followed,
// so that two naming each other end.
const maxExternalNameHops = 5

// throughExternalNames is the Service that serves svc's traffic: svc, or,
// when svc is an ExternalName alias of another Service of the cluster (as
// artifacts/quick-start's minio is), the Service it names, followed to the
// end. The API server's service proxy has no endpoints for an ExternalName
// Service. The lookups are the user's: one they may not make, or an alias
// of a name outside the cluster, leaves the service as it is, for the
// proxy to answer.
func throughExternalNames(ctx context.Context, kube kubernetes.Interface, svc clusterService) clusterService {
	for range maxExternalNameHops {
		service, err := kube.CoreV1().Services(svc.namespace).Get(ctx, svc.name, metav1.GetOptions{})
		if err != nil || service.Spec.Type != corev1.ServiceTypeExternalName {
			return svc
		}
		target, ok := serviceOf(net.JoinHostPort(service.Spec.ExternalName, svc.port), svc.namespace, false)
		if !ok {
			return svc
		}
		svc = target
	}
	return svc
}
