package e2e

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/ui/api"
	"github.com/weft-dev/weft/pkg/ui/assets"
	"github.com/weft-dev/weft/pkg/ui/server"
)

// chromium is Debian's Chromium, which make up installs.
const chromium = "/usr/bin/chromium"

// screenshotsDir, when set, is where the browser tests save screenshots of
// the main pages (docs/images comes from such a run).
var screenshotsDir = os.Getenv("WEFT_UI_SCREENSHOTS")

// TestUIInTheBrowser drives weft ui in headless Chromium against the real
// cluster, with the rights of users who hold edit, view or nothing.
func TestUIInTheBrowser(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Fatalf("the browser tests need Debian's chromium, which make up installs: %v", err)
	}
	ns := namespace(t, "ui")
	other := namespace(t, "ui-other")
	bind(t, ns, "ui-alice", "edit")
	bind(t, ns, "ui-victor", "view")
	alice := startUI(t, userConfig(t, "ui-alice", "ui-users"), ns)
	victor := startUI(t, userConfig(t, "ui-victor", "ui-users"), ns)

	t.Run("LoopsMapsLiveGraphAndLogs", func(t *testing.T) {
		ctx := browserTab(t, 4*time.Minute)
		run(t, ctx, "open the list", chromedp.Navigate(alice), waitVisible(`[data-testid="namespace-picker"]`))
		created, err := userClient(t, "ui-alice", "ui-users").WeftV1alpha1().Workflows(ns).Create(ctx, exampleWorkflow(t, "loops-maps.yaml"), metav1.CreateOptions{})
		if err != nil {
			t.Fatalf("creating loops-maps as ui-alice: %v", err)
		}
		row := fmt.Sprintf(`[data-testid="workflow-row"][data-namespace=%q][data-name=%q]`, ns, created.Name)
		run(t, ctx, "see loops-maps listed while it runs", waitVisible(row+`[data-phase="Running"]`))
		screenshot(t, ctx, "ui-workflows")
		run(t, ctx, "open loops-maps", click(row+" a"), waitVisible(`[data-testid="graph"]`))

		pods := `[data-testid="graph-node"][data-type="Pod"]`
		run(t, ctx, "see its four pods succeed", waitCount(pods+`[data-phase="Succeeded"]`, 4))
		colours := read(t, ctx, "read the pods' colours", chromedp.Evaluate[[]string](fmt.Sprintf(
			`Array.from(document.querySelectorAll(%q)).map((n) => getComputedStyle(n.querySelector('.glyph')).color)`, pods)))
		green := cssColour(t, ctx, "var(--green)")
		for i, colour := range colours {
			if colour != green {
				t.Errorf("pod %d of the graph is drawn in %s, not the green of Succeeded (%s)", i, colour, green)
			}
		}
		screenshot(t, ctx, "ui-graph")

		run(t, ctx, "open a pod's panel", click(pods+`[data-display-name^="test-linux(1:"]`), waitVisible(`[data-testid="node-panel"]`),
			pollJS(`(() => { const l = document.querySelector('[data-testid="node-logs"]'); return !!l && l.textContent.includes('NAME='); })()`))
		logs := read(t, ctx, "read its logs", text(`[data-testid="node-logs"]`))
		if !strings.Contains(logs, "BusyBox") {
			t.Errorf("the logs of test-linux(1:…), busybox's /etc/os-release, are %q", logs)
		}
		screenshot(t, ctx, "ui-node-logs")
	})

	t.Run("SubmitFromATemplateWithItsForm", func(t *testing.T) {
		if _, stderr, err := kubectlStdin(t, greetingTemplate, "create", "-n", ns, "-f", "-"); err != nil {
			t.Fatalf("creating the WorkflowTemplate ui-greeting: %v\n%s", err, stderr)
		}
		ctx := browserTab(t, 3*time.Minute)
		page := strings.Replace(alice, "/?", fmt.Sprintf("/templates/%s/ui-greeting?", ns), 1)
		choose := `(() => { const s = document.querySelector('[data-testid="submit-form"] select[data-param="message"]'); s.value = 'goodbye'; s.dispatchEvent(new Event('change', {bubbles: true})); return s.value; })()`
		run(t, ctx, "open the template", chromedp.Navigate(page), waitVisible(`[data-testid="submit-form"] select[data-param="message"]`))
		if chosen := read(t, ctx, "choose goodbye", chromedp.Evaluate[string](choose)); chosen != "goodbye" {
			t.Fatalf("the message select took %q, want goodbye among its enum", chosen)
		}
		screenshot(t, ctx, "ui-submit")
		run(t, ctx, "submit and see the workflow succeed", click(`[data-testid="submit-button"]`),
			waitVisible(`[data-testid="workflow-phase"][data-phase="Succeeded"]`))
		list, err := weft.WeftV1alpha1().Workflows(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var submitted []string
		for _, wf := range list.Items {
			if wf.Spec.WorkflowTemplateRef != nil && wf.Spec.WorkflowTemplateRef.Name == "ui-greeting" {
				submitted = append(submitted, fmt.Sprintf("%s %v", wf.Status.Phase, wf.Spec.Arguments.Parameters))
				if len(wf.Spec.Arguments.Parameters) != 1 || wf.Spec.Arguments.Parameters[0].Value == nil || *wf.Spec.Arguments.Parameters[0].Value != "goodbye" {
					t.Errorf("the workflow submitted from the form has arguments %v, want message=goodbye", wf.Spec.Arguments.Parameters)
				}
			}
		}
		if len(submitted) != 1 {
			t.Errorf("workflows submitted from ui-greeting: %v, want one", submitted)
		}
	})

	waiting := approvalWorkflow(t, ns)

	t.Run("ViewerIsRefusedTheResumeButton", func(t *testing.T) {
		ctx := browserTab(t, 2*time.Minute)
		page := strings.Replace(victor, "/?", fmt.Sprintf("/workflows/%s/%s?", ns, waiting.Name), 1)
		run(t, ctx, "open the waiting workflow as a viewer", chromedp.Navigate(page),
			waitVisible(`[data-testid="graph-node"][data-type="Suspend"][data-phase="Running"]`))
		run(t, ctx, "press resume", click(`[data-testid="action-resume"]`), waitVisible(`[data-testid="alert"]`))
		message := read(t, ctx, "read the refusal", text(`[data-testid="alert"]`))
		code := read(t, ctx, "read the refusal's code", chromedp.AttributeValue(chromedp.CSS(`[data-testid="alert"]`), "data-code")).Value
		if code != "403" || !strings.Contains(message, `User "ui-victor" cannot patch resource "workflows/status"`) {
			t.Errorf("the viewer's resume shows %s %q, want RBAC's 403 for patching workflows/status", code, message)
		}
		if wf := getWorkflow(t, ns, waiting.Name); finished(wf.Status.Phase) {
			t.Errorf("the viewer's resume ended the workflow: %s", wf.Status.Phase)
		}
	})

	t.Run("EditorResumesFromTheButton", func(t *testing.T) {
		ctx := browserTab(t, 3*time.Minute)
		page := strings.Replace(alice, "/?", fmt.Sprintf("/workflows/%s/%s?", ns, waiting.Name), 1)
		run(t, ctx, "open the waiting workflow", chromedp.Navigate(page),
			waitVisible(`[data-testid="graph-node"][data-type="Suspend"][data-phase="Running"]`))
		run(t, ctx, "press resume and see the workflow succeed", click(`[data-testid="action-resume"]`),
			waitVisible(`[data-testid="workflow-phase"][data-phase="Succeeded"]`))
		if wf := getWorkflow(t, ns, waiting.Name); wf.Status.Phase != v1alpha1.WorkflowSucceeded {
			t.Errorf("after resume from the button the workflow is %s, want Succeeded", wf.Status.Phase)
		}
	})

	t.Run("AnotherNamespaceIsNotListed", func(t *testing.T) {
		foreign, err := weft.WeftV1alpha1().Workflows(other).Create(testContext(t, time.Minute), approvalWorkflowSpec(), metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ctx := browserTab(t, 2*time.Minute)
		run(t, ctx, "open the list", chromedp.Navigate(alice),
			waitVisible(fmt.Sprintf(`[data-testid="workflow-row"][data-namespace=%q]`, ns)))
		rows := read(t, ctx, "read the namespaces listed", chromedp.Evaluate[[]string](
			`Array.from(document.querySelectorAll('[data-testid="workflow-row"]')).map((r) => r.dataset.namespace)`))
		for _, listed := range rows {
			if listed != ns {
				t.Errorf("ui-alice's list shows a workflow of namespace %s; she may read only %s", listed, ns)
			}
		}
		page := strings.Replace(alice, "/?", fmt.Sprintf("/workflows/%s/%s?", other, foreign.Name), 1)
		run(t, ctx, "open the other namespace's workflow", chromedp.Navigate(page), waitVisible(`[data-testid="alert"][data-code="403"]`))
		message := read(t, ctx, "read the refusal", text(`[data-testid="alert"]`))
		if !strings.Contains(message, "forbidden") {
			t.Errorf("ui-alice opening %s/%s is told %q, want RBAC's refusal", other, foreign.Name, message)
		}
	})
}

// greetingTemplate is a WorkflowTemplate whose parameter has an enum, for
// the submit form.
const greetingTemplate = `
apiVersion: weft.dev/v1alpha1
kind: WorkflowTemplate
metadata:
  name: ui-greeting
spec:
  entrypoint: main
  arguments:
    parameters:
    - name: message
      value: hello
      enum: [hello, goodbye]
      description: what the step says
  templates:
  - name: main
    container:
      image: weft.localhost/busybox:1.35
      command: [echo, "{{workflow.parameters.message}}"]
`

// startUI serves weft ui in the test process for the user of config, as
// `weft ui` does, and returns the URL with its login secret.
func startUI(t *testing.T, config *rest.Config, namespace string) string {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ui, err := server.New(server.Options{
		Auth: server.AuthKubeconfig, Config: config, Namespace: namespace, Address: listener.Addr().String(),
		Assets: assets.FS(), Endpoints: api.NewHandler,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: ui, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("weft ui server: %v", err)
		}
	}()
	t.Cleanup(func() { _ = srv.Close() })
	return ui.URL()
}

// browserTab starts headless Chromium, closed when the test ends, and
// returns the context of its tab, done after timeout.
func browserTab(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	options := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 900),
	)
	allocator, cancelAllocator := chromedp.NewExecAllocator(context.Background(), options...)
	tab, cancelTab := chromedp.NewContext(allocator)
	ctx, cancelTimeout := context.WithTimeout(tab, timeout)
	t.Cleanup(func() {
		cancelTimeout()
		cancelTab()
		cancelAllocator()
	})
	return ctx
}

// run runs the browser actions of one step, failing the test with the
// step's name and the page's alert, if any, when they do not complete.
func run(t *testing.T, ctx context.Context, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v%s", step, err, pageAlert(ctx))
	}
}

// read runs a browser action that returns a value, failing the test as run
// does.
func read[T any](t *testing.T, ctx context.Context, step string, action chromedp.Action[T]) T {
	t.Helper()
	value, err := chromedp.Run(ctx, action)
	if err != nil {
		t.Fatalf("%s: %v%s", step, err, pageAlert(ctx))
	}
	return value
}

// pageAlert is the alert the page shows, to explain a step that failed.
func pageAlert(ctx context.Context) string {
	alertCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	text, err := chromedp.Run(alertCtx, chromedp.Evaluate[string](`(document.querySelector('[data-testid="alert"]') || {}).textContent || ''`))
	if err != nil || text == "" {
		return ""
	}
	return "; the page's alert says: " + text
}

func waitVisible(selector string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(chromedp.CSS(selector))
}

func click(selector string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(chromedp.CSS(selector))
}

func text(selector string) chromedp.Action[string] {
	return chromedp.TextContent(chromedp.CSS(selector))
}

// waitCount waits until selector matches exactly n elements.
func waitCount(selector string, n int) chromedp.Action[chromedp.Void] {
	return pollJS(fmt.Sprintf(`document.querySelectorAll(%q).length === %d`, selector, n))
}

// pollJS waits until the JavaScript expression is true.
func pollJS(expression string) chromedp.Action[chromedp.Void] {
	poll := chromedp.Poll[bool](expression, chromedp.WithPollingInterval(100*time.Millisecond))
	return func(ctx context.Context, target *chromedp.Target) (chromedp.Void, error) {
		_, err := poll(ctx, target)
		return chromedp.Void{}, err
	}
}

// cssColour is the colour the page computes for a CSS colour value.
func cssColour(t *testing.T, ctx context.Context, value string) string {
	t.Helper()
	return read(t, ctx, "compute "+value, chromedp.Evaluate[string](fmt.Sprintf(
		`(() => { const probe = document.createElement('span'); probe.style.color = %q; document.body.appendChild(probe); const c = getComputedStyle(probe).color; probe.remove(); return c; })()`, value)))
}

// screenshot saves the page as name.png in screenshotsDir, when set.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if screenshotsDir == "" {
		return
	}
	run(t, ctx, "let the page settle", chromedp.Sleep(300*time.Millisecond))
	png := read(t, ctx, "screenshot "+name, chromedp.CaptureScreenshot())
	if err := os.WriteFile(filepath.Join(screenshotsDir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// approvalWorkflowSpec waits at a suspend step for someone to resume it,
// then runs one pod.
func approvalWorkflowSpec() *v1alpha1.Workflow {
	wf := workflow("approval-")
	wf.Spec.Entrypoint = "main"
	wf.Spec.Templates = []v1alpha1.Template{
		{Name: "main", Steps: [][]v1alpha1.WorkflowStep{{{Name: "approve", Template: "approve"}}, {{Name: "release", Template: "release"}}}},
		{Name: "approve", Suspend: &v1alpha1.SuspendTemplate{}},
		{Name: "release", Container: &corev1.Container{Image: "weft.localhost/busybox:1.35", Command: []string{"echo", "released"}}},
	}
	return wf
}

// approvalWorkflow creates an approval workflow in ns and waits until it
// waits at its suspend step.
func approvalWorkflow(t *testing.T, ns string) *v1alpha1.Workflow {
	t.Helper()
	ctx := testContext(t, 2*time.Minute)
	created, err := weft.WeftV1alpha1().Workflows(ns).Create(ctx, approvalWorkflowSpec(), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return eventually(t, func() (*v1alpha1.Workflow, error) {
		wf, err := weft.WeftV1alpha1().Workflows(ns).Get(ctx, created.Name, metav1.GetOptions{})
		if err != nil {
			return nil, err
		}
		for _, node := range wf.Status.Nodes {
			if node.Type == v1alpha1.NodeTypeSuspend && node.Phase == v1alpha1.NodeRunning {
				return wf, nil
			}
		}
		return nil, fmt.Errorf("workflow %s is %s and waits at no suspend step yet", wf.Name, wf.Status.Phase)
	})
}

func getWorkflow(t *testing.T, ns, name string) *v1alpha1.Workflow {
	t.Helper()
	wf, err := weft.WeftV1alpha1().Workflows(ns).Get(testContext(t, time.Minute), name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return wf
}

// TestUIDownloadsArtifactsWithTheUsersRights downloads an output artifact
// through the in-cluster weft ui from the namespace's artifact store, named
// minio:9000 in the workflow's namespace (an ExternalName alias of make
// up's store): an editor gets the archive; a viewer, who may not read the
// store's Secret, gets RBAC's refusal. weft ui on a workstation would go
// through the API server's service proxy, which refuses endpoints that are
// not pods, as make up's store (on the host) is.
func TestUIDownloadsArtifactsWithTheUsersRights(t *testing.T) {
	ctx := testContext(t, 5*time.Minute)
	ui := waitForInClusterUI(t, ctx)
	ns := artifactNamespace(t, "ui-artifacts")
	wf := runExample(t, ns, "artifact-passing.yaml")
	var nodeID string
	for id, node := range wf.Status.Nodes {
		if node.DisplayName == "generate-artifact" {
			nodeID = id
		}
	}
	if nodeID == "" {
		t.Fatalf("workflow %s has no node generate-artifact", wf.Name)
	}
	path := fmt.Sprintf("/api/artifacts/%s/%s/%s/hello-art", ns, wf.Name, nodeID)

	editor := ui.loginEventually(t, ctx, accountToken(t, ctx, ns, "ui-artifact-editor", "edit"))
	answer := ui.get(t, ctx, path, editor)
	if answer.code != http.StatusOK {
		t.Fatalf("the editor downloading hello-art: %d %s", answer.code, answer.body)
	}
	if got := tarGzipFile(t, answer.body, "hello_world.txt"); got != "hello world\n" {
		t.Errorf("hello-art's hello_world.txt reads %q, want %q", got, "hello world\n")
	}

	viewer := ui.loginEventually(t, ctx, accountToken(t, ctx, ns, "ui-artifact-viewer", "view"))
	answer = ui.get(t, ctx, path, viewer)
	want := fmt.Sprintf(`User \"system:serviceaccount:%s:ui-artifact-viewer\" cannot get resource \"secrets\"`, ns)
	if answer.code != http.StatusForbidden || !strings.Contains(string(answer.body), want) {
		t.Errorf("the viewer downloading hello-art: %d %s, want RBAC's 403 for reading the store's Secret", answer.code, answer.body)
	}
}

// tarGzipFile is the content of the file name in a gzipped tar.
func tarGzipFile(t *testing.T, archive []byte, name string) string {
	t.Helper()
	unzipped, err := gzip.NewReader(bytes.NewReader(archive))
	if err != nil {
		t.Fatalf("the artifact is not gzip: %v", err)
	}
	entries := tar.NewReader(unzipped)
	for {
		header, err := entries.Next()
		if err != nil {
			t.Fatalf("no %s in the artifact's tar: %v", name, err)
		}
		if filepath.Base(header.Name) == name {
			data, err := io.ReadAll(entries)
			if err != nil {
				t.Fatal(err)
			}
			return string(data)
		}
	}
}
