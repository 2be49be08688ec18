// Package framework starts a real weft-apiserver in the test process, with
// an embedded etcd in a temporary directory, for integration tests.
package framework

import (
	"context"
	"fmt"
	"net"
	"os"
	"time"

	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/cmd/apiserver/app"
	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
)

// Server is a running weft-apiserver.
type Server struct {
	// Config reaches the server as its privileged loopback user.
	Config *rest.Config
	// Client is a typed client over Config.
	Client versioned.Interface

	stop    context.CancelFunc
	stopped chan struct{}
	dir     string
}

// Option changes the options of the server Start runs.
type Option func(*app.Options)

// WithKubeClient makes the server read pods and their logs, for
// workflows/log, with kube (a fake) although it runs in dev mode.
func WithKubeClient(kube kubernetes.Interface) Option {
	return func(o *app.Options) { o.KubeClient = kube }
}

// Start runs weft-apiserver in dev mode (no kube-apiserver), its embedded
// etcd under a new temporary directory, and waits until it is ready.
func Start(opts ...Option) (*Server, error) {
	dir, err := os.MkdirTemp("", "weft-integration-")
	if err != nil {
		return nil, err
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	options := app.NewOptions()
	options.DevMode = true
	options.EmbeddedEtcdDir = dir + "/etcd"
	options.UnsafeEtcdNoFsync = true
	options.Listener = listener
	options.Recommended.SecureServing.BindPort = listener.Addr().(*net.TCPAddr).Port
	options.Recommended.SecureServing.ServerCert.CertDirectory = dir + "/certs"
	for _, opt := range opts {
		opt(options)
	}

	server, err := app.NewServer(options)
	if err != nil {
		return nil, fmt.Errorf("configuring weft-apiserver: %w", err)
	}
	ctx, stop := context.WithCancel(context.Background())
	s := &Server{Config: server.GenericAPIServer.LoopbackClientConfig, stop: stop, stopped: make(chan struct{}), dir: dir}
	go func() {
		defer close(s.stopped)
		defer options.Close()
		if err := server.GenericAPIServer.PrepareRun().RunWithContext(ctx); err != nil {
			fmt.Fprintf(os.Stderr, "weft-apiserver stopped: %v\n", err)
		}
	}()
	if s.Client, err = versioned.NewForConfig(s.Config); err != nil {
		s.Stop()
		return nil, err
	}
	if err := s.waitReady(); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

func (s *Server) waitReady() error {
	var last error
	err := wait.PollUntilContextTimeout(context.Background(), 100*time.Millisecond, time.Minute, true, func(ctx context.Context) (bool, error) {
		result := s.Client.Discovery().RESTClient().Get().AbsPath("/readyz").Do(ctx)
		last = result.Error()
		return last == nil, nil
	})
	if err != nil {
		return fmt.Errorf("weft-apiserver not ready: %v (last: %v)", err, last)
	}
	return nil
}

// Stop shuts the server and its etcd down and removes their files.
func (s *Server) Stop() {
	s.stop()
	<-s.stopped
	os.RemoveAll(s.dir)
}
