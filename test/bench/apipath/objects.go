package apipath

import (
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// loopsMaps is examples/loops-maps.yaml: four parallel steps from a loop
// over maps, each passing two parameters to a container template.
const loopsMaps = `
spec:
  entrypoint: loop-map-example
  templates:
  - name: loop-map-example
    steps:
    - - name: test-linux
        template: cat-os-release
        arguments:
          parameters:
          - name: image
            value: "{{item.image}}"
          - name: tag
            value: "{{item.tag}}"
        withItems:
        - { image: 'weft.localhost/debian', tag: '12' }
        - { image: 'weft.localhost/busybox', tag: '1.35' }
        - { image: 'weft.localhost/python3', tag: '3.11' }
        - { image: 'weft.localhost/debian', tag: '12-slim' }
  - name: cat-os-release
    inputs:
      parameters:
      - name: image
      - name: tag
    container:
      image: "{{inputs.parameters.image}}:{{inputs.parameters.tag}}"
      command: [cat]
      args: [/etc/os-release]
`

// osRelease is the start of what one of loops-maps' steps prints, and so
// its result.
const osRelease = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
ID=debian`

// loopsMapsItems are the loop's items, as the pod nodes name them.
var loopsMapsItems = [][2]string{
	{"weft.localhost/debian", "12"},
	{"weft.localhost/busybox", "1.35"},
	{"weft.localhost/python3", "3.11"},
	{"weft.localhost/debian", "12-slim"},
}

// realisticWorkflow returns loops-maps named name, without status: what a
// user creates.
func realisticWorkflow(name string) (*v1alpha1.Workflow, error) {
	var wf v1alpha1.Workflow
	if err := yaml.UnmarshalStrict([]byte(loopsMaps), &wf); err != nil {
		return nil, fmt.Errorf("the loops-maps workflow does not parse: %w", err)
	}
	wf.Name = name
	return &wf, nil
}

// succeededStatus is the status of loops-maps named name once it
// succeeded, as the controller writes it: a steps node, a step group and
// four pod nodes with their inputs, outputs, times and resource use.
func succeededStatus(name string) v1alpha1.WorkflowStatus {
	started := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	at := func(seconds int) metav1.Time {
		return metav1.NewTime(started.Add(time.Duration(seconds) * time.Second))
	}
	usage := map[corev1.ResourceName]int64{"cpu": 2, "memory": 2}
	rootID, groupID := name, name+"-1846539826"
	nodes := map[string]v1alpha1.NodeStatus{
		rootID: {
			ID: rootID, Name: name, DisplayName: name, Type: v1alpha1.NodeTypeSteps,
			TemplateName: "loop-map-example", TemplateScope: "local/" + name, Phase: v1alpha1.NodeSucceeded,
			StartedAt: at(0), FinishedAt: at(4), Progress: "4/4", ResourcesDuration: usage,
			Children: []string{groupID}, OutboundNodes: nil,
		},
		groupID: {
			ID: groupID, Name: name + "[0]", DisplayName: "[0]", Type: v1alpha1.NodeTypeStepGroup,
			TemplateScope: "local/" + name, Phase: v1alpha1.NodeSucceeded, BoundaryID: rootID,
			StartedAt: at(0), FinishedAt: at(4), Progress: "4/4", ResourcesDuration: usage,
		},
	}
	var podIDs []string
	for i, item := range loopsMapsItems {
		id := fmt.Sprintf("%s-%d", name, 1000000000+i*271828183)
		podIDs = append(podIDs, id)
		image, tag, result, exitCode := v1alpha1.AnyString(item[0]), v1alpha1.AnyString(item[1]), osRelease, "0"
		nodes[id] = v1alpha1.NodeStatus{
			ID: id, Name: fmt.Sprintf("%s[0].test-linux(%d:image:%s,tag:%s)", name, i, item[0], item[1]),
			DisplayName: fmt.Sprintf("test-linux(%d:image:%s,tag:%s)", i, item[0], item[1]),
			Type:        v1alpha1.NodeTypePod, TemplateName: "cat-os-release", TemplateScope: "local/" + name,
			Phase: v1alpha1.NodeSucceeded, BoundaryID: rootID, Message: "",
			StartedAt: at(0), FinishedAt: at(3 + i%2), Progress: "1/1", ResourcesDuration: usage,
			Inputs:       &v1alpha1.Inputs{Parameters: []v1alpha1.Parameter{{Name: "image", Value: &image}, {Name: "tag", Value: &tag}}},
			Outputs:      &v1alpha1.Outputs{Result: &result, ExitCode: &exitCode},
			HostNodeName: "node-1", TaskResultSynced: ptrTo(true),
		}
	}
	group := nodes[groupID]
	group.Children = podIDs
	nodes[groupID] = group
	root := nodes[rootID]
	root.OutboundNodes = podIDs
	nodes[rootID] = root
	completed := make(map[string]bool, len(podIDs))
	for _, id := range podIDs {
		completed[id] = true
	}
	return v1alpha1.WorkflowStatus{
		Phase: v1alpha1.WorkflowSucceeded, StartedAt: at(0), FinishedAt: at(4), Progress: "4/4",
		Nodes: nodes, ResourcesDuration: usage, TaskResultsCompletionStatus: completed,
		Conditions: []v1alpha1.Condition{
			{Type: "PodRunning", Status: metav1.ConditionFalse},
			{Type: "Completed", Status: metav1.ConditionTrue},
		},
	}
}

func ptrTo[T any](value T) *T { return &value }
