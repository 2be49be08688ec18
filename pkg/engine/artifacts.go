package engine

import (
	"fmt"
	"path"
	"strings"

	"k8s.io/apimachinery/pkg/api/equality"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/expr"
	"github.com/weft-dev/weft/pkg/executor"
)

// DefaultKeyFormat is the key of an output artifact's directory when the
// repository gives no keyFormat, as Argo makes it; the artifact's file name
// (NAME.tgz, NAME.zip, or the path's base name for archive none) follows.
const DefaultKeyFormat = "{{workflow.name}}/{{pod.name}}"

// ArtifactRepository is the artifact repository a workflow resolved, found
// by the controller: where output artifacts without a location of their own
// are saved, and where key-only artifacts live.
type ArtifactRepository struct {
	// Ref is what status.artifactRepositoryRef records: the ConfigMap and key
	// the repository came from, or Default for the controller's own.
	Ref *v1alpha1.ArtifactRepositoryRefStatus
	// S3 is the repository's bucket; nil when there is no repository.
	S3 *v1alpha1.S3Bucket
	// KeyFormat is the template of an output artifact's key directory;
	// DefaultKeyFormat when empty.
	KeyFormat string
	// Problem, when set, says why the repository the workflow names could
	// not be resolved and what to do; the workflow ends in Error with it.
	Problem string
}

// recordRepository records in the status the repository the workflow uses.
func (o *operation) recordRepository() {
	r := o.repo
	if r == nil || r.Ref == nil {
		return
	}
	if equality.Semantic.DeepEqual(o.status.ArtifactRepositoryRef, r.Ref) {
		return
	}
	o.status.ArtifactRepositoryRef = r.Ref.DeepCopy()
	o.changed = true
}

// repositoryProblem is why the workflow cannot run for its repository.
func (o *operation) repositoryProblem() error {
	if o.repo != nil && o.repo.Problem != "" {
		return fmt.Errorf("%s", o.repo.Problem)
	}
	return nil
}

// repositoryBucket is the bucket artifacts without their own go to: the
// template's archiveLocation, else the workflow's repository.
func (o *operation) repositoryBucket(tmpl *v1alpha1.Template) (*v1alpha1.S3Bucket, string, error) {
	if l := tmpl.ArchiveLocation; l != nil && l.S3 != nil && l.S3.Bucket != "" {
		format := l.S3.Key
		if format == "" {
			format = DefaultKeyFormat
		}
		b := l.S3.S3Bucket
		return &b, format, nil
	}
	if o.repo == nil || o.repo.S3 == nil {
		return nil, "", fmt.Errorf("no artifact repository is configured: create the ConfigMap artifact-repositories in namespace %s (kubectl apply -k artifacts/quick-start -n %s), name one with spec.artifactRepositoryRef, or give the artifact a full location (s3 endpoint, bucket and key)", o.wf.Namespace, o.wf.Namespace)
	}
	format := o.repo.KeyFormat
	if format == "" {
		format = DefaultKeyFormat
	}
	b := *o.repo.S3
	return &b, format, nil
}

// completeS3 fills what an s3 location leaves out from the repository's
// bucket: endpoint, bucket, region and credentials.
func completeS3(own *v1alpha1.S3Artifact, repo *v1alpha1.S3Bucket) *v1alpha1.S3Artifact {
	out := own.DeepCopy()
	if out.Endpoint == "" {
		out.Endpoint = repo.Endpoint
	}
	if out.Bucket == "" {
		out.Bucket = repo.Bucket
	}
	if out.Region == "" {
		out.Region = repo.Region
	}
	if out.Insecure == nil && repo.Insecure != nil {
		v := *repo.Insecure
		out.Insecure = &v
	}
	if out.AccessKeySecret == nil && out.SecretKeySecret == nil && repo.AccessKeySecret != nil {
		out.AccessKeySecret = repo.AccessKeySecret.DeepCopy()
		out.SecretKeySecret = repo.SecretKeySecret.DeepCopy()
		out.SessionTokenSecret = repo.SessionTokenSecret.DeepCopy()
	}
	if out.CreateBucketIfNotPresent == nil && repo.CreateBucketIfNotPresent != nil {
		out.CreateBucketIfNotPresent = repo.CreateBucketIfNotPresent.DeepCopy()
	}
	return out
}

// s3Complete says an s3 location names its object fully.
func s3Complete(s *v1alpha1.S3Artifact) bool {
	return s != nil && s.Endpoint != "" && s.Bucket != "" && s.Key != ""
}

// hasArtifactLocation says an artifact names where it is (or only its key).
func hasArtifactLocation(l *v1alpha1.ArtifactLocation) bool {
	return l.S3 != nil || l.HTTP != nil || l.Git != nil || l.Raw != nil ||
		l.Artifactory != nil || l.HDFS != nil || l.OSS != nil || l.GCS != nil || l.Azure != nil
}

// outputFileName is the name an output is saved under in its key directory.
func outputFileName(a *v1alpha1.Artifact) string {
	switch archiveOf(a) {
	case executor.ArchiveNone:
		return path.Base(a.Path)
	case executor.ArchiveZip:
		return a.Name + ".zip"
	}
	return a.Name + ".tgz"
}

// archiveOf is an artifact's archive strategy in the executor's terms.
func archiveOf(a *v1alpha1.Artifact) string {
	switch {
	case a.Archive == nil:
		return executor.ArchiveTarGzip
	case a.Archive.None != nil:
		return executor.ArchiveNone
	case a.Archive.Zip != nil:
		return executor.ArchiveZip
	}
	return executor.ArchiveTarGzip
}

// outputLocation is where a pod template's output artifact is saved: its
// own full location, its own key in the repository's bucket, or the
// repository's key directory with the artifact's file name. sc resolves the
// key format's references (pod.name among them).
func (o *operation) outputLocation(tmpl *v1alpha1.Template, a *v1alpha1.Artifact, sc *scope) (v1alpha1.ArtifactLocation, error) {
	own := a.ArtifactLocation
	own.ArchiveLogs = nil
	if own.S3 != nil && s3Complete(own.S3) {
		return own, nil
	}
	if hasArtifactLocation(&own) && own.S3 == nil {
		return v1alpha1.ArtifactLocation{}, fmt.Errorf("output artifact %q: %s locations cannot be saved to: give an s3 location, or none for the artifact repository", a.Name, locationKind(own))
	}
	bucket, format, err := o.repositoryBucket(tmpl)
	if err != nil {
		return v1alpha1.ArtifactLocation{}, fmt.Errorf("output artifact %q: %v", a.Name, err)
	}
	s3 := own.S3
	if s3 == nil {
		s3 = &v1alpha1.S3Artifact{}
	}
	s3 = completeS3(s3, bucket)
	if s3.Key == "" {
		dir, err := renderKeyFormat(format, sc)
		if err != nil {
			return v1alpha1.ArtifactLocation{}, fmt.Errorf("output artifact %q: the repository's keyFormat: %v", a.Name, err)
		}
		s3.Key = path.Join(dir, outputFileName(a))
	}
	return v1alpha1.ArtifactLocation{S3: s3}, nil
}

// renderKeyFormat resolves a key format's references in sc, which holds
// the workflow's variables (workflow.creationTimestamp.Y and the like) and
// the pod's name.
func renderKeyFormat(format string, sc *scope) (string, error) {
	key, err := expr.Substitute(format, sc, expr.Strict)
	if err != nil {
		return "", err
	}
	return strings.Trim(key, "/"), nil
}
