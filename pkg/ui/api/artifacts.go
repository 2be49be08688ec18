package api

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/statusnodes"
)

// artifact answers GET /api/artifacts/{ns}/{workflow}/{node}/{artifact}
// with the stored object of a node's output artifact, as an attachment.
func (h *handler) artifact(w http.ResponseWriter, r *http.Request) {
	ns, name, nodeID, artifactName := r.PathValue("ns"), r.PathValue("workflow"), r.PathValue("node"), r.PathValue("artifact")
	c, ok := h.clients(w, r)
	if !ok {
		return
	}
	wf, err := c.Weft.WeftV1alpha1().Workflows(ns).Get(r.Context(), name, metav1.GetOptions{})
	if err != nil {
		writeError(w, err, fmt.Sprintf("reading workflow %s/%s", ns, name))
		return
	}
	if wf, err = statusnodes.UnpackWorkflow(wf); err != nil {
		writeError(w, err, fmt.Sprintf("unpacking the nodes of workflow %s/%s", ns, name))
		return
	}
	a, err := outputArtifact(wf, nodeID, artifactName)
	if err != nil {
		writeError(w, err, "")
		return
	}
	creds, err := credentialsOf(r.Context(), c.Kube, ns, a.S3)
	if err != nil {
		writeError(w, err, fmt.Sprintf("reading the credentials of artifact %s", artifactName))
		return
	}
	obj, err := h.openObject(r.Context(), c, ns, a.S3, creds)
	if err != nil {
		writeError(w, err, fmt.Sprintf("reading artifact %s from s3://%s/%s", artifactName, a.S3.Bucket, a.S3.Key))
		return
	}
	defer func() { _ = obj.body.Close() }()
	w.Header().Set("Content-Type", obj.contentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": path.Base(a.S3.Key)}))
	if obj.size >= 0 {
		w.Header().Set("Content-Length", strconv.FormatInt(obj.size, 10))
	}
	w.WriteHeader(http.StatusOK)
	_, _ = io.Copy(w, obj.body)
}

// outputArtifact is the named output artifact of a node, when it is an
// S3 object that is still stored; else a Status error saying why not.
func outputArtifact(wf *v1alpha1.Workflow, nodeID, name string) (*v1alpha1.Artifact, error) {
	n, ok := wf.Status.Nodes[nodeID]
	if !ok {
		return nil, notFoundError("node", nodeID, fmt.Sprintf("workflow %s/%s has no node %s", wf.Namespace, wf.Name, nodeID))
	}
	var names []string
	if n.Outputs != nil {
		for i := range n.Outputs.Artifacts {
			a := &n.Outputs.Artifacts[i]
			names = append(names, a.Name)
			if a.Name != name {
				continue
			}
			switch {
			case a.Deleted:
				return nil, apierrors.NewGone(fmt.Sprintf("output artifact %s of node %s was deleted by artifact garbage collection", name, nodeID))
			case a.S3 == nil || a.S3.Bucket == "" || a.S3.Key == "" || a.S3.Endpoint == "":
				return nil, apierrors.NewBadRequest(fmt.Sprintf("output artifact %s of node %s is not an S3 object with an endpoint, bucket and key: only those can be downloaded", name, nodeID))
			}
			return a, nil
		}
	}
	has := "it has none"
	if len(names) > 0 {
		has = "it has " + strings.Join(names, ", ")
	}
	return nil, notFoundError("artifact", name, fmt.Sprintf("node %s of workflow %s/%s has no output artifact %s: %s", nodeID, wf.Namespace, wf.Name, name, has))
}

// notFoundError is a 404 Status with message.
func notFoundError(resource, name, message string) error {
	err := apierrors.NewNotFound(schema.GroupResource{Resource: resource}, name)
	err.ErrStatus.Message = message
	return err
}
