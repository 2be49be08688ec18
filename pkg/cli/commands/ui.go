package commands

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/ui/api"
	"github.com/weft-dev/weft/pkg/ui/assets"
	"github.com/weft-dev/weft/pkg/ui/server"
)

// uiFlags are the flags of `weft ui`.
type uiFlags struct {
	address         string
	noOpen          bool
	auth            string
	tlsCert, tlsKey string
}

// uiShutdownGrace is how long `weft ui` waits for requests to end when it stops.
const uiShutdownGrace = 5 * time.Second

// uiReadHeaderTimeout bounds how long a client may take to send its headers.
const uiReadHeaderTimeout = 10 * time.Second

func newUI(env *Env) *cobra.Command {
	var f uiFlags
	cmd := &cobra.Command{
		Use:   "ui",
		Short: "Serve the web UI of workflows, with your own Kubernetes rights",
		Long: `Serve the web UI of workflows: the workflows list, their graphs, logs and
events, templates, cron workflows and the actions of the CLI, live.

With --auth kubeconfig (the default) it acts as the user of your kubeconfig, like
every weft command: each page shows what RBAC lets that user see. It prints a URL
with a login secret and opens it in your browser; whoever opens that URL acts as
you, so keep it to yourself. It answers only requests for its own address (other
sites' pages cannot reach it) and refuses changes the page itself did not send.

With --auth token it serves every user who logs in with a bearer token of their
own (kubectl create token, an OIDC ID token): each request carries that token,
and the server's own credentials are never used. This is the mode of the
in-cluster Deployment (artifacts/optional/ui).`,
		Example: example(env, `
weft ui
weft ui --address 127.0.0.1:8080 --no-open
weft ui --auth token --address 0.0.0.0:2746 --tls-cert-file tls.crt --tls-key-file tls.key`),
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runUI(cmd.Context(), env, f)
		},
	}
	cmd.Flags().StringVar(&f.address, "address", "127.0.0.1:2746", "the address to listen on, HOST:PORT")
	cmd.Flags().BoolVar(&f.noOpen, "no-open", false, "do not open the browser")
	cmd.Flags().StringVar(&f.auth, "auth", string(server.AuthKubeconfig),
		"how browsers log in: kubeconfig (as the kubeconfig's user) or token (each with a bearer token of their own)")
	cmd.Flags().StringVar(&f.tlsCert, "tls-cert-file", "", "serve HTTPS with this certificate (PEM); needs --tls-key-file")
	cmd.Flags().StringVar(&f.tlsKey, "tls-key-file", "", "the private key of --tls-cert-file (PEM)")
	return cmd
}

// runUI serves until ctx ends (Ctrl-C), then stops cleanly.
func runUI(ctx context.Context, env *Env, f uiFlags) error {
	mode := server.AuthMode(f.auth)
	if mode != server.AuthKubeconfig && mode != server.AuthToken {
		return usageErrorf("--auth %q: use %s or %s", f.auth, server.AuthKubeconfig, server.AuthToken)
	}
	tls := f.tlsCert != "" || f.tlsKey != ""
	if tls && (f.tlsCert == "" || f.tlsKey == "") {
		return usageErrorf("--tls-cert-file and --tls-key-file go together: give both or neither")
	}
	cfg, err := env.restConfig()
	if err != nil {
		return err
	}
	namespace, err := uiNamespace(env, mode)
	if err != nil {
		return err
	}
	listener, err := net.Listen("tcp", f.address)
	if err != nil {
		return fmt.Errorf("listening on %s: %w (choose another address with --address)", f.address, err)
	}
	ui, err := server.New(server.Options{
		Auth: mode, Config: cfg, Namespace: namespace, Address: listener.Addr().String(), TLS: tls,
		Assets: assets.FS(), Endpoints: api.NewHandler,
	})
	if err != nil {
		listener.Close()
		return err
	}
	srv := &http.Server{
		Handler:           ui,
		ReadHeaderTimeout: uiReadHeaderTimeout,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	served := make(chan error, 1)
	go func() {
		if tls {
			served <- srv.ServeTLS(listener, f.tlsCert, f.tlsKey)
		} else {
			served <- srv.Serve(listener)
		}
	}()
	announceUI(env, mode, ui.URL(), !f.noOpen)
	select {
	case err := <-served:
		return fmt.Errorf("serving on %s: %w", listener.Addr(), err)
	case <-ctx.Done():
	}
	stop, cancel := context.WithTimeout(context.Background(), uiShutdownGrace)
	defer cancel()
	if err := srv.Shutdown(stop); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("stopping weft ui: %w", err)
	}
	fmt.Fprintln(env.IO.ErrOut, "weft ui stopped")
	return nil
}

// uiNamespace is the namespace the app starts in: the kubeconfig's, or -n.
// A token's user has no kubeconfig: without -n it is "default" (not the
// namespace of the pod the server runs in).
func uiNamespace(env *Env, mode server.AuthMode) (string, error) {
	ns, explicit, err := env.Namespace()
	if err != nil {
		return "", err
	}
	if mode == server.AuthToken && !explicit {
		return metav1.NamespaceDefault, nil
	}
	return ns, nil
}
