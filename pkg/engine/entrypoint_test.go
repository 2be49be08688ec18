package engine

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/podspec"
)

// fakeImages answers lookups from a table; images missing from it are
// still being read. It records what it was asked.
type fakeImages struct {
	configs map[string]ImageConfig
	errs    map[string]error
	asked   []ImageLookup
}

func (f *fakeImages) Lookup(l ImageLookup) (ImageConfig, bool, error) {
	f.asked = append(f.asked, l)
	if err, ok := f.errs[l.Image]; ok {
		return ImageConfig{}, false, err
	}
	c, ok := f.configs[l.Image]
	return c, ok, nil
}

func TestCommandsFromImages(t *testing.T) {
	images := map[string]ImageConfig{
		"argosay":    {Entrypoint: []string{"/argosay"}},
		"busybox":    {Cmd: []string{"sh"}},
		"both":       {Entrypoint: []string{"/entry"}, Cmd: []string{"default"}},
		"python":     {Entrypoint: []string{"python3"}, Cmd: []string{"--version"}},
		"empty":      {},
		"cmd-python": {Cmd: []string{"python3"}},
	}
	cases := []struct {
		name, template string
		// command is main's command after the executor's "--".
		command []string
		// err is part of the node's message when it fails.
		err string
	}{
		{name: "entrypoint with the template's args",
			template: `container: {image: argosay, args: [echo, hello]}`,
			command:  []string{"/argosay", "echo", "hello"}},
		{name: "only CMD: it runs",
			template: `container: {image: busybox}`,
			command:  []string{"sh"}},
		{name: "entrypoint and CMD",
			template: `container: {image: both}`,
			command:  []string{"/entry", "default"}},
		{name: "the template's args replace CMD",
			template: `container: {image: both, args: [given]}`,
			command:  []string{"/entry", "given"}},
		{name: "no entrypoint: args run as the command",
			template: `container: {image: busybox, args: [echo, hi]}`,
			command:  []string{"echo", "hi"}},
		{name: "a given command is kept",
			template: `container: {image: argosay, command: [cat], args: [/etc/os-release]}`,
			command:  []string{"cat", "/etc/os-release"}},
		{name: "a script runs with the entrypoint, never CMD",
			template: `script: {image: python, source: "print(1)"}`,
			command:  []string{"python3", podspec.ScriptPath}},
		{name: "a script whose image has no entrypoint",
			template: `script: {image: cmd-python, source: "print(1)"}`,
			err:      `template "main": script.command is not given and image "cmd-python" has no ENTRYPOINT to run the script with: give script.command`},
		{name: "an image with neither entrypoint nor CMD",
			template: `container: {image: empty}`,
			err:      `template "main": container.command is not given and image "empty" has neither ENTRYPOINT nor CMD: give container.command, or list the image`},
		{name: "an image that cannot be read",
			template: `container: {image: nosuch}`,
			err:      `template "main": container.command is not given and the entrypoint of image "nosuch" is unknown: image nosuch was not found; give container.command, or list the image with its entrypoint under images: in weft-controller's configuration`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wf := decodeWorkflow(t, `
metadata: {name: ep}
spec:
  entrypoint: main
  templates:
  - name: main
    `+c.template+`
`)
			lookups := &fakeImages{configs: images, errs: map[string]error{"nosuch": errors.New("image nosuch was not found")}}
			d := Reconcile(wf, Observed{Images: lookups}, start, testConfig)
			if c.err != "" {
				n := d.Status.Nodes[nodeID("ep", "ep")]
				if n.Phase != v1alpha1.NodeError || !strings.Contains(n.Message, c.err) || len(d.CreatePods) != 0 {
					t.Fatalf("node %s %q, %d pods; want Error containing %q", n.Phase, n.Message, len(d.CreatePods), c.err)
				}
				return
			}
			if len(d.CreatePods) != 1 {
				t.Fatalf("%d pods, want 1 (status %s %q)", len(d.CreatePods), d.Status.Phase, d.Status.Message)
			}
			if got := mainCommand(d.CreatePods[0]); !slices.Equal(got, c.command) {
				t.Errorf("main runs %q, want %q", got, c.command)
			}
		})
	}
}

func TestPodWaitsForItsImage(t *testing.T) {
	wf := decodeWorkflow(t, `
metadata: {name: wait}
spec:
  entrypoint: main
  serviceAccountName: runner
  imagePullSecrets: [{name: regcred}]
  templates:
  - name: main
    steps:
    - - {name: say, template: say}
  - name: say
    container: {image: argoproj/argosay:v2, args: [echo, hi]}
`)
	lookups := &fakeImages{configs: map[string]ImageConfig{}}
	d := Reconcile(wf, Observed{Images: lookups}, start, testConfig)
	if len(d.CreatePods) != 0 || d.Status.Phase != v1alpha1.WorkflowRunning {
		t.Fatalf("%d pods, workflow %s; want no pod while the image is read, Running", len(d.CreatePods), d.Status.Phase)
	}
	for _, n := range d.Status.Nodes {
		if n.Type == v1alpha1.NodeTypePod {
			t.Errorf("pod node %s made before its image was read", n.Name)
		}
	}
	want := ImageLookup{Image: "argoproj/argosay:v2", ServiceAccountName: "runner", PullSecrets: []string{"regcred"}}
	if len(lookups.asked) == 0 || !equalLookups(lookups.asked[0], want) {
		t.Fatalf("asked %+v, want %+v", lookups.asked, want)
	}

	wf.Status = d.Status
	lookups.configs["argoproj/argosay:v2"] = ImageConfig{Entrypoint: []string{"/argosay"}}
	d = Reconcile(wf, Observed{Images: lookups}, start, testConfig)
	if len(d.CreatePods) != 1 {
		t.Fatalf("%d pods once the image is read, want 1", len(d.CreatePods))
	}
	if got := mainCommand(d.CreatePods[0]); !slices.Equal(got, []string{"/argosay", "echo", "hi"}) {
		t.Errorf("main runs %q", got)
	}
}

func TestNoImageLookupsWithoutImageConfigs(t *testing.T) {
	wf := decodeWorkflow(t, `
metadata: {name: none}
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox}
`)
	d := Reconcile(wf, Observed{}, start, testConfig)
	if len(d.CreatePods) != 0 || d.Status.Phase != v1alpha1.WorkflowError {
		t.Errorf("%d pods, workflow %s; want the pod builder's refusal", len(d.CreatePods), d.Status.Phase)
	}
}

func equalLookups(a, b ImageLookup) bool {
	return a.Image == b.Image && a.ServiceAccountName == b.ServiceAccountName && slices.Equal(a.PullSecrets, b.PullSecrets)
}
