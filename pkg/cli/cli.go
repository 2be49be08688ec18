// Package cli is the weft command-line tool: Main runs it as invoked, as
// weft or as the kubectl plugin kubectl-weft. The commands are in
// pkg/cli/commands, the rendering of workflows in pkg/cli/printer.
package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/weft-dev/weft/pkg/cli/commands"
)

// version is the client's version, set at build time with
// -ldflags "-X github.com/weft-dev/weft/pkg/cli.version=v0.1.0".
var version string

// pluginPrefix is how kubectl names the executables of its plugins.
const pluginPrefix = "kubectl-"

// Main runs the CLI with the process's arguments (args[0] is the program)
// and returns its exit code.
func Main(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := commands.NewEnv(displayName(args[0]), Version())
	root := commands.NewRoot(env)
	root.SetArgs(args[1:])
	cmd, err := root.ExecuteContextC(ctx)
	code, show := commands.ExitCode(err)
	if show {
		fmt.Fprintf(env.IO.ErrOut, "Error: %v\n", err)
		if code == commands.ExitUsage {
			fmt.Fprintf(env.IO.ErrOut, "Run '%s --help' for usage.\n", cmd.CommandPath())
		}
	}
	return code
}

// displayName is how usage strings name the CLI: "kubectl weft" when it
// runs as the kubectl plugin kubectl-weft, else "weft".
func displayName(program string) string {
	base := strings.TrimSuffix(filepath.Base(program), ".exe")
	if plugin, ok := strings.CutPrefix(base, pluginPrefix); ok {
		return "kubectl " + strings.ReplaceAll(plugin, "_", "-")
	}
	return "weft"
}

// Version is the client's version: the one set at build time, else the
// module version Go recorded, else "devel" with the VCS revision when known.
func Version() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return "devel+" + s.Value[:12]
		}
	}
	return "devel"
}
