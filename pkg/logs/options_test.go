package logs

import (
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft"
)

func int64p(n int64) *int64 { return &n }

func TestNewOptionsFillsPodLogOptions(t *testing.T) {
	since := metav1.Now()
	opts, errs := NewOptions(&weft.WorkflowLogOptions{
		Follow: true, TailLines: int64p(3), SinceTime: &since, Timestamps: true,
		LimitBytes: int64p(100), Previous: true, Grep: "^NAME=",
	})
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	p := opts.Pod
	if p.Container != "main" || p.Follow || *p.TailLines != 3 || !p.SinceTime.Equal(&since) ||
		!p.Timestamps || *p.LimitBytes != 100 || !p.Previous || p.SinceSeconds != nil {
		t.Errorf("pod log options %+v", p)
	}
	if !opts.Follow || opts.Grep == nil || !opts.Grep.MatchString("NAME=x") || !opts.Prefixed() {
		t.Errorf("options %+v", opts)
	}
	opts, _ = NewOptions(&weft.WorkflowLogOptions{Container: "init", SinceSeconds: int64p(10), NodeID: "n"})
	if opts.Pod.Container != "init" || *opts.Pod.SinceSeconds != 10 || opts.Prefixed() {
		t.Errorf("options %+v", opts)
	}
}

func TestNewOptionsRejects(t *testing.T) {
	since := metav1.Now()
	for _, tc := range []struct {
		name    string
		options weft.WorkflowLogOptions
		field   string
		message string
	}{
		{"pod and node", weft.WorkflowLogOptions{PodName: "p", NodeID: "n"}, "nodeId", "podName"},
		{"negative tail", weft.WorkflowLogOptions{TailLines: int64p(-1)}, "tailLines", "greater than or equal to 0"},
		{"zero since", weft.WorkflowLogOptions{SinceSeconds: int64p(0)}, "sinceSeconds", "greater than 0"},
		{"both since", weft.WorkflowLogOptions{SinceSeconds: int64p(5), SinceTime: &since}, "sinceTime", "sinceSeconds"},
		{"zero limit", weft.WorkflowLogOptions{LimitBytes: int64p(0)}, "limitBytes", "greater than 0"},
		{"bad container", weft.WorkflowLogOptions{Container: "Main!"}, "container", "RFC 1123"},
		{"bad grep", weft.WorkflowLogOptions{Grep: "(unclosed"}, "grep", "not a valid regular expression"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts, errs := NewOptions(&tc.options)
			if opts != nil || len(errs) != 1 {
				t.Fatalf("want one error, got %v (options %+v)", errs, opts)
			}
			if errs[0].Field != tc.field || !strings.Contains(errs[0].Error(), tc.message) {
				t.Errorf("error %q at %s, want %s about %q", errs[0].Error(), errs[0].Field, tc.field, tc.message)
			}
		})
	}
}

func TestSelect(t *testing.T) {
	pods := []Pod{{Name: "a", NodeID: "n1"}, {Name: "b", NodeID: "n2"}}
	for _, tc := range []struct {
		options Options
		want    string
	}{
		{Options{}, "a,b"},
		{Options{PodName: "b"}, "b"},
		{Options{NodeID: "n1"}, "a"},
		{Options{PodName: "c"}, ""},
	} {
		var names []string
		for _, p := range tc.options.Select(pods) {
			names = append(names, p.Name)
		}
		if got := strings.Join(names, ","); got != tc.want {
			t.Errorf("%+v selects %q, want %q", tc.options, got, tc.want)
		}
	}
}
