package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// fakeAPIServer is an API server that records what it was sent. It knows
// the bearer tokens of users, answers their SelfSubjectReviews, streams a
// watch of workflows, and answers any other GET with its path.
type fakeAPIServer struct {
	*httptest.Server
	// users are the usernames by bearer token.
	users map[string]string
	// releaseWatch ends the watch's stream when closed.
	releaseWatch chan struct{}

	mu       sync.Mutex
	requests []*http.Request
}

const watchPath = "/apis/weft.dev/v1alpha1/namespaces/team-a/workflows"

func newFakeAPIServer(t *testing.T, users map[string]string) *fakeAPIServer {
	t.Helper()
	api := &fakeAPIServer{users: users, releaseWatch: make(chan struct{})}
	api.Server = httptest.NewServer(http.HandlerFunc(api.serve))
	t.Cleanup(api.Close)
	t.Cleanup(api.release)
	return api
}

// release ends the watch's stream, once.
func (a *fakeAPIServer) release() {
	select {
	case <-a.releaseWatch:
	default:
		close(a.releaseWatch)
	}
}

func (a *fakeAPIServer) serve(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	a.requests = append(a.requests, r.Clone(r.Context()))
	a.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	username, known := a.users[token]
	if !known {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"kind":"Status","apiVersion":"v1","status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}`)
		return
	}
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/apis/authentication.k8s.io/v1/selfsubjectreviews":
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"kind":"SelfSubjectReview","apiVersion":"authentication.k8s.io/v1","status":{"userInfo":{"username":%q,"groups":["weft-users"]}}}`, username)
	case r.URL.Path == watchPath && r.URL.Query().Get("watch") == "1":
		fmt.Fprintln(w, `{"type":"ADDED","object":{"metadata":{"name":"first"}}}`)
		w.(http.Flusher).Flush()
		<-a.releaseWatch
		fmt.Fprintln(w, `{"type":"ADDED","object":{"metadata":{"name":"second"}}}`)
	default:
		answer := json.NewEncoder(w)
		answer.SetEscapeHTML(false)
		_ = answer.Encode(map[string]string{"path": r.URL.Path, "query": r.URL.RawQuery})
	}
}

// received are the requests the API server was sent.
func (a *fakeAPIServer) received() []*http.Request {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]*http.Request(nil), a.requests...)
}
