package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// The in-cluster weft ui of artifacts/optional/ui, which make up deploys
// through hack/local.
const (
	inClusterUINamespace = "weft-system"
	inClusterUIName      = "weft-ui"
	// inClusterUISessionCookie is the cookie that carries a weft ui session.
	inClusterUISessionCookie = "weft-ui"
)

// TestUIInClusterTokenLogin logs in to the in-cluster weft ui (--auth
// token) with a service account's token and checks that every answer is
// what RBAC lets that service account see, and that a wrong token is
// refused.
//
// The test reaches the UI through the API server's service proxy
// (/api/v1/namespaces/weft-system/services/http:weft-ui:PORT/proxy/...)
// with the admin's credentials, which the API server keeps to itself: the
// authentication filter removes an Authorization header, and a client
// certificate ends at the API server's TLS. The proxy forwards the request's
// other headers (the session cookie, X-Weft-UI) and passes the UI's answers
// back verbatim, Set-Cookie and status codes included, so the UI sees only
// what a browser would send it. Nothing else reaches a ClusterIP from the
// test: no port-forward, and the image has no shell to exec into.
func TestUIInClusterTokenLogin(t *testing.T) {
	ctx := testContext(t, 4*time.Minute)
	ui := waitForInClusterUI(t, ctx)
	home := namespace(t, "ui-token")
	other := namespace(t, "ui-token-other")
	const account = "ui-token-user"
	token := accountToken(t, ctx, home, account, "edit")
	username := "system:serviceaccount:" + home + ":" + account

	listed, err := weft.WeftV1alpha1().Workflows(home).Create(ctx, workflow("ui-token-"), metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("creating a workflow in %s for the UI to list: %v", home, err)
	}

	t.Run("WrongTokenRefused", func(t *testing.T) {
		answer := ui.login(t, ctx, "not-a-token-of-this-cluster")
		if answer.code != http.StatusUnauthorized {
			t.Fatalf("login with a wrong token answered %d, want 401: %s", answer.code, answer.body)
		}
		if answer.sessionCookie() != "" {
			t.Errorf("login with a wrong token set a session cookie")
		}
	})

	session := ui.loginEventually(t, ctx, token)

	t.Run("WhoAmI", func(t *testing.T) {
		answer := ui.get(t, ctx, "/api/whoami", session)
		if answer.code != http.StatusOK {
			t.Fatalf("GET /api/whoami answered %d: %s", answer.code, answer.body)
		}
		var who struct {
			Username string   `json:"username"`
			Groups   []string `json:"groups"`
			AuthMode string   `json:"authMode"`
		}
		answer.decode(t, &who)
		if who.Username != username {
			t.Errorf("whoami says %q, want %q", who.Username, username)
		}
		if group := "system:serviceaccounts:" + home; !slices.Contains(who.Groups, group) {
			t.Errorf("whoami's groups %v lack %s", who.Groups, group)
		}
		if who.AuthMode != "token" {
			t.Errorf("whoami's authMode is %q, want token (the Deployment runs weft ui --auth=token)", who.AuthMode)
		}
	})

	t.Run("ListsWorkflowsOfItsNamespace", func(t *testing.T) {
		path := "/api/k8s/apis/weft.dev/v1alpha1/namespaces/" + home + "/workflows"
		answer := ui.getEventually(t, ctx, path, session, http.StatusOK)
		var list v1alpha1.WorkflowList
		answer.decode(t, &list)
		names := make([]string, 0, len(list.Items))
		for _, wf := range list.Items {
			names = append(names, wf.Name)
		}
		if !slices.Contains(names, listed.Name) {
			t.Errorf("%s lists workflows %v in %s through weft ui, without %s", username, names, home, listed.Name)
		}
	})

	t.Run("ForbiddenElsewhere", func(t *testing.T) {
		path := "/api/k8s/apis/weft.dev/v1alpha1/namespaces/" + other + "/workflows"
		answer := ui.get(t, ctx, path, session)
		if answer.code != http.StatusForbidden {
			t.Fatalf("GET %s answered %d, want 403 (%s has no rights in %s): %s", path, answer.code, username, other, answer.body)
		}
		var status metav1.Status
		answer.decode(t, &status)
		if status.Reason != metav1.StatusReasonForbidden || !strings.Contains(status.Message, username) {
			t.Errorf("the refusal is %s %q, want the API server's Forbidden naming %s", status.Reason, status.Message, username)
		}
	})

	t.Run("LogoutEndsTheSession", func(t *testing.T) {
		if answer := ui.post(t, ctx, "/api/logout", session, nil); answer.code != http.StatusOK {
			t.Fatalf("POST /api/logout answered %d: %s", answer.code, answer.body)
		}
		if answer := ui.get(t, ctx, "/api/whoami", session); answer.code != http.StatusUnauthorized {
			t.Errorf("GET /api/whoami after logout answered %d, want 401: %s", answer.code, answer.body)
		}
	})
}

// inClusterUI reaches the in-cluster weft ui through the API server's
// service proxy.
type inClusterUI struct {
	client *http.Client
	// proxy is the URL of the service proxy, the UI's root.
	proxy string
}

// inClusterUIAnswer is an answer of the UI.
type inClusterUIAnswer struct {
	code    int
	body    []byte
	cookies []*http.Cookie
}

// waitForInClusterUI waits until the weft-ui Deployment is available and
// its Service answers through the proxy, and fails naming what is missing.
func waitForInClusterUI(t *testing.T, ctx context.Context) *inClusterUI {
	t.Helper()
	where := inClusterUINamespace + "/" + inClusterUIName
	deployments := kube.AppsV1().Deployments(inClusterUINamespace)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		deployment, err := deployments.Get(ctx, inClusterUIName, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			t.Fatalf("no Deployment %s: make up applies artifacts/optional/ui through hack/local and "+
				"hack/deploy-weft.sh builds the weft-ui image; on another cluster, push the image and run kubectl apply -k artifacts/optional/ui", where)
		}
		if err != nil {
			t.Fatalf("reading Deployment %s: %v", where, err)
		}
		if deploymentAvailable(deployment) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Deployment %s is not available after 2 minutes: %s", where, inClusterUIPods(ctx))
		}
		time.Sleep(2 * time.Second)
	}
	service, err := kube.CoreV1().Services(inClusterUINamespace).Get(ctx, inClusterUIName, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("the Service %s of artifacts/optional/ui: %v", where, err)
	}
	if len(service.Spec.Ports) == 0 {
		t.Fatalf("the Service %s has no port", where)
	}
	client, err := rest.HTTPClientFor(adminConfig)
	if err != nil {
		t.Fatalf("an HTTP client of the admin kubeconfig: %v", err)
	}
	server, _, err := rest.DefaultServerUrlFor(adminConfig)
	if err != nil {
		t.Fatalf("the API server's URL in the admin kubeconfig: %v", err)
	}
	ui := &inClusterUI{client: client, proxy: fmt.Sprintf("%s/api/v1/namespaces/%s/services/http:%s:%d/proxy",
		strings.TrimSuffix(server.String(), "/"), inClusterUINamespace, inClusterUIName, service.Spec.Ports[0].Port)}
	// The Endpoints follow the Deployment by a moment; until then the proxy answers 503.
	ui.getEventually(t, ctx, "/login", "", http.StatusOK)
	return ui
}

// deploymentAvailable says the Deployment's current generation is observed
// and available.
func deploymentAvailable(d *appsv1.Deployment) bool {
	if d.Status.ObservedGeneration < d.Generation {
		return false
	}
	for _, c := range d.Status.Conditions {
		if c.Type == appsv1.DeploymentAvailable {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// inClusterUIPods describes the UI's pods and why their containers wait,
// for a failure message (ErrImagePull says the image is missing).
func inClusterUIPods(ctx context.Context) string {
	pods, err := kube.CoreV1().Pods(inClusterUINamespace).List(ctx, metav1.ListOptions{LabelSelector: "app.kubernetes.io/name=" + inClusterUIName})
	if err != nil {
		return "listing its pods: " + err.Error()
	}
	if len(pods.Items) == 0 {
		return "it has no pods (kubectl -n " + inClusterUINamespace + " describe replicaset says why)"
	}
	var states []string
	for _, pod := range pods.Items {
		state := fmt.Sprintf("pod %s %s", pod.Name, pod.Status.Phase)
		for _, c := range pod.Status.ContainerStatuses {
			switch {
			case c.State.Waiting != nil:
				state += fmt.Sprintf(", container %s waiting: %s %s", c.Name, c.State.Waiting.Reason, c.State.Waiting.Message)
			case c.State.Terminated != nil:
				state += fmt.Sprintf(", container %s terminated: %s (exit %d)", c.Name, c.State.Terminated.Reason, c.State.Terminated.ExitCode)
			case !c.Ready:
				state += fmt.Sprintf(", container %s running but not ready (its readiness probe GETs /login)", c.Name)
			}
		}
		states = append(states, state)
	}
	return strings.Join(states, "; ")
}

// accountToken creates the service account in namespace, binds it to the
// ClusterRole role there, and returns a token of it from the TokenRequest API.
func accountToken(t *testing.T, ctx context.Context, namespace, account, role string) string {
	t.Helper()
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: account}}
	if _, err := kube.CoreV1().ServiceAccounts(namespace).Create(ctx, sa, metav1.CreateOptions{}); err != nil {
		t.Fatalf("creating ServiceAccount %s/%s: %v", namespace, account, err)
	}
	binding := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: account + "-" + role},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: role},
		Subjects:   []rbacv1.Subject{{Kind: rbacv1.ServiceAccountKind, Name: account, Namespace: namespace}},
	}
	if _, err := kube.RbacV1().RoleBindings(namespace).Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatalf("binding ServiceAccount %s/%s to %s: %v", namespace, account, role, err)
	}
	request := &authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{ExpirationSeconds: ptr[int64](600)}}
	issued, err := kube.CoreV1().ServiceAccounts(namespace).CreateToken(ctx, account, request, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("requesting a token of ServiceAccount %s/%s: %v", namespace, account, err)
	}
	return issued.Status.Token
}

// login posts the token to /api/login, as the login page does.
func (ui *inClusterUI) login(t *testing.T, ctx context.Context, token string) inClusterUIAnswer {
	t.Helper()
	body, err := json.Marshal(map[string]string{"token": token})
	if err != nil {
		t.Fatal(err)
	}
	return ui.post(t, ctx, "/api/login", "", body)
}

// loginEventually logs in with a good token and returns the session
// cookie's value. It tries again for a while: the API server may not
// authenticate the token of a service account it has just created at once.
func (ui *inClusterUI) loginEventually(t *testing.T, ctx context.Context, token string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		answer := ui.login(t, ctx, token)
		if answer.code == http.StatusOK {
			session := answer.sessionCookie()
			if session == "" {
				t.Fatalf("login answered 200 without a %s cookie (did the service proxy drop Set-Cookie?)", inClusterUISessionCookie)
			}
			return session
		}
		if time.Now().After(deadline) {
			t.Fatalf("login with the service account's token still answers %d after 30s: %s", answer.code, answer.body)
		}
		time.Sleep(time.Second)
	}
}

// getEventually GETs path until it answers want, for RBAC bindings and
// Endpoints that take a moment to apply.
func (ui *inClusterUI) getEventually(t *testing.T, ctx context.Context, path, session string, want int) inClusterUIAnswer {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		answer := ui.get(t, ctx, path, session)
		if answer.code == want {
			return answer
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s%s still answers %d after a minute, want %d: %s", ui.proxy, path, answer.code, want, answer.body)
		}
		time.Sleep(time.Second)
	}
}

// get GETs path with the session cookie (none when session is "").
func (ui *inClusterUI) get(t *testing.T, ctx context.Context, path, session string) inClusterUIAnswer {
	t.Helper()
	return ui.do(t, ctx, http.MethodGet, path, session, nil)
}

// post POSTs body as JSON to path, with the header X-Weft-UI that the UI
// asks of every change.
func (ui *inClusterUI) post(t *testing.T, ctx context.Context, path, session string, body []byte) inClusterUIAnswer {
	t.Helper()
	return ui.do(t, ctx, http.MethodPost, path, session, body)
}

func (ui *inClusterUI) do(t *testing.T, ctx context.Context, method, path, session string, body []byte) inClusterUIAnswer {
	t.Helper()
	request, err := http.NewRequestWithContext(ctx, method, ui.proxy+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	request.Header.Set("Accept", "application/json")
	if method != http.MethodGet {
		request.Header.Set("Content-Type", "application/json")
		request.Header.Set("X-Weft-UI", "1")
	}
	if session != "" {
		request.AddCookie(&http.Cookie{Name: inClusterUISessionCookie, Value: session})
	}
	response, err := ui.client.Do(request)
	if err != nil {
		t.Fatalf("%s %s%s: %v", method, ui.proxy, path, err)
	}
	defer response.Body.Close()
	answered, err := io.ReadAll(response.Body)
	if err != nil {
		t.Fatalf("reading the answer to %s %s: %v", method, path, err)
	}
	return inClusterUIAnswer{code: response.StatusCode, body: answered, cookies: response.Cookies()}
}

// sessionCookie is the value of the session cookie the answer set, or "".
func (a inClusterUIAnswer) sessionCookie() string {
	for _, c := range a.cookies {
		if c.Name == inClusterUISessionCookie && c.Value != "" {
			return c.Value
		}
	}
	return ""
}

// decode reads the answer's JSON body into v.
func (a inClusterUIAnswer) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(a.body, v); err != nil {
		t.Fatalf("the answer is not the JSON expected (%v): %s", err, a.body)
	}
}
