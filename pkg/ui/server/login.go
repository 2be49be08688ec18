package server

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/ui/respond"
)

// loginParameter is the query parameter of the login link of kubeconfig mode.
const loginParameter = "login"

// maxLoginBody bounds the body of a token login.
const maxLoginBody = 64 << 10

// localLogin answers the login link of kubeconfig mode: with the right
// secret it starts a session and sends the browser to the same page
// without the secret, so that it stays out of the history.
func (s *Server) localLogin(w http.ResponseWriter, r *http.Request) {
	given := r.URL.Query().Get(loginParameter)
	if subtle.ConstantTimeCompare([]byte(given), []byte(s.loginSecret)) != 1 {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintln(w, "This login link is not the one of this weft ui: open the URL weft ui printed when it started (each start makes a new one).")
		return
	}
	id := s.sessions.create(s.local, 0)
	http.SetCookie(w, sessionCookie(id, 0, s.tls))
	query := r.URL.Query()
	query.Del(loginParameter)
	target := *r.URL
	target.RawQuery = query.Encode()
	http.Redirect(w, r, target.RequestURI(), http.StatusSeeOther)
}

// tokenLoginRequest is the body of POST /api/login.
type tokenLoginRequest struct {
	Token string `json:"token"`
}

// tokenLogin answers POST /api/login in token mode: the token is good if
// the API server says who it is (a SelfSubjectReview made with it); the
// session then keeps it, in memory only.
func (s *Server) tokenLogin(w http.ResponseWriter, r *http.Request) {
	if s.mode != AuthToken {
		respond.Failure(w, http.StatusNotFound, metav1.StatusReasonNotFound,
			"weft ui runs with --auth kubeconfig: log in by opening the URL it printed when it started")
		return
	}
	if r.Method != http.MethodPost {
		refuseMethod(w, r, http.MethodPost)
		return
	}
	var body tokenLoginRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, maxLoginBody)).Decode(&body); err != nil {
		respond.Failure(w, http.StatusBadRequest, metav1.StatusReasonBadRequest,
			`the login request is not JSON {"token":"..."}: `+err.Error())
		return
	}
	token := strings.TrimSpace(body.Token)
	if token == "" {
		respond.Failure(w, http.StatusBadRequest, metav1.StatusReasonBadRequest, "the login request has no token: paste a Kubernetes bearer token")
		return
	}
	u, err := newUser(tokenConfig(s.anonymous, token))
	if err != nil {
		respond.Error(w, err)
		return
	}
	who, err := s.review(r, u)
	if err != nil {
		if apierrors.IsUnauthorized(err) {
			err = apierrors.NewUnauthorized("the API server does not accept this token: " + err.Error())
		}
		respond.Error(w, err)
		return
	}
	id := s.sessions.create(u, tokenSessionLifetime)
	http.SetCookie(w, sessionCookie(id, tokenSessionLifetime, s.tls))
	respond.JSON(w, http.StatusOK, who)
}

// logout ends the session of the request, if it has one.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		refuseMethod(w, r, http.MethodPost)
		return
	}
	if c, err := r.Cookie(cookieName); err == nil {
		s.sessions.end(c.Value)
	}
	http.SetCookie(w, endedSessionCookie(s.tls))
	respond.JSON(w, http.StatusOK, struct{}{})
}

// refuseMethod answers a request with a method the path does not serve.
func refuseMethod(w http.ResponseWriter, r *http.Request, allowed string) {
	w.Header().Set("Allow", allowed)
	respond.Failure(w, http.StatusMethodNotAllowed, metav1.StatusReasonMethodNotAllowed, fmt.Sprintf(
		"weft ui serves %s %s only, not %s", allowed, r.URL.Path, r.Method))
}
