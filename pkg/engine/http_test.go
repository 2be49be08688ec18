package engine

import (
	"encoding/json"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/executor"
)

// httpWorkflow calls an http template at url with a successCondition.
func httpWorkflow(condition string) string {
	return `
metadata: {name: web}
spec:
  entrypoint: main
  serviceAccountName: runner
  arguments: {parameters: [{name: url, value: "http://weft-fixtures.weft-system.svc/hello.txt"}]}
  templates:
  - name: main
    steps:
    - - {name: get, template: get}
    - - {name: echo, template: echo, arguments: {parameters: [{name: body, value: "{{steps.get.outputs.result}}"}]}}
  - name: get
    http:
      method: POST
      url: "{{workflow.parameters.url}}"
      timeoutSeconds: 5
      body: "ping"
      successCondition: '` + condition + `'
      headers:
      - {name: X-Plain, value: v}
      - {name: Authorization, valueFrom: {secretKeyRef: {name: token, key: bearer}}}
  - name: echo
    inputs: {parameters: [{name: body}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.body}}"]}
`
}

func respond(status int, body string) func(p *corev1.Pod) outcome {
	return func(p *corev1.Pod) outcome {
		if nodeNameOf(p) == "web[0].get" {
			return outcome{http: &executor.HTTPResponse{StatusCode: status, Body: body, BodyBytes: int64(len(body)),
				Headers: map[string][]string{"Server": {"nginx"}}}}
		}
		return outcome{}
	}
}

func TestHTTPTemplates(t *testing.T) {
	runCases(t, []wfCase{
		{
			name:    "an agent pod makes the request and the body is the result",
			yaml:    httpWorkflow(`response.statusCode == 201 && response.body contains "hello" && response.headers["Server"][0] == "nginx"`),
			outcome: respond(201, "hello world"),
			check: func(t *testing.T, s *sim) {
				expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "1/1", "")
				n := expectNode(t, s, "web[0].get", v1alpha1.NodeTypeHTTP, v1alpha1.NodeSucceeded)
				if n.Outputs == nil || n.Outputs.Result == nil || *n.Outputs.Result != "hello world" {
					t.Errorf("outputs %+v", n.Outputs)
				}
				if cmd := strings.Join(mainCommand(s.pod("web[1].echo")), " "); cmd != "echo hello world" {
					t.Errorf("echo runs %q", cmd)
				}
				pod := s.pod("web[0].get")
				c := pod.Spec.Containers[0]
				if len(pod.Spec.Containers) != 1 || len(pod.Spec.InitContainers) != 0 || c.Image != testConfig.ExecutorImage ||
					strings.Join(c.Command, " ") != "weft-executor http" || c.TerminationMessagePolicy != corev1.TerminationMessageReadFile {
					t.Fatalf("agent pod %+v", pod.Spec)
				}
				if pod.Spec.AutomountServiceAccountToken == nil || *pod.Spec.AutomountServiceAccountToken || pod.Spec.ServiceAccountName != "runner" {
					t.Errorf("agent pod must run as the workflow's account with no token: %v %q", pod.Spec.AutomountServiceAccountToken, pod.Spec.ServiceAccountName)
				}
				var req executor.HTTPRequest
				for _, e := range c.Env {
					switch e.Name {
					case executor.HTTPSpecEnv:
						if err := json.Unmarshal([]byte(e.Value), &req); err != nil {
							t.Fatal(err)
						}
					case "WEFT_HTTP_HEADER_1":
						if ref := e.ValueFrom.SecretKeyRef; ref.Name != "token" || ref.Key != "bearer" {
							t.Errorf("secret header from %+v", ref)
						}
					}
				}
				want := executor.HTTPRequest{Method: "POST", URL: "http://weft-fixtures.weft-system.svc/hello.txt", TimeoutSeconds: 5, Body: []byte("ping"),
					Headers: []executor.RequestHeader{{Name: "X-Plain", Value: "v"}, {Name: "Authorization", FromEnv: "WEFT_HTTP_HEADER_1"}}}
				expectEqual(t, "request", req, want)
			},
		},
		{
			name:    "a false successCondition fails the node",
			yaml:    httpWorkflow(`response.statusCode == 201`),
			outcome: respond(200, "ok"),
			check: func(t *testing.T, s *sim) {
				n := expectNode(t, s, "web[0].get", v1alpha1.NodeTypeHTTP, v1alpha1.NodeFailed)
				expectEqual(t, "message", n.Message, `http.successCondition "response.statusCode == 201" is false (response status code 200)`)
				expectWorkflow(t, s, v1alpha1.WorkflowFailed, "0/0", "child 'web[0].get' failed")
			},
		},
		{
			name:    "a successCondition that does not compile errs",
			yaml:    httpWorkflow(`response.nope ==`),
			outcome: respond(200, "ok"),
			check: func(t *testing.T, s *sim) {
				n := expectNode(t, s, "web[0].get", v1alpha1.NodeTypeHTTP, v1alpha1.NodeError)
				if !strings.HasPrefix(n.Message, `http.successCondition "response.nope =="`) {
					t.Errorf("message %q", n.Message)
				}
			},
		},
		{
			name: "no response fails with the executor's reason",
			yaml: httpWorkflow(`true`),
			outcome: func(p *corev1.Pod) outcome {
				return outcome{phase: corev1.PodFailed, exitCode: 1, noReport: true}
			},
			check: func(t *testing.T, s *sim) {
				n := expectNode(t, s, "web[0].get", v1alpha1.NodeTypeHTTP, v1alpha1.NodeFailed)
				if !strings.HasPrefix(n.Message, "the http request got no response: ") {
					t.Errorf("message %q", n.Message)
				}
			},
		},
	})
}

func TestHTTPOutcome(t *testing.T) {
	tmpl := func(cond string) resolvedTemplate {
		return resolvedTemplate{Template: &v1alpha1.Template{HTTP: &v1alpha1.HTTP{URL: "http://x", SuccessCondition: cond}}}
	}
	tests := []struct {
		name        string
		cond        string
		resp        executor.HTTPResponse
		wantPhase   v1alpha1.NodePhase
		wantMessage string
	}{
		{name: "2xx by default", resp: executor.HTTPResponse{StatusCode: 204}, wantPhase: v1alpha1.NodeSucceeded},
		{name: "404 fails by default", resp: executor.HTTPResponse{StatusCode: 404}, wantPhase: v1alpha1.NodeFailed, wantMessage: "received response status code 404, not 2xx"},
		{name: "a condition may accept a 404", cond: "response.statusCode == 404", resp: executor.HTTPResponse{StatusCode: 404}, wantPhase: v1alpha1.NodeSucceeded},
		{
			name: "a cut body is said", resp: executor.HTTPResponse{StatusCode: 200, Body: "abc", BodyBytes: 9000, BodyTruncated: true},
			wantPhase: v1alpha1.NodeSucceeded, wantMessage: "the response body was cut to its first 3 of 9000 bytes to fit the termination message",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := tt.resp
			out, phase, msg := httpOutcome(tmpl(tt.cond), &executor.Report{HTTP: &resp})
			if phase != tt.wantPhase || msg != tt.wantMessage || out.Result == nil || *out.Result != resp.Body {
				t.Fatalf("got %s %q %+v", phase, msg, out)
			}
		})
	}
}

func TestPluginTemplatesSayWhatTheyNeed(t *testing.T) {
	runCases(t, []wfCase{{
		name: "a plugin template errs with what it needs",
		yaml: `
metadata: {name: plug}
spec:
  entrypoint: main
  templates:
  - name: main
    plugin:
      hello: {text: hi}
`,
		check: func(t *testing.T, s *sim) {
			n := expectNode(t, s, "plug", v1alpha1.NodeTypePlugin, v1alpha1.NodeError)
			for _, want := range []string{`template "main" calls executor plugin "hello"`, "executor plugins are not configured on this cluster", "ConfigMap"} {
				if !strings.Contains(n.Message, want) {
					t.Errorf("message %q should say %q", n.Message, want)
				}
			}
			expectWorkflow(t, s, v1alpha1.WorkflowError, "0/0", n.Message)
		},
	}})
}

func TestDaemonWaitsUntilReady(t *testing.T) {
	wf := decodeWorkflow(t, `
metadata: {name: ready}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: server, template: server}
    - - {name: client, template: client}
  - name: server
    daemon: true
    container:
      image: busybox
      command: [httpd, -f]
      readinessProbe: {httpGet: {path: /, port: 80}}
  - {name: client, container: {image: busybox, command: ["true"]}}
`)
	s := newSim(t, wf)
	s.outcome = func(p *corev1.Pod) outcome {
		return outcome{hold: nodeNameOf(p) == "ready[0].server", unready: true}
	}
	s.runRounds(4)
	expectNode(t, s, "ready[0].server", v1alpha1.NodeTypePod, v1alpha1.NodeRunning)
	if s.hasNode("ready[1].client") {
		t.Fatal("the next step started before the daemon was Ready")
	}
	s.obs[s.pod("ready[0].server").Name].Ready = true
	s.outcome = holdTemplate("server")
	s.run()
	expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "2/2", "")
	expectEqual(t, "deleted pods", s.deleted, []string{s.pod("ready[0].server").Name})
}
