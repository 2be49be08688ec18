package integration

import (
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/test/integration/framework"
)

// TestShutdownEndsOpenWatches stops a server that a client watches, as
// the kubelet does with SIGTERM. k8s.io/apiserver's defaults would keep
// the watch, and the server, for a minute, past a pod's 30 s grace period;
// Weft's end the watch and stop.
func TestShutdownEndsOpenWatches(t *testing.T) {
	s, err := framework.Start()
	if err != nil {
		t.Fatal(err)
	}
	ctx := testContext(t)
	watch, err := s.Client.WeftV1alpha1().Workflows("shutdown").Watch(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer watch.Stop()

	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		s.Stop()
	}()
	select {
	case <-stopped:
	case <-time.After(20 * time.Second):
		t.Fatal("the server had not stopped 20 s after it was told to, with a watch open")
	}
	select {
	case _, open := <-watch.ResultChan():
		if open {
			t.Error("the watch delivered an event, want it ended by the shutdown")
		}
	case <-time.After(5 * time.Second):
		t.Error("the watch was still open 5 s after the server stopped")
	}
}
