package commands

import (
	"io"
	"os"
	"time"

	"golang.org/x/term"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/pkg/cli/printer"
	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
)

// Env is what every command runs with: how the CLI was invoked, the
// standard streams, the kubeconfig flags and the clock.
type Env struct {
	// Name is how the CLI is invoked in usage strings: "weft" or "kubectl weft".
	Name string
	// Version is the client's version.
	Version string
	// IO are the standard streams.
	IO genericiooptions.IOStreams
	// Config are the standard kubeconfig flags.
	Config *genericclioptions.ConfigFlags
	// Now is the clock.
	Now func() time.Time
	// NoColor turns colors off even on a terminal (NO_COLOR is set).
	NoColor bool

	// client, when set, is used instead of one made from Config.
	client versioned.Interface
	// kube, when set, is used instead of a Kubernetes client made from Config.
	kube kubernetes.Interface
}

// NewEnv is the environment of a real invocation: the process's streams,
// the system clock, colors unless NO_COLOR is set.
func NewEnv(name, version string) *Env {
	_, noColor := os.LookupEnv("NO_COLOR")
	return &Env{
		Name:    name,
		Version: version,
		IO:      genericiooptions.IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr},
		Config:  genericclioptions.NewConfigFlags(true),
		Now:     time.Now,
		NoColor: noColor,
	}
}

// restConfig is the client configuration the flags and kubeconfig give.
func (e *Env) restConfig() (*rest.Config, error) {
	cfg, err := e.Config.ToRESTConfig()
	if err != nil {
		return nil, err
	}
	cfg = rest.CopyConfig(cfg)
	cfg.UserAgent = "weft/" + e.Version
	return cfg, nil
}

// Weft is a client of the weft.dev API.
func (e *Env) Weft() (versioned.Interface, error) {
	if e.client != nil {
		return e.client, nil
	}
	cfg, err := e.restConfig()
	if err != nil {
		return nil, err
	}
	return versioned.NewForConfig(cfg)
}

// Namespace is the namespace to work in, and whether -n gave it.
func (e *Env) Namespace() (string, bool, error) {
	return e.Config.ToRawKubeConfigLoader().Namespace()
}

// isTerminal says w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// terminalSize is the width and height of the terminal w is, if it is one.
func terminalSize(w io.Writer) (int, int, bool) {
	f, ok := w.(*os.File)
	if !ok {
		return 0, 0, false
	}
	width, height, err := term.GetSize(int(f.Fd()))
	return width, height, err == nil && width > 0 && height > 0
}

// style is how output to standard output is decorated: colors only on a
// terminal, and never with NO_COLOR.
func (e *Env) style() printer.Style {
	return printer.Style{Color: !e.NoColor && isTerminal(e.IO.Out)}
}
