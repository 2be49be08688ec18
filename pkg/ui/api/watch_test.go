package api

import (
	"bufio"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	clienttesting "k8s.io/client-go/testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func TestWatchReadsAnewWhenItsVersionExpiredAndEndsOnOtherErrors(t *testing.T) {
	f := newFixture(t, []runtime.Object{packedRun(t)})
	f.handler.watchInterval = 10 * time.Millisecond
	watchers := make(chan *watch.FakeWatcher, 4)
	f.weft.PrependWatchReactor("workflows", func(clienttesting.Action) (bool, watch.Interface, error) {
		w := watch.NewFake()
		watchers <- w
		return true, w, nil
	})
	resp := watchLoops(t, f)
	lines := bufio.NewScanner(resp.Body)
	var types []watch.EventType
	var last watchEvent
	for lines.Scan() {
		decode(t, lines.Bytes(), &last)
		types = append(types, last.Type)
		switch len(types) {
		case 1:
			first := <-watchers
			go func() {
				first.Modify(workflow("other", v1alpha1.WorkflowRunning))
				first.Error(&apierrors.NewResourceExpired("too old resource version: 1 (5)").ErrStatus)
			}()
		case 2:
			second := <-watchers
			go second.Error(&apierrors.NewInternalError(errStorage).ErrStatus)
		}
	}
	if len(types) != 3 || types[0] != watch.Added || types[1] != watch.Modified || types[2] != watch.Error {
		t.Fatalf("events %v, want ADDED, MODIFIED (read anew after the expiry, the other workflow left out), ERROR", types)
	}
	if last.Status == nil || last.Status.Code != http.StatusInternalServerError || last.Status.Message != "Internal error occurred: "+errStorage.Error() {
		t.Errorf("the ERROR event's status: %+v", last.Status)
	}
	var gets int
	for _, a := range f.weft.Actions() {
		if a.GetVerb() == "get" {
			gets++
		}
	}
	if gets != 2 {
		t.Errorf("%d reads of the workflow, want 2: the first and the one after the expiry", gets)
	}
}

// errStorage is a failure of the API server's storage.
var errStorage = errors.New("etcd is not available")

// watchLoops opens the UI's watch of workflow team-a/loops on a test server
// over f's handler; the server, the request and the body end with the test.
func watchLoops(t *testing.T, f *fixture) *http.Response {
	t.Helper()
	server := httptest.NewServer(newHandler(f.handler))
	t.Cleanup(server.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, server.URL+"/api/workflows/team-a/loops?watch=true", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = resp.Body.Close() })
	return resp
}
