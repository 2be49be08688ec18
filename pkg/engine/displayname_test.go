package engine

import "testing"

func TestTemplateAnnotationNamesItsNodes(t *testing.T) {
	s := newSim(t, decodeWorkflow(t, `
metadata: {name: shown}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: test-linux
        template: cat-os-release
        arguments: {parameters: [{name: image, value: "{{item}}"}]}
        withItems: [debian, alpine]
    - - name: plain
        template: echo
  - name: cat-os-release
    annotations:
      workflows.argoproj.io/display-name: "os-{{inputs.parameters.image}}"
    inputs: {parameters: [{name: image}]}
    container: {image: busybox, command: [cat, /etc/os-release]}
  - name: echo
    container: {image: busybox, command: [echo]}
`))
	s.run()
	for name, want := range map[string]string{
		"shown[0].test-linux(0:debian)": "os-debian",
		"shown[0].test-linux(1:alpine)": "os-alpine",
		"shown[1].plain":                "plain",
	} {
		if got := s.node(name).DisplayName; got != want {
			t.Errorf("node %s: displayName %q, want %q", name, got, want)
		}
	}
}
