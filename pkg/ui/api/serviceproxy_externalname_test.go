package api

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
)

func externalName(namespace, name, target string) *corev1.Service {
	return &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Namespace: namespace, Name: name},
		Spec:       corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: target},
	}
}

func TestExternalNameServicesAreFollowedToTheServiceTheyName(t *testing.T) {
	kube := fake.NewClientset(
		externalName("team-a", "minio", "store.weft-system.svc.cluster.local"),
		&corev1.Service{ObjectMeta: metav1.ObjectMeta{Namespace: "weft-system", Name: "store"}, Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP}},
		externalName("team-a", "s3", "s3.example.com"),
		externalName("team-a", "ping", "pong"),
		externalName("team-a", "pong", "ping"),
	)
	for _, tc := range []struct {
		name string
		in   clusterService
		want clusterService
	}{
		{"an alias of a cluster Service", clusterService{"team-a", "minio", "9000"}, clusterService{"weft-system", "store", "9000"}},
		{"a plain Service", clusterService{"weft-system", "store", "9000"}, clusterService{"weft-system", "store", "9000"}},
		{"an alias of a name outside the cluster", clusterService{"team-a", "s3", "443"}, clusterService{"team-a", "s3", "443"}},
		{"a missing Service", clusterService{"team-a", "gone", "80"}, clusterService{"team-a", "gone", "80"}},
		{"aliases of each other", clusterService{"team-a", "ping", "80"}, clusterService{"team-a", "pong", "80"}},
	} {
		if got := throughExternalNames(context.Background(), kube, tc.in); got != tc.want {
			t.Errorf("%s: %+v leads to %+v, want %+v", tc.name, tc.in, got, tc.want)
		}
	}
}
