package engine

import (
	"fmt"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// badInputTimeout bounds each run of the engine's bad-input table.
const badInputTimeout = time.Minute

// badInputRounds bounds the Reconcile rounds of one run.
const badInputRounds = 200

// badRun is a workflow that the apiserver admits but that cannot succeed,
// and what its failure must say.
type badRun struct {
	name string
	// yaml is the workflow; params overrides spec.arguments values, for
	// values YAML cannot hold.
	yaml   string
	params map[string]string
	// outcome is how its pods end (default: they succeed).
	outcome func(*corev1.Pod) outcome
	// message must occur in the workflow's message or a node's message;
	// empty only where the bound that ends the run is still being added.
	message string
}

// TestBadInputRuns runs each doomed workflow through Reconcile like a
// controller would: each must end Failed or Error within the timeout, with a
// message that says what was wrong, and none may panic or hang.
func TestBadInputRuns(t *testing.T) {
	for _, tc := range badRuns() {
		t.Run(tc.name, func(t *testing.T) {
			wf := decodeWorkflow(t, tc.yaml)
			for name, value := range tc.params {
				setArgument(t, wf, name, value)
			}
			s := newSim(t, wf)
			if tc.outcome != nil {
				s.outcome = tc.outcome
			}
			runBadInput(t, s)
			phase := s.wf.Status.Phase
			if phase != v1alpha1.WorkflowFailed && phase != v1alpha1.WorkflowError {
				t.Fatalf("phase %s, want Failed or Error: %s", phase, s.dump())
			}
			if tc.message != "" && !mentions(s.wf, tc.message) {
				t.Errorf("no message says %q: %s", tc.message, s.dump())
			}
		})
	}
}

// runBadInput reconciles s until its workflow finishes, in a goroutine of
// its own so that a panic fails the test with its stack and a hang fails it
// after badInputTimeout.
func runBadInput(t *testing.T, s *sim) {
	t.Helper()
	done := make(chan string, 1)
	go func() {
		panicked := ""
		defer func() {
			if r := recover(); r != nil {
				panicked = fmt.Sprintf("%v\n%s", r, debug.Stack())
			}
			done <- panicked
		}()
		for range badInputRounds {
			s.reconcile()
			if finishedPhase(s.wf.Status.Phase) {
				return
			}
			s.step()
		}
	}()
	select {
	case panicked := <-done:
		if panicked != "" {
			t.Fatalf("Reconcile panicked: %s", panicked)
		}
	case <-time.After(badInputTimeout):
		t.Fatalf("Reconcile did not return within %v", badInputTimeout)
	}
	if !finishedPhase(s.wf.Status.Phase) {
		t.Fatalf("not finished after %d rounds: %s", badInputRounds, s.dump())
	}
}

// setArgument sets the value of a workflow argument declared in the YAML.
func setArgument(t *testing.T, wf *v1alpha1.Workflow, name, value string) {
	t.Helper()
	for i := range wf.Spec.Arguments.Parameters {
		if p := &wf.Spec.Arguments.Parameters[i]; p.Name == name {
			v := v1alpha1.AnyString(value)
			p.Value = &v
			return
		}
	}
	t.Fatalf("the workflow declares no argument %q", name)
}

// mentions reports whether the workflow's message or a node's holds text.
func mentions(wf *v1alpha1.Workflow, text string) bool {
	if strings.Contains(wf.Status.Message, text) {
		return true
	}
	for _, n := range wf.Status.Nodes {
		if strings.Contains(n.Message, text) {
			return true
		}
	}
	return false
}
