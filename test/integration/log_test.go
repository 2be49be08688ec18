package integration

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/rest"
	clienttesting "k8s.io/client-go/testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/podspec"
	"github.com/weft-dev/weft/pkg/registry/weft/workflow"
	"github.com/weft-dev/weft/test/integration/framework"
)

func TestWorkflowLogErrors(t *testing.T) {
	ctx := testContext(t)
	workflows := server.Client.WeftV1alpha1().Workflows("log-errors")
	if _, err := workflows.Create(ctx, helloWorkflow("hello"), metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatal(err)
	}

	err := workflows.GetLogs("missing", &v1alpha1.WorkflowLogOptions{}).Do(ctx).Error()
	if status := statusOf(err); !apierrors.IsNotFound(err) || status.Details == nil ||
		status.Details.Group != "weft.dev" || status.Details.Kind != "workflows" {
		t.Errorf("missing workflow: want 404 for workflows.weft.dev, got %v (%+v)", err, status)
	}

	err = workflows.GetLogs("hello", &v1alpha1.WorkflowLogOptions{}).Do(ctx).Error()
	if !apierrors.IsServiceUnavailable(err) || statusOf(err).Message != workflow.DevModeLogMessage {
		t.Errorf("dev mode: want 503 %q, got %v", workflow.DevModeLogMessage, err)
	}

	tail := int64(-1)
	for _, tc := range []struct {
		name    string
		options v1alpha1.WorkflowLogOptions
		field   string
	}{
		{"bad grep", v1alpha1.WorkflowLogOptions{Grep: "(unclosed"}, "grep"},
		{"pod and node", v1alpha1.WorkflowLogOptions{PodName: "p", NodeID: "n"}, "nodeId"},
		{"negative tail", v1alpha1.WorkflowLogOptions{TailLines: &tail}, "tailLines"},
	} {
		err := workflows.GetLogs("hello", &tc.options).Do(ctx).Error()
		status := statusOf(err)
		if !apierrors.IsBadRequest(err) || status.Details == nil || len(status.Details.Causes) != 1 || status.Details.Causes[0].Field != tc.field {
			t.Errorf("%s: want 400 with a cause at %s, got %v (%+v)", tc.name, tc.field, err, status.Details)
		}
	}
	err = workflows.GetLogs("hello", &v1alpha1.WorkflowLogOptions{}).Param("tailLines", "ten").Do(ctx).Error()
	if !apierrors.IsBadRequest(err) {
		t.Errorf("tailLines=ten: want 400, got %v", err)
	}
}

// statusOf returns the Status of an API error.
func statusOf(err error) metav1.Status {
	if status, ok := err.(apierrors.APIStatus); ok {
		return status.Status()
	}
	return metav1.Status{}
}

// logServer is a weft-apiserver whose pods come from a fake kube client.
type logServer struct {
	*framework.Server
	kube *fake.Clientset
}

func startLogServer(t *testing.T) *logServer {
	t.Helper()
	kube := fake.NewClientset()
	s, err := framework.Start(framework.WithKubeClient(kube))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return &logServer{Server: s, kube: kube}
}

// run creates a workflow whose status holds the given pod nodes, each
// started a second after the last, in phase.
func (s *logServer) run(t *testing.T, ctx context.Context, ns, name string, phase v1alpha1.WorkflowPhase, nodes ...string) *v1alpha1.Workflow {
	t.Helper()
	workflows := s.Client.WeftV1alpha1().Workflows(ns)
	wf, err := workflows.Create(ctx, helloWorkflow(name), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wf.Status.Phase = phase
	wf.Status.Nodes = map[string]v1alpha1.NodeStatus{}
	started := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for i, node := range nodes {
		wf.Status.Nodes[name+"-"+node] = v1alpha1.NodeStatus{
			ID: name + "-" + node, Name: name + "." + node, DisplayName: node, Type: v1alpha1.NodeTypePod,
			Phase: v1alpha1.NodeRunning, StartedAt: metav1.NewTime(started.Add(time.Duration(i) * time.Second)),
		}
	}
	if wf, err = workflows.UpdateStatus(ctx, wf, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	return wf
}

// setPhase moves the workflow to phase.
func (s *logServer) setPhase(t *testing.T, ctx context.Context, wf *v1alpha1.Workflow, phase v1alpha1.WorkflowPhase) {
	t.Helper()
	workflows := s.Client.WeftV1alpha1().Workflows(wf.Namespace)
	current, err := workflows.Get(ctx, wf.Name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	current.Status.Phase = phase
	if _, err := workflows.UpdateStatus(ctx, current, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// addPod creates the running pod of a node of wf in the fake cluster.
func (s *logServer) addPod(t *testing.T, ctx context.Context, wf *v1alpha1.Workflow, node string) {
	t.Helper()
	yes := true
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name: wf.Name + "-" + node + "-pod", Namespace: wf.Namespace,
			Labels:          map[string]string{podspec.LabelWorkflow: wf.Name, podspec.LabelNodeID: wf.Name + "-" + node},
			Annotations:     map[string]string{podspec.AnnotationNodeName: wf.Name + "." + node},
			OwnerReferences: []metav1.OwnerReference{{APIVersion: "weft.dev/v1alpha1", Kind: "Workflow", Name: wf.Name, UID: wf.UID, Controller: &yes}},
		},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: podspec.MainContainer}}},
		Status: corev1.PodStatus{Phase: corev1.PodRunning, ContainerStatuses: []corev1.ContainerStatus{{
			Name: podspec.MainContainer, State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}},
		}}},
	}
	if _, err := s.kube.CoreV1().Pods(wf.Namespace).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// podLogOptions returns the options of every pod log request made in ns so far.
func (s *logServer) podLogOptions(ns string) []*corev1.PodLogOptions {
	var opts []*corev1.PodLogOptions
	for _, action := range s.kube.Actions() {
		if generic, ok := action.(clienttesting.GenericAction); ok && action.GetSubresource() == "log" && action.GetNamespace() == ns {
			opts = append(opts, generic.GetValue().(*corev1.PodLogOptions))
		}
	}
	return opts
}

func TestWorkflowLogFromPods(t *testing.T) {
	s := startLogServer(t)

	t.Run("prefixed in node start order", func(t *testing.T) {
		ctx := testContext(t)
		wf := s.run(t, ctx, "log-read", "loop", v1alpha1.WorkflowSucceeded, "second", "first", "collected")
		s.addPod(t, ctx, wf, "first")
		s.addPod(t, ctx, wf, "second")
		workflows := s.Client.WeftV1alpha1().Workflows("log-read")

		tail, limit := int64(5), int64(1000)
		body, err := workflows.GetLogs(wf.Name, &v1alpha1.WorkflowLogOptions{TailLines: &tail, LimitBytes: &limit, Timestamps: true}).DoRaw(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := "second: fake logs\nfirst: fake logs\ncollected: log unavailable: the node has no pod (deleted, or never made)\n"
		if got := string(body); got != want {
			t.Errorf("log %q, want %q", got, want)
		}
		for _, opts := range s.podLogOptions("log-read") {
			if opts.Container != "main" || opts.TailLines == nil || *opts.TailLines != 5 || *opts.LimitBytes != 1000 || !opts.Timestamps || opts.Follow {
				t.Errorf("pod log read with %+v", opts)
			}
		}

		body, err = workflows.GetLogs(wf.Name, &v1alpha1.WorkflowLogOptions{NodeID: wf.Name + "-first"}).DoRaw(ctx)
		if err != nil || string(body) != "fake logs\n" {
			t.Errorf("one node: got %q, %v; want its lines without prefix", body, err)
		}
		// grep drops every pod line, not the reader's own.
		body, err = workflows.GetLogs(wf.Name, &v1alpha1.WorkflowLogOptions{Grep: "^nothing"}).DoRaw(ctx)
		if err != nil || string(body) != "collected: log unavailable: the node has no pod (deleted, or never made)\n" {
			t.Errorf("grep matching nothing: got %q, %v", body, err)
		}
		err = workflows.GetLogs(wf.Name, &v1alpha1.WorkflowLogOptions{PodName: "not-a-pod-of-loop"}).Do(ctx).Error()
		if !apierrors.IsNotFound(err) || !strings.Contains(err.Error(), `workflow "loop" has no pod "not-a-pod-of-loop"`) {
			t.Errorf("unknown pod: want 404, got %v", err)
		}
	})

	t.Run("text/plain", func(t *testing.T) {
		ctx := testContext(t)
		wf := s.run(t, ctx, "log-raw", "raw", v1alpha1.WorkflowSucceeded, "only")
		s.addPod(t, ctx, wf, "only")
		client, err := rest.HTTPClientFor(s.Config)
		if err != nil {
			t.Fatal(err)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.Config.Host+"/apis/weft.dev/v1alpha1/namespaces/log-raw/workflows/raw/log?follow=true", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/plain" || string(body) != "only: fake logs\n" {
			t.Errorf("got %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	})

	t.Run("follow", func(t *testing.T) {
		ctx := testContext(t)
		wf := s.run(t, ctx, "log-follow", "live", v1alpha1.WorkflowRunning, "early", "late")
		s.addPod(t, ctx, wf, "early")
		stream, err := s.Client.WeftV1alpha1().Workflows("log-follow").GetLogs(wf.Name, &v1alpha1.WorkflowLogOptions{Follow: true}).Stream(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer stream.Close()
		lines := make(chan string)
		go func() {
			defer close(lines)
			scanner := bufio.NewScanner(stream)
			for scanner.Scan() {
				lines <- scanner.Text()
			}
		}()
		expectLine(t, lines, "early: fake logs")
		s.addPod(t, ctx, wf, "late")
		expectLine(t, lines, "late: fake logs")
		s.setPhase(t, ctx, wf, v1alpha1.WorkflowSucceeded)
		select {
		case line, ok := <-lines:
			if ok {
				t.Errorf("unexpected line %q after the workflow finished", line)
			}
		case <-time.After(10 * time.Second):
			t.Error("the stream did not end when the workflow finished")
		}
		followed := s.podLogOptions("log-follow")
		if len(followed) != 2 || !followed[0].Follow || !followed[1].Follow {
			t.Errorf("pod logs read with %v, want two followed", followed)
		}
	})
}

// expectLine waits for the next line of a stream.
func expectLine(t *testing.T, lines <-chan string, want string) {
	t.Helper()
	select {
	case got, ok := <-lines:
		if !ok || got != want {
			t.Fatalf("line %q (open %v), want %q", got, ok, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("no line %q within 10s", want)
	}
}
