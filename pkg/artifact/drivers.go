package artifact

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"

	"github.com/weft-dev/weft/pkg/executor"
)

// DefaultS3PartSize is the part size of S3 multipart uploads when
// Drivers.S3PartSize is zero: an upload of unknown size (a tar being packed)
// buffers one part at a time.
const DefaultS3PartSize = 16 << 20

// Drivers loads, saves and deletes artifacts with the S3, HTTP, git and raw
// drivers. The zero value is ready to use.
type Drivers struct {
	// HTTPClient downloads HTTP artifacts; nil is http.DefaultClient.
	HTTPClient *http.Client
	// S3PartSize is the part size of S3 multipart uploads, at least 5 MiB;
	// zero is DefaultS3PartSize.
	S3PartSize uint64
	// S3Transport carries the S3 clients' requests; nil is minio-go's default.
	S3Transport http.RoundTripper
}

var _ executor.Artifacts = Drivers{}

// Load places the input artifact at a.Path: it downloads it into a staging
// directory next to the path, unpacks it, picks a.SubPath and moves the
// result to the path, which must not be a directory that is not empty.
func (d Drivers) Load(ctx context.Context, a executor.ArtifactSpec) error {
	if a.Path == "" {
		return errors.New("the artifact has no path")
	}
	parent := filepath.Dir(a.Path)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(a.Path)+".weft-")
	if err != nil {
		return fmt.Errorf("making a staging directory: %w", err)
	}
	defer func() { _ = os.RemoveAll(stage) }()
	content, packed, err := d.fetch(ctx, a.Location, stage)
	if err != nil {
		return err
	}
	if packed {
		unpacked := filepath.Join(stage, "unpacked")
		if err := os.Mkdir(unpacked, 0o755); err != nil {
			return err
		}
		if content, err = unpack(content, a.Archive, unpacked); err != nil {
			return err
		}
	}
	if a.SubPath != "" {
		if content, err = pickSubPath(content, a.SubPath); err != nil {
			return err
		}
	}
	if err := move(content, a.Path); err != nil {
		return err
	}
	if a.Mode != 0 {
		return os.Chmod(a.Path, fs.FileMode(a.Mode)&fs.ModePerm)
	}
	return nil
}

// fetch downloads the artifact into the directory stage and returns the
// path of what it downloaded and whether that may be an archive to unpack.
func (d Drivers) fetch(ctx context.Context, loc executor.ArtifactLocation, stage string) (string, bool, error) {
	switch {
	case loc.S3 != nil:
		return d.fetchS3(ctx, loc.S3, stage)
	case loc.HTTP != nil:
		file, err := d.fetchHTTP(ctx, loc.HTTP, stage)
		return file, true, err
	case loc.Git != nil:
		dir, err := fetchGit(ctx, loc.Git, stage)
		return dir, false, err
	case loc.Raw != nil:
		file, err := writeRaw(loc.Raw, stage)
		return file, false, err
	default:
		return "", false, errors.New("the artifact has no location: set one of s3, http, git or raw")
	}
}

// Save saves the file or directory at a.Path to its location, packed as
// a.Archive says. Only S3 locations can be saved to.
func (d Drivers) Save(ctx context.Context, a executor.ArtifactSpec) error {
	if a.Location.S3 == nil {
		return fmt.Errorf("output artifacts can only be saved to S3, not to a %s location", kind(a.Location))
	}
	return d.saveS3(ctx, a)
}

// Delete deletes the artifact from its location: the object at the key and
// every object under the key as a prefix. Only S3 locations can be deleted.
func (d Drivers) Delete(ctx context.Context, a executor.ArtifactSpec) error {
	if a.Location.S3 == nil {
		return fmt.Errorf("only S3 artifacts can be deleted, not a %s location", kind(a.Location))
	}
	return d.deleteS3(ctx, a.Location.S3)
}

// kind names the location's kind for messages.
func kind(loc executor.ArtifactLocation) string {
	switch {
	case loc.S3 != nil:
		return "s3"
	case loc.HTTP != nil:
		return "http"
	case loc.Git != nil:
		return "git"
	case loc.Raw != nil:
		return "raw"
	default:
		return "missing"
	}
}
