package executor

import (
	"context"
	"errors"
)

// Artifacts moves artifacts between their locations and the container's
// files. Package github.com/weft-dev/weft/pkg/artifact implements it with the
// S3, HTTP, git and raw drivers; the executor's command wires it into
// Options.Artifacts, so that this package (imported by the engine) does not
// link the drivers.
type Artifacts interface {
	// Load places an input artifact at its Path. It returns an error wrapping
	// ErrArtifactNotFound when the artifact does not exist at its location.
	Load(ctx context.Context, a ArtifactSpec) error
	// Save saves the file or directory at an output artifact's Path, which
	// exists, to its location.
	Save(ctx context.Context, a ArtifactSpec) error
	// Delete removes an artifact from its location: the object at the key
	// and every object under the key as a prefix. An artifact that is already
	// gone is not an error.
	Delete(ctx context.Context, a ArtifactSpec) error
}

// ErrArtifactNotFound is wrapped by Artifacts.Load when the artifact does not
// exist at its location; an optional input is then skipped.
var ErrArtifactNotFound = errors.New("artifact not found")

// ExitArtifactFailed is the exit code Run reports when an input artifact that
// is not optional could not be placed: the command did not run, Report.Error
// names the artifact and Report.ArtifactErrors says why.
const ExitArtifactFailed = 1

// MaxArtifactErrorBytes is how much of one artifact's error message the
// report keeps; longer messages are cut and end with "...".
const MaxArtifactErrorBytes = 512
