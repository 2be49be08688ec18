package api

import (
	"net"
	"net/url"
	"strings"
)

// clusterService is a Service of the cluster that an artifact store's
// endpoint names.
type clusterService struct {
	namespace, name, port string
}

// serviceOf reads an S3 endpoint (host or host:port) whose host is a
// cluster service name: svc (in namespace), svc.ns, svc.ns.svc or
// svc.ns.svc.cluster.local. Without a port it is 443, or 80 when the store
// is reached over plain HTTP. Other hosts, IP addresses and localhost are
// not services.
func serviceOf(endpoint, namespace string, secure bool) (clusterService, bool) {
	host, port, err := net.SplitHostPort(endpoint)
	if err != nil {
		host, port = endpoint, "80"
		if secure {
			port = "443"
		}
	}
	if host == "" || host == "localhost" || net.ParseIP(host) != nil {
		return clusterService{}, false
	}
	labels := strings.Split(strings.TrimSuffix(host, "."), ".")
	switch {
	case len(labels) == 1:
		return clusterService{namespace: namespace, name: labels[0], port: port}, true
	case len(labels) == 2,
		len(labels) == 3 && labels[2] == "svc",
		len(labels) == 5 && strings.Join(labels[2:], ".") == "svc.cluster.local":
		return clusterService{namespace: labels[1], name: labels[0], port: port}, true
	}
	return clusterService{}, false
}

// proxyURL is the address, through the API server at apiServer (a
// rest.Config's Host), of objectURL on the service: the service proxy
// /api/v1/namespaces/NS/services/[https:]NAME:PORT/proxy followed by the
// object's path and query.
func proxyURL(apiServer string, svc clusterService, secure bool, objectURL *url.URL) (*url.URL, error) {
	if !strings.Contains(apiServer, "://") {
		apiServer = "https://" + apiServer
	}
	base, err := url.Parse(strings.TrimSuffix(apiServer, "/"))
	if err != nil {
		return nil, err
	}
	scheme := ""
	if secure {
		scheme = "https:"
	}
	prefix := "/api/v1/namespaces/" + url.PathEscape(svc.namespace) + "/services/" + scheme + url.PathEscape(svc.name) + ":" + svc.port + "/proxy"
	out := *base
	out.Path = base.Path + prefix + objectURL.Path
	out.RawPath = base.EscapedPath() + prefix + objectURL.EscapedPath()
	out.RawQuery = objectURL.RawQuery
	return &out, nil
}
