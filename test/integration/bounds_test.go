package integration

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/cmd/apiserver/app"
	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/test/integration/framework"
)

// expectInvalidAt checks that err is a 422 whose causes name field with a
// message containing text.
func expectInvalidAt(t *testing.T, err error, field, text string) {
	t.Helper()
	if !apierrors.IsInvalid(err) {
		t.Fatalf("want 422 Invalid, got %v", err)
	}
	status := err.(apierrors.APIStatus).Status()
	if status.Details != nil {
		for _, c := range status.Details.Causes {
			if c.Field == field && strings.Contains(c.Message, text) {
				return
			}
		}
	}
	t.Errorf("no cause at %s containing %q: %+v", field, text, status.Details)
}

// withTemplates is helloWorkflow with n templates in all.
func withTemplates(name string, n int) *v1alpha1.Workflow {
	wf := helloWorkflow(name)
	for i := 1; i < n; i++ {
		t := *wf.Spec.Templates[0].DeepCopy()
		t.Name = fmt.Sprintf("t%d", i)
		wf.Spec.Templates = append(wf.Spec.Templates, t)
	}
	return wf
}

func TestDefaultBoundsRefuseTooManyTemplates(t *testing.T) {
	ctx := testContext(t)
	workflows := server.Client.WeftV1alpha1().Workflows("bounds")
	if _, err := workflows.Create(ctx, withTemplates("at-the-bound", 1000), metav1.CreateOptions{}); err != nil {
		t.Fatalf("1000 templates, the default bound: %v", err)
	}
	_, err := workflows.Create(ctx, withTemplates("past-the-bound", 1001), metav1.CreateOptions{})
	expectInvalidAt(t, err, "spec.templates", "1001 templates, more than --max-templates (1000) allows")

	wft := &v1alpha1.WorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "past-the-bound"}, Spec: withTemplates("", 1001).Spec}
	_, err = server.Client.WeftV1alpha1().WorkflowTemplates("bounds").Create(ctx, wft, metav1.CreateOptions{})
	expectInvalidAt(t, err, "spec.templates", "1001 templates, more than --max-templates (1000) allows")
}

// boundedServer is a weft-apiserver with small bounds: 64 KiB request
// bodies, 3 loop items, 16-byte parameters, 2 s log streams.
type boundedServer struct {
	*logServer
}

func startBoundedServer(t *testing.T) *boundedServer {
	t.Helper()
	kube := fake.NewClientset()
	s, err := framework.Start(framework.WithKubeClient(kube), func(o *app.Options) {
		o.MaxRequestBodyBytes = 64 << 10
		o.Bounds.MaxLoopItems = 3
		o.Bounds.MaxParameterBytes = 16
		o.MaxLogStreamDuration = 2 * time.Second
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return &boundedServer{&logServer{Server: s, kube: kube}}
}

func TestBoundsSetByFlags(t *testing.T) {
	s := startBoundedServer(t)

	t.Run("withItems and parameter values", func(t *testing.T) {
		ctx := testContext(t)
		wf := helloWorkflow("loop")
		wf.Spec.Templates = append(wf.Spec.Templates, v1alpha1.Template{Name: "loop", Steps: [][]v1alpha1.WorkflowStep{{{
			Name: "each", Template: "main",
			WithItems: []v1alpha1.Item{{Value: json.RawMessage(`1`)}, {Value: json.RawMessage(`2`)}, {Value: json.RawMessage(`3`)}, {Value: json.RawMessage(`4`)}},
		}}}})
		long := v1alpha1.AnyString(strings.Repeat("x", 17))
		wf.Spec.Arguments.Parameters = []v1alpha1.Parameter{{Name: "p", Value: &long}}
		_, err := s.Client.WeftV1alpha1().Workflows("bounds").Create(ctx, wf, metav1.CreateOptions{})
		expectInvalidAt(t, err, "spec.templates[1].steps[0][0].withItems", "4 items, more than --max-loop-items (3) allows")
		expectInvalidAt(t, err, "spec.arguments.parameters[0].value", "17 bytes, more than --max-parameter-bytes (16) allows")

		cron := &v1alpha1.CronWorkflow{ObjectMeta: metav1.ObjectMeta{Name: "loop"}, Spec: v1alpha1.CronWorkflowSpec{Schedules: []string{"@daily"}, WorkflowSpec: wf.Spec}}
		_, err = s.Client.WeftV1alpha1().CronWorkflows("bounds").Create(ctx, cron, metav1.CreateOptions{})
		expectInvalidAt(t, err, "spec.workflowSpec.templates[1].steps[0][0].withItems", "--max-loop-items (3)")
	})

	t.Run("request body over --max-request-body-bytes", func(t *testing.T) {
		ctx := testContext(t)
		wf := helloWorkflow("large")
		wf.Annotations = map[string]string{"padding": strings.Repeat("x", 70<<10)}
		_, err := s.Client.WeftV1alpha1().Workflows("bounds").Create(ctx, wf, metav1.CreateOptions{})
		if !apierrors.IsRequestEntityTooLargeError(err) || !strings.Contains(err.Error(), "more than --max-request-body-bytes (65536) allows") {
			t.Errorf("want 413 naming --max-request-body-bytes, got %v", err)
		}

		client, err := rest.HTTPClientFor(s.Config)
		if err != nil {
			t.Fatal(err)
		}
		body, err := json.Marshal(wf)
		if err != nil {
			t.Fatal(err)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.Config.Host+"/apis/weft.dev/v1alpha1/namespaces/bounds/workflows",
			io.MultiReader(strings.NewReader(string(body))))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		answer, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(answer), "--max-request-body-bytes (65536)") {
			t.Errorf("chunked body: %d %s, want 413 naming --max-request-body-bytes", resp.StatusCode, answer)
		}
	})

	t.Run("followed log over --max-log-stream-duration", func(t *testing.T) {
		ctx := testContext(t)
		wf := s.run(t, ctx, "bounds-log", "live", v1alpha1.WorkflowRunning, "only")
		s.addPod(t, ctx, wf, "only")
		// Taken before the request is sent: the server's bound starts when the
		// request arrives, so no stream may end sooner than the bound after it.
		requested := time.Now()
		stream, err := s.Client.WeftV1alpha1().Workflows("bounds-log").GetLogs(wf.Name, &v1alpha1.WorkflowLogOptions{Follow: true}).Stream(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer stream.Close()
		var lines []string
		scanner := bufio.NewScanner(stream)
		for scanner.Scan() {
			lines = append(lines, scanner.Text())
		}
		want := []string{"only: fake logs", "log stream ended after 2s, the most --max-log-stream-duration allows: request the log again to go on (sinceTime skips what was read)"}
		if strings.Join(lines, "\n") != strings.Join(want, "\n") {
			t.Errorf("lines %q, want %q", lines, want)
		}
		if ended := time.Since(requested); ended < 2*time.Second {
			t.Errorf("the stream ended after %s, before its bound", ended)
		}
	})
}
