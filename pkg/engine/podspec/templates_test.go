package podspec

import (
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func TestTemplateErrorsNameTheField(t *testing.T) {
	tests := []struct {
		name     string
		template string
		http     bool
		want     string
	}{
		{name: "an empty containerSet", template: `{name: s, containerSet: {containers: []}}`, want: `template "s": containerSet.containers is empty`},
		{name: "retries that are not a number", template: `{name: s, containerSet: {retryStrategy: {retries: "x"}, containers: [{name: a, image: i, command: ["true"]}]}}`, want: `template "s": containerSet.retryStrategy.retries "x" is not a whole number`},
		{name: "a container without a command", template: `{name: s, containerSet: {containers: [{name: a, image: i, command: ["true"]}, {name: b, image: i}]}}`, want: `template "s": containerSet.containers[1] (b): command is required`},
		{name: "an http template without a URL", template: `{name: h, http: {method: GET}}`, http: true, want: `template "h": http.url is required`},
		{name: "a header valueFrom without a secret", template: `{name: h, http: {url: "http://x", headers: [{name: A, valueFrom: {}}]}}`, http: true, want: `template "h": http.headers[0] (A): valueFrom takes secretKeyRef`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tmpl v1alpha1.Template
			if err := yaml.UnmarshalStrict([]byte(tt.template), &tmpl); err != nil {
				t.Fatal(err)
			}
			in := Input{Workflow: &v1alpha1.Workflow{}, Spec: &v1alpha1.WorkflowSpec{}, Template: &tmpl}
			build := Build
			if tt.http {
				build = BuildHTTP
			}
			if _, err := build(in); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
		})
	}
}
