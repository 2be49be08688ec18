package engine

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/podspec"
	"github.com/weft-dev/weft/pkg/executor"
)

// podArtifacts are what the executor of a pod template's pod places and
// saves: the node's resolved inputs and the template's outputs, each
// location complete and its credentials files of mounted Secrets. The
// controller never reads the Secrets; it only names them.
func (o *operation) podArtifacts(tmpl *v1alpha1.Template, inputs []v1alpha1.Artifact, sc *scope) (podspec.Artifacts, error) {
	var out podspec.Artifacts
	for _, a := range inputs {
		if a.Path == "" {
			return out, fmt.Errorf("inputs.artifacts.%s: a container or script template's input artifact needs a path", a.Name)
		}
		loc, err := executorLocation(a.ArtifactLocation, &out.Secrets)
		if err != nil {
			return out, fmt.Errorf("inputs.artifacts.%s: %v", a.Name, err)
		}
		spec := executor.ArtifactSpec{Name: a.Name, Path: a.Path, Optional: a.Optional, SubPath: a.SubPath, Location: loc}
		if a.Mode != nil {
			spec.Mode = *a.Mode
		}
		out.Inputs = append(out.Inputs, spec)
	}
	for i := range tmpl.Outputs.Artifacts {
		a := &tmpl.Outputs.Artifacts[i]
		if a.Path == "" {
			return out, fmt.Errorf("outputs.artifacts.%s: a container or script template's output artifact needs a path", a.Name)
		}
		l, err := o.outputLocation(tmpl, a, sc)
		if err != nil {
			return out, err
		}
		loc, err := executorLocation(l, &out.Secrets)
		if err != nil {
			return out, fmt.Errorf("outputs.artifacts.%s: %v", a.Name, err)
		}
		spec := executor.ArtifactSpec{Name: a.Name, Path: a.Path, Optional: a.Optional, Archive: archiveOf(a), Location: loc}
		if a.Archive != nil && a.Archive.Tar != nil && a.Archive.Tar.CompressionLevel != nil {
			level := int(*a.Archive.Tar.CompressionLevel)
			spec.CompressionLevel = &level
		}
		out.Outputs = append(out.Outputs, spec)
	}
	return out, nil
}

// executorLocation is an artifact location in the executor's terms, each
// Secret key it reads added to secrets and named by its mounted file.
func executorLocation(l v1alpha1.ArtifactLocation, secrets *[]podspec.SecretKey) (executor.ArtifactLocation, error) {
	file := func(sel *corev1.SecretKeySelector) string {
		if sel == nil || sel.Name == "" || sel.Key == "" {
			return ""
		}
		*secrets = append(*secrets, podspec.SecretKey{Secret: sel.Name, Key: sel.Key})
		return podspec.SecretPath(sel.Name, sel.Key)
	}
	switch {
	case l.S3 != nil:
		s := l.S3
		switch {
		case s.RoleARN != "" || s.UseSDKCreds:
			return executor.ArtifactLocation{}, fmt.Errorf("s3: roleARN and useSDKCreds are not supported: give accessKeySecret and secretKeySecret")
		case s.CASecret != nil:
			return executor.ArtifactLocation{}, fmt.Errorf("s3: caSecret is not supported")
		case s.EncryptionOptions != nil && (s.EncryptionOptions.EnableEncryption || s.EncryptionOptions.ServerSideCustomerKeySecret != nil):
			return executor.ArtifactLocation{}, fmt.Errorf("s3: encryptionOptions are not supported")
		case s.Endpoint == "" || s.Bucket == "" || s.Key == "":
			return executor.ArtifactLocation{}, fmt.Errorf("s3 needs an endpoint, a bucket and a key (from the artifact or the artifact repository)")
		}
		return executor.ArtifactLocation{S3: &executor.S3Location{
			Endpoint: s.Endpoint, Bucket: s.Bucket, Key: s.Key, Region: s.Region,
			Insecure:      s.Insecure != nil && *s.Insecure,
			AccessKeyFile: file(s.AccessKeySecret), SecretKeyFile: file(s.SecretKeySecret),
			SessionTokenFile:         file(s.SessionTokenSecret),
			CreateBucketIfNotPresent: s.CreateBucketIfNotPresent != nil,
		}}, nil
	case l.HTTP != nil:
		h := l.HTTP
		if h.Auth != nil && (h.Auth.OAuth2.ClientIDSecret != nil || h.Auth.ClientCert.ClientCertSecret != nil) {
			return executor.ArtifactLocation{}, fmt.Errorf("http: only auth.basicAuth is supported")
		}
		out := &executor.HTTPLocation{URL: h.URL}
		for _, hd := range h.Headers {
			out.Headers = append(out.Headers, executor.HTTPHeader{Name: hd.Name, Value: hd.Value})
		}
		if h.Auth != nil {
			out.UsernameFile, out.PasswordFile = file(h.Auth.BasicAuth.UsernameSecret), file(h.Auth.BasicAuth.PasswordSecret)
		}
		return executor.ArtifactLocation{HTTP: out}, nil
	case l.Git != nil:
		g := l.Git
		out := &executor.GitLocation{
			Repo: g.Repo, Revision: g.Revision, Branch: g.Branch, SingleBranch: g.SingleBranch,
			Fetch: g.Fetch, DisableSubmodules: g.DisableSubmodules,
			InsecureIgnoreHostKey: g.InsecureIgnoreHostKey, InsecureSkipTLS: g.InsecureSkipTLS,
			UsernameFile: file(g.UsernameSecret), PasswordFile: file(g.PasswordSecret),
			SSHPrivateKeyFile: file(g.SSHPrivateKeySecret),
		}
		if g.Depth != nil {
			out.Depth = int(*g.Depth)
		}
		return executor.ArtifactLocation{Git: out}, nil
	case l.Raw != nil:
		return executor.ArtifactLocation{Raw: &executor.RawLocation{Data: l.Raw.Data}}, nil
	}
	return executor.ArtifactLocation{}, fmt.Errorf("%s artifacts are not supported: use s3, http, git or raw", locationKind(l))
}

// locationKind names the store of a location.
func locationKind(l v1alpha1.ArtifactLocation) string {
	switch {
	case l.HTTP != nil:
		return "http"
	case l.Git != nil:
		return "git"
	case l.Raw != nil:
		return "raw"
	case l.Artifactory != nil:
		return "artifactory"
	case l.HDFS != nil:
		return "hdfs"
	case l.OSS != nil:
		return "oss"
	case l.GCS != nil:
		return "gcs"
	case l.Azure != nil:
		return "azure"
	}
	return "location-less"
}
