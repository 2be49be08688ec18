package artifact

import (
	"os"
	"path/filepath"

	"github.com/weft-dev/weft/pkg/executor"
)

// writeRaw writes the raw artifact's data to a file in stage.
func writeRaw(raw *executor.RawLocation, stage string) (string, error) {
	file := filepath.Join(stage, "raw")
	return file, os.WriteFile(file, []byte(raw.Data), 0o644)
}
