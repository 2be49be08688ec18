package server

import (
	"net/http"

	authenticationv1 "k8s.io/api/authentication/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/ui/respond"
)

// whoamiResponse is the answer of GET /api/whoami and POST /api/login.
type whoamiResponse struct {
	// Username and Groups are who the API server says the user is.
	Username string   `json:"username"`
	Groups   []string `json:"groups"`
	// AuthMode is how the browser logged in.
	AuthMode AuthMode `json:"authMode"`
	// Namespace is the namespace the app starts in.
	Namespace string `json:"namespace"`
}

// whoami answers who the API server says the user of the session is.
func (s *Server) whoami(w http.ResponseWriter, r *http.Request, u *user) {
	if !safeMethod(r.Method) {
		refuseMethod(w, r, http.MethodGet)
		return
	}
	who, err := s.review(r, u)
	if err != nil {
		respond.Error(w, err)
		return
	}
	respond.JSON(w, http.StatusOK, who)
}

// review asks the API server who u is, with u's credentials.
func (s *Server) review(r *http.Request, u *user) (*whoamiResponse, error) {
	review, err := u.clients.Kube.AuthenticationV1().SelfSubjectReviews().Create(
		r.Context(), &authenticationv1.SelfSubjectReview{}, metav1.CreateOptions{})
	if err != nil {
		return nil, unreachable(u, err)
	}
	info := review.Status.UserInfo
	groups := info.Groups
	if groups == nil {
		groups = []string{}
	}
	return &whoamiResponse{Username: info.Username, Groups: groups, AuthMode: s.mode, Namespace: s.namespace}, nil
}
