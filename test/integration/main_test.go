package integration

import (
	"fmt"
	"os"
	"testing"

	"github.com/weft-dev/weft/test/integration/framework"
)

// server is the weft-apiserver every test of this package talks to; tests
// keep apart by using namespaces of their own.
var server *framework.Server

func TestMain(m *testing.M) {
	var err error
	server, err = framework.Start()
	if err != nil {
		fmt.Fprintf(os.Stderr, "starting weft-apiserver: %v\n", err)
		os.Exit(1)
	}
	code := m.Run()
	server.Stop()
	os.Exit(code)
}
