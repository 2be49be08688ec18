// Command weft-controller runs Weft workflows: it watches Workflows through
// the aggregated API and turns their steps and tasks into pods.
package main

import (
	"os"

	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/component-base/cli"

	"github.com/weft-dev/weft/cmd/controller/app"
)

func main() {
	ctx := genericapiserver.SetupSignalContext()
	os.Exit(cli.Run(app.NewCommand(ctx)))
}
