package workflow

import (
	"fmt"
	"path"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	corelisters "k8s.io/client-go/listers/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine"
)

// Argo's names for a namespace's artifact repositories.
const (
	// ArtifactRepositoriesConfigMap is the ConfigMap a workflow's namespace
	// keeps its artifact repositories in, one per key.
	ArtifactRepositoriesConfigMap = "artifact-repositories"
	// DefaultArtifactRepositoryAnnotation names the key of that ConfigMap
	// used when a workflow names none.
	DefaultArtifactRepositoryAnnotation = "workflows.argoproj.io/default-artifact-repository"
)

// UseDefaultArtifactRepository sets the repository of the workflows whose
// namespace has none and that name none: artifactRepository of the
// controller's configuration file. Call it before Run.
func (c *Controller) UseDefaultArtifactRepository(repo *v1alpha1.ArtifactRepository) {
	c.repositories.fallback = repo
}

// artifactRepositories finds a workflow's artifact repository, as Argo does:
// spec.artifactRepositoryRef (ConfigMap artifact-repositories by default,
// its default key by default) in the workflow's namespace; else that
// ConfigMap's default key, when it exists; else the controller's default.
// Once a workflow recorded the one it uses, it keeps using that one.
type artifactRepositories struct {
	configMaps corelisters.ConfigMapLister
	fallback   *v1alpha1.ArtifactRepository
}

// resolve returns the repository of wf; a repository it names that cannot
// be read comes back with a Problem that ends the workflow.
func (r artifactRepositories) resolve(wf *v1alpha1.Workflow) *engine.ArtifactRepository {
	if rec := wf.Status.ArtifactRepositoryRef; rec != nil {
		if rec.Default {
			return r.controllerDefault()
		}
		return r.fromConfigMap(wf.Namespace, rec.ConfigMap, rec.Key, "status.artifactRepositoryRef")
	}
	if ref := wf.Spec.ArtifactRepositoryRef; ref != nil {
		name := ref.ConfigMap
		if name == "" {
			name = ArtifactRepositoriesConfigMap
		}
		return r.fromConfigMap(wf.Namespace, name, ref.Key, "spec.artifactRepositoryRef")
	}
	if r.configMaps != nil {
		cm, err := r.configMaps.ConfigMaps(wf.Namespace).Get(ArtifactRepositoriesConfigMap)
		if err == nil && cm.Annotations[DefaultArtifactRepositoryAnnotation] != "" {
			return r.fromConfigMap(wf.Namespace, ArtifactRepositoriesConfigMap, "", "the namespace's default artifact repository")
		}
	}
	return r.controllerDefault()
}

// controllerDefault is the repository of the controller's configuration.
func (r artifactRepositories) controllerDefault() *engine.ArtifactRepository {
	out := &engine.ArtifactRepository{Ref: &v1alpha1.ArtifactRepositoryRefStatus{Default: true}}
	if r.fallback != nil && r.fallback.S3 != nil {
		out.S3, out.KeyFormat = s3Repository(r.fallback.S3)
	}
	return out
}

// fromConfigMap reads the repository of one key of a ConfigMap; an empty
// key is the ConfigMap's default. where names what referred to it.
func (r artifactRepositories) fromConfigMap(namespace, name, key, where string) *engine.ArtifactRepository {
	problem := func(format string, args ...any) *engine.ArtifactRepository {
		return &engine.ArtifactRepository{Problem: where + ": " + fmt.Sprintf(format, args...)}
	}
	if r.configMaps == nil {
		return problem("ConfigMap %s/%s cannot be read: the controller does not watch ConfigMaps", namespace, name)
	}
	cm, err := r.configMaps.ConfigMaps(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		return problem("ConfigMap %s/%s does not exist: create it (kubectl apply -n %s -k artifacts/quick-start makes one) or name another with spec.artifactRepositoryRef", namespace, name, namespace)
	}
	if err != nil {
		return problem("reading ConfigMap %s/%s: %v", namespace, name, err)
	}
	if key == "" {
		key = cm.Annotations[DefaultArtifactRepositoryAnnotation]
		if key == "" {
			return problem("ConfigMap %s/%s has no annotation %s naming its default key: add it, or give spec.artifactRepositoryRef.key", namespace, name, DefaultArtifactRepositoryAnnotation)
		}
	}
	value, ok := cm.Data[key]
	if !ok {
		return problem("ConfigMap %s/%s has no key %q: add it, or name one of its keys (%s)", namespace, name, key, strings.Join(keysOf(cm), ", "))
	}
	repo, err := parseArtifactRepository(value)
	if err != nil {
		return problem("ConfigMap %s/%s key %q: %v", namespace, name, key, err)
	}
	out := &engine.ArtifactRepository{Ref: &v1alpha1.ArtifactRepositoryRefStatus{
		ArtifactRepositoryRef: v1alpha1.ArtifactRepositoryRef{ConfigMap: name, Key: key},
		Namespace:             namespace,
	}}
	out.S3, out.KeyFormat = s3Repository(repo.S3)
	return out
}

// parseArtifactRepository reads one repository in Argo's format; Weft keeps
// artifacts in S3-compatible stores only.
func parseArtifactRepository(value string) (*v1alpha1.ArtifactRepository, error) {
	if strings.TrimSpace(value) == "" {
		return &v1alpha1.ArtifactRepository{}, nil
	}
	var stores map[string]any
	if err := yaml.Unmarshal([]byte(value), &stores); err != nil {
		return nil, fmt.Errorf("not an artifact repository in YAML: %v", err)
	}
	for store := range stores {
		if store != "s3" && store != "archiveLogs" {
			return nil, fmt.Errorf("%s repositories are not supported: use s3 (any S3-compatible store)", store)
		}
	}
	var repo v1alpha1.ArtifactRepository
	if err := yaml.Unmarshal([]byte(value), &repo); err != nil {
		return nil, fmt.Errorf("not an artifact repository: %v", err)
	}
	if repo.S3 != nil && repo.S3.Bucket == "" {
		return nil, fmt.Errorf("s3.bucket is required")
	}
	return &repo, nil
}

// s3Repository is a repository's bucket and key format, the deprecated
// keyPrefix turned into a key format.
func s3Repository(s3 *v1alpha1.S3ArtifactRepository) (*v1alpha1.S3Bucket, string) {
	if s3 == nil {
		return nil, ""
	}
	bucket := s3.S3Bucket
	format := s3.KeyFormat
	if format == "" && s3.KeyPrefix != "" {
		format = path.Join(s3.KeyPrefix, engine.DefaultKeyFormat)
	}
	return &bucket, format
}

func keysOf(cm *corev1.ConfigMap) []string {
	keys := make([]string, 0, len(cm.Data))
	for k := range cm.Data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
