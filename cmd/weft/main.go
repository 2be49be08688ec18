// Command weft submits, shows and manages Weft workflows; installed as
// kubectl-weft it is the kubectl plugin "kubectl weft".
package main

import (
	"os"

	"github.com/weft-dev/weft/pkg/cli"
)

func main() {
	os.Exit(cli.Main(os.Args))
}
