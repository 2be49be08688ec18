package podspec

import (
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"sort"

	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/executor"
)

// SecretsDir is where the Secrets that artifact locations name are mounted
// in the main container, one directory per Secret.
const SecretsDir = ExecutorDir + "/secrets"

// Artifacts are a pod's input and output artifacts, for the executor, and
// the Secret keys their locations read, which the pod mounts.
type Artifacts struct {
	// Inputs and Outputs are the executor's specs, every credential a file
	// under SecretsDir.
	Inputs, Outputs []executor.ArtifactSpec
	// Secrets are the Secret keys mounted, read-only, for the specs.
	Secrets []SecretKey
}

// SecretKey is one key of a Secret in the workflow's namespace.
type SecretKey struct {
	// Secret is the Secret's name; Key the key within it.
	Secret, Key string
}

// SecretPath is the file holding a Secret's key in the main container.
func SecretPath(secret, key string) string {
	return path.Join(SecretsDir, secret, key)
}

// secretVolumePrefix starts the names of the volumes of artifact Secrets.
const secretVolumePrefix = "weft-secret-"

// addArtifactSecrets mounts the Secrets of a pod's artifacts into main, each
// holding only the keys needed. The files are readable by their owner only,
// unless main runs as a user other than root, who then needs to read them
// too. A Secret or key that does not exist leaves its file out, for the
// executor to report which credential it could not read.
func addArtifactSecrets(spec *corev1.PodSpec, main *corev1.Container, secrets []SecretKey) {
	keys := map[string][]string{}
	for _, s := range secrets {
		if !slices.Contains(keys[s.Secret], s.Key) {
			keys[s.Secret] = append(keys[s.Secret], s.Key)
		}
	}
	names := make([]string, 0, len(keys))
	for name := range keys {
		names = append(names, name)
	}
	sort.Strings(names)
	mode := int32(0o400)
	if runsAsNonRoot(spec, main) {
		mode = 0o444
	}
	optional := true
	for i, name := range names {
		volume := fmt.Sprintf("%s%d", secretVolumePrefix, i)
		items := make([]corev1.KeyToPath, 0, len(keys[name]))
		sort.Strings(keys[name])
		for _, k := range keys[name] {
			items = append(items, corev1.KeyToPath{Key: k, Path: k})
		}
		m := mode
		spec.Volumes = append(spec.Volumes, corev1.Volume{Name: volume, VolumeSource: corev1.VolumeSource{
			Secret: &corev1.SecretVolumeSource{SecretName: name, Items: items, DefaultMode: &m, Optional: &optional},
		}})
		main.VolumeMounts = append(main.VolumeMounts, corev1.VolumeMount{Name: volume, MountPath: path.Join(SecretsDir, name), ReadOnly: true})
	}
}

// runsAsNonRoot says main runs as a user other than root.
func runsAsNonRoot(spec *corev1.PodSpec, main *corev1.Container) bool {
	var user *int64
	var nonRoot *bool
	if sc := spec.SecurityContext; sc != nil {
		user, nonRoot = sc.RunAsUser, sc.RunAsNonRoot
	}
	if sc := main.SecurityContext; sc != nil {
		if sc.RunAsUser != nil {
			user = sc.RunAsUser
		}
		if sc.RunAsNonRoot != nil {
			nonRoot = sc.RunAsNonRoot
		}
	}
	return (user != nil && *user != 0) || (user == nil && nonRoot != nil && *nonRoot)
}

// addArtifacts gives the executor of the main container (the one named main,
// else the first) the pod's artifacts, and mounts their Secrets into it.
func addArtifacts(spec *corev1.PodSpec, arts Artifacts) error {
	if len(arts.Inputs) == 0 && len(arts.Outputs) == 0 {
		return nil
	}
	main := &spec.Containers[0]
	for i := range spec.Containers {
		if spec.Containers[i].Name == MainContainer {
			main = &spec.Containers[i]
		}
	}
	for i := range main.Env {
		e := &main.Env[i]
		if e.Name != executor.SpecEnv {
			continue
		}
		var s executor.Spec
		if err := json.Unmarshal([]byte(e.Value), &s); err != nil {
			return fmt.Errorf("container %s: executor spec: %w", main.Name, err)
		}
		s.InputArtifacts, s.OutputArtifacts = arts.Inputs, arts.Outputs
		data, err := json.Marshal(s)
		if err != nil {
			return err
		}
		e.Value = string(data)
		addArtifactSecrets(spec, main, arts.Secrets)
		return nil
	}
	return fmt.Errorf("container %s does not run the executor, which places and saves artifacts", main.Name)
}
