package api

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/ui/uiclient"
)

// presignedFor is how long the address of an object read through the
// service proxy is valid.
const presignedFor = 15 * time.Minute

// defaultRegion is the region an object read through the service proxy is
// signed for when its location names none, so that no request asks the
// store for it first.
const defaultRegion = "us-east-1"

// maxErrorBytes bounds what is read of an error answer.
const maxErrorBytes = 64 << 10

// storedObject is an object being read from an artifact store.
type storedObject struct {
	body io.ReadCloser
	// size is the object's size, -1 when not known.
	size        int64
	contentType string
}

// openObject starts reading the object of an S3 location. An endpoint
// whose host is a cluster service name is dialled by the service's name
// in the workflow's namespace (svc.ns.svc: a bare svc would resolve in weft
// ui's own namespace in the cluster) when that resolves here, and reached
// through the API server's service proxy with the user's credentials when
// it does not (weft ui on a workstation); any other endpoint is dialled
// directly.
func (h *handler) openObject(ctx context.Context, c *uiclient.Clients, namespace string, s3 *v1alpha1.S3Artifact, creds s3Credentials) (*storedObject, error) {
	secure := s3.Insecure == nil || !*s3.Insecure
	svc, ok := serviceOf(s3.Endpoint, namespace, secure)
	if !ok {
		return openDirect(ctx, h.dial, s3, secure, creds)
	}
	qualified := svc.name + "." + svc.namespace + ".svc"
	if !h.resolves(ctx, qualified) {
		return openThroughProxy(ctx, c.Config, throughExternalNames(ctx, c.Kube, svc), secure, s3, creds)
	}
	inNamespace := *s3
	inNamespace.Endpoint = net.JoinHostPort(qualified, svc.port)
	return openDirect(ctx, h.dial, &inNamespace, secure, creds)
}

// openDirect reads the object from its endpoint, connecting with dial,
// signed with AWS's signature version 4 as the executor signs it.
func openDirect(ctx context.Context, dial dialFunc, s3 *v1alpha1.S3Artifact, secure bool, creds s3Credentials) (*storedObject, error) {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.DialContext = dial
	client, err := minio.New(s3.Endpoint, &minio.Options{
		Creds:     credentials.NewStaticV4(creds.accessKey, creds.secretKey, creds.sessionToken),
		Secure:    secure,
		Region:    s3.Region,
		Transport: transport,
	})
	if err != nil {
		return nil, fmt.Errorf("S3 endpoint %q: %w", s3.Endpoint, err)
	}
	obj, err := client.GetObject(ctx, s3.Bucket, s3.Key, minio.GetObjectOptions{})
	if err != nil {
		return nil, storeError(s3, err)
	}
	info, err := obj.Stat()
	if err != nil {
		_ = obj.Close()
		return nil, storeError(s3, err)
	}
	contentType := info.ContentType
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	return &storedObject{body: obj, size: info.Size, contentType: contentType}, nil
}

// storeError is the Status of an artifact store's refusal: 404 for a
// missing object, else 502 with what the store said.
func storeError(s3 *v1alpha1.S3Artifact, err error) error {
	resp := minio.ToErrorResponse(err)
	if resp.Code == minio.NoSuchKey {
		return notFoundError("object", s3.Key, fmt.Sprintf("the artifact store at %s has no object s3://%s/%s", s3.Endpoint, s3.Bucket, s3.Key))
	}
	return badGateway(fmt.Sprintf("the artifact store at %s, reading s3://%s/%s: %v", s3.Endpoint, s3.Bucket, s3.Key, err))
}

// badGateway is a 502 Status with message: the artifact store failed.
func badGateway(message string) error {
	return &apierrors.StatusError{ErrStatus: metav1.Status{
		Status: metav1.StatusFailure, Code: http.StatusBadGateway, Reason: "BadGateway", Message: message,
	}}
}

// openThroughProxy reads the object through the API server's proxy to the
// service, with the user's credentials. The API server takes the request's
// Authorization header for itself and forwards it with its own Host, so
// the object's address carries its signature in the query, in AWS's
// signature version 2, which signs neither.
func openThroughProxy(ctx context.Context, config *rest.Config, svc clusterService, secure bool, s3 *v1alpha1.S3Artifact, creds s3Credentials) (*storedObject, error) {
	region := s3.Region
	if region == "" {
		region = defaultRegion
	}
	signer, err := minio.New(s3.Endpoint, &minio.Options{
		Creds:  credentials.NewStaticV2(creds.accessKey, creds.secretKey, creds.sessionToken),
		Secure: secure,
		Region: region,
	})
	if err != nil {
		return nil, fmt.Errorf("S3 endpoint %q: %w", s3.Endpoint, err)
	}
	object, err := signer.PresignedGetObject(ctx, s3.Bucket, s3.Key, presignedFor, nil)
	if err != nil {
		return nil, fmt.Errorf("signing the address of s3://%s/%s: %w", s3.Bucket, s3.Key, err)
	}
	target, err := proxyURL(config.Host, svc, secure, object)
	if err != nil {
		return nil, fmt.Errorf("the API server's address %q: %w", config.Host, err)
	}
	client, err := rest.HTTPClientFor(config)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target.String(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("the API server's proxy to service %s/%s: %w", svc.namespace, svc.name, err)
	}
	if resp.StatusCode != http.StatusOK {
		defer func() { _ = resp.Body.Close() }()
		return nil, proxyRefusal(resp, svc, s3)
	}
	contentType := resp.Header.Get("Content-Type")
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	return &storedObject{body: resp.Body, size: resp.ContentLength, contentType: contentType}, nil
}

// proxyRefusal is the error of an answer other than 200 through the
// service proxy: the API server's Status verbatim (no right to proxy to
// the service, no such service), or the store's S3 error.
func proxyRefusal(resp *http.Response, svc clusterService, s3 *v1alpha1.S3Artifact) error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBytes))
	var status metav1.Status
	if json.Unmarshal(body, &status) == nil && status.Kind == "Status" {
		return &apierrors.StatusError{ErrStatus: status}
	}
	var s3err struct {
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	}
	if xml.Unmarshal(body, &s3err) == nil && s3err.Code != "" {
		if s3err.Code == minio.NoSuchKey {
			return notFoundError("object", s3.Key, fmt.Sprintf("the artifact store (service %s/%s) has no object s3://%s/%s", svc.namespace, svc.name, s3.Bucket, s3.Key))
		}
		return badGateway(fmt.Sprintf("the artifact store (service %s/%s, through the API server's service proxy) refused s3://%s/%s: %s: %s", svc.namespace, svc.name, s3.Bucket, s3.Key, s3err.Code, s3err.Message))
	}
	return badGateway(fmt.Sprintf("the API server's proxy to service %s/%s answered %s: %s", svc.namespace, svc.name, resp.Status, strings.TrimSpace(string(body))))
}
