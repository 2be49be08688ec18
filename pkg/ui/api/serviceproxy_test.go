package api

import (
	"net/url"
	"testing"
)

func TestServiceOfReadsClusterServiceNames(t *testing.T) {
	cases := []struct {
		endpoint string
		secure   bool
		want     clusterService
		ok       bool
	}{
		{"minio:9000", false, clusterService{"team-a", "minio", "9000"}, true},
		{"minio.argo:9000", false, clusterService{"argo", "minio", "9000"}, true},
		{"minio.argo.svc:9000", true, clusterService{"argo", "minio", "9000"}, true},
		{"minio.argo.svc.cluster.local:9000", false, clusterService{"argo", "minio", "9000"}, true},
		{"minio.argo.svc.cluster.local", true, clusterService{"argo", "minio", "443"}, true},
		{"minio", false, clusterService{"team-a", "minio", "80"}, true},
		{"s3.amazonaws.com", true, clusterService{}, false},
		{"storage.example.org:9000", false, clusterService{}, false},
		{"10.96.0.12:9000", false, clusterService{}, false},
		{"[::1]:9000", false, clusterService{}, false},
		{"localhost:9000", false, clusterService{}, false},
	}
	for _, c := range cases {
		got, ok := serviceOf(c.endpoint, "team-a", c.secure)
		if ok != c.ok || got != c.want {
			t.Errorf("serviceOf(%q) = %+v %v, want %+v %v", c.endpoint, got, ok, c.want, c.ok)
		}
	}
}

func TestProxyURLGoesThroughTheServiceProxy(t *testing.T) {
	object, err := url.Parse("http://minio:9000/my-bucket/loops-x7k2p/loops-print-123/out%20put.tgz?AWSAccessKeyId=admin&Expires=1&Signature=a%2Bb")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		apiServer string
		secure    bool
		want      string
	}{
		{"https://127.0.0.1:6443", false, "https://127.0.0.1:6443/api/v1/namespaces/argo/services/minio:9000/proxy/my-bucket/loops-x7k2p/loops-print-123/out%20put.tgz?AWSAccessKeyId=admin&Expires=1&Signature=a%2Bb"},
		{"https://rancher.example/k8s/clusters/c-1/", true, "https://rancher.example/k8s/clusters/c-1/api/v1/namespaces/argo/services/https:minio:9000/proxy/my-bucket/loops-x7k2p/loops-print-123/out%20put.tgz?AWSAccessKeyId=admin&Expires=1&Signature=a%2Bb"},
		{"127.0.0.1:6443", false, "https://127.0.0.1:6443/api/v1/namespaces/argo/services/minio:9000/proxy/my-bucket/loops-x7k2p/loops-print-123/out%20put.tgz?AWSAccessKeyId=admin&Expires=1&Signature=a%2Bb"},
	}
	for _, c := range cases {
		got, err := proxyURL(c.apiServer, clusterService{"argo", "minio", "9000"}, c.secure, object)
		if err != nil || got.String() != c.want {
			t.Errorf("proxyURL(%q, secure %v) = %v %v\nwant %s", c.apiServer, c.secure, got, err, c.want)
		}
	}
}
