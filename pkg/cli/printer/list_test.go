package printer

import (
	"bytes"
	"testing"
	"time"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func TestPrintListGolden(t *testing.T) {
	running := runningSteps()
	suspended := loops()
	yes := true
	suspended.Spec.Suspend = &yes
	priority := int32(5)
	suspended.Spec.Priority = &priority
	pending := &v1alpha1.Workflow{ObjectMeta: running.ObjectMeta}
	pending.Name, pending.Namespace = "hello-world-b2x9q", "team-a"
	wfs := []v1alpha1.Workflow{*running, *failedSteps(), *suspended, *seedLoopsMaps(), *pending}
	now := seedStart.Add(90 * time.Second)
	for name, o := range map[string]ListOptions{
		"list":      {Now: now},
		"list-wide": {Now: now, Wide: true, AllNamespaces: true},
	} {
		var b bytes.Buffer
		if err := PrintList(&b, wfs, o); err != nil {
			t.Fatal(err)
		}
		golden(t, name, b.String())
	}
}

func TestPrintTemplate(t *testing.T) {
	wf := runningSteps()
	tmpl := Template{Meta: &wf.ObjectMeta, Spec: &wf.Spec}
	tmpl.Spec.Entrypoint = "main"
	tmpl.Spec.Templates = []v1alpha1.Template{{Name: "main"}, {Name: "whalesay"}}
	var b bytes.Buffer
	if err := PrintTemplate(&b, tmpl, seedStart.Add(time.Minute), seedZone); err != nil {
		t.Fatal(err)
	}
	if err := PrintTemplateList(&b, []Template{tmpl}, seedStart.Add(time.Minute), true); err != nil {
		t.Fatal(err)
	}
	golden(t, "template", b.String())
}
