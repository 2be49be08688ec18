// Package assets holds the built web app of `weft ui`, embedded in the
// binary so that the command needs nothing else at run time. dist/ is the
// output of the build in web/ (npm run build), committed.
package assets

import (
	"embed"
	"io/fs"
)

//go:embed dist
var dist embed.FS

// FS is the built app: index.html and the files it loads, at its root.
func FS() fs.FS {
	app, err := fs.Sub(dist, "dist")
	if err != nil {
		panic("assets: the embedded directory dist is missing: " + err.Error())
	}
	return app
}
