package engine

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// envOf is a pod's main container's environment.
func envOf(p *corev1.Pod) map[string]string {
	env := map[string]string{}
	for _, e := range p.Spec.Containers[0].Env {
		env[e.Name] = e.Value
	}
	return env
}

func TestExpressionExamples(t *testing.T) {
	t.Run("expression-reusing-verbose-snippets", func(t *testing.T) {
		s := newSim(t, loadExample(t, "expression-reusing-verbose-snippets.yaml"))
		s.run()
		env := envOf(s.pod(s.wf.Name))
		for k, want := range map[string]string{"AVG": "35.8", "MIN": "15", "MAX": "57"} {
			if env[k] != want {
				t.Errorf("%s = %q, want %q (%s)", k, env[k], want, s.dump())
			}
		}
	})
	t.Run("expression-destructure-json-complex", func(t *testing.T) {
		s := newSim(t, loadExample(t, "expression-destructure-json-complex.yaml"))
		s.run()
		env := envOf(s.pod(s.wf.Name))
		for k, want := range map[string]string{"A": "[43]", "B": "[43]", "C": `[{"age":43,"name":"Baris"}]`, "D": `["Baris","Mo","Jai"]`} {
			if env[k] != want {
				t.Errorf("%s = %q, want %q (%s)", k, env[k], want, s.dump())
			}
		}
	})
	t.Run("expression-tag-template", func(t *testing.T) {
		wf := loadExample(t, "expression-tag-template.yaml")
		wf.Spec.Templates[1].Container.Command = []string{"/argosay"} // the image's entrypoint, looked up on a cluster
		s := newSim(t, wf)
		s.outcome = func(*corev1.Pod) outcome { return outcome{params: map[string]string{"output": "said"}} }
		s.run()
		expectWorkflow(t, s, "Succeeded", "1/1", "")
		cmd := mainCommand(s.pod(s.wf.Name + ".task-0(0:3)"))
		if len(cmd) != 4 || !strings.HasPrefix(cmd[2], "hello 30 @ 20") {
			t.Errorf("command %q", cmd)
		}
	})
	t.Run("conditional-parameters-fallback", func(t *testing.T) {
		s := newSim(t, loadExample(t, "conditional-parameters-fallback.yaml"))
		s.outcome = func(p *corev1.Pod) outcome {
			cmd := mainCommand(p)
			return outcome{result: strPtr(cmd[len(cmd)-1])}
		}
		s.run()
		expectEqual(t, "print", mainCommand(s.pod(s.wf.Name+"[1].print")), []string{"echo", "default"})
		out := s.node(s.wf.Name).Outputs
		if out == nil || len(out.Parameters) != 1 || string(*out.Parameters[0].Value) != "default" {
			t.Errorf("outputs %+v: %s", out, s.dump())
		}
	})
	t.Run("label-value-from-workflow", func(t *testing.T) {
		d := Reconcile(loadExample(t, "label-value-from-workflow.yaml"), Observed{}, start, testConfig)
		expectEqual(t, "labels", d.Metadata.Labels, map[string]string{"foo": "bar"})
	})
	t.Run("pod-spec-patch-wf-tmpl", func(t *testing.T) {
		d := Reconcile(loadExample(t, "pod-spec-patch-wf-tmpl.yaml"), Observed{}, start, testConfig)
		if len(d.CreatePods) != 1 {
			t.Fatalf("no pod: %s", nodeMessages(d))
		}
		limits := d.CreatePods[0].Spec.Containers[0].Resources.Limits
		if got := limits.Cpu().String() + " " + limits.Memory().String(); !strings.EqualFold(got, "100m 100Mi") {
			t.Errorf("limits %s", got)
		}
	})
}
