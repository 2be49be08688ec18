package lint

import (
	"fmt"
	"strings"
	"testing"
)

func TestLintAppliesTheServersDefaultBounds(t *testing.T) {
	items := strings.TrimSuffix(strings.Repeat("1, ", 10001), ", ")
	got := lintText(t, fmt.Sprintf(`apiVersion: weft.dev/v1alpha1
kind: Workflow
metadata:
  generateName: wide-
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: each, template: echo, withItems: [%s]}
  - name: echo
    container: {image: busybox, command: [echo]}
`, items))
	want := "spec.templates[0].steps[0][0].withItems: Too many: 10001 items, more than --max-loop-items (10000) allows: split the loop, or raise the flag"
	if len(got) != 1 || !strings.HasSuffix(got[0], want) {
		t.Errorf("problems %q, want one ending %q", got, want)
	}
}
