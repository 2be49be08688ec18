package podspec

import (
	"reflect"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/yaml"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

const workflowYAML = `
metadata: {name: wf, namespace: ns, uid: u-1}
spec:
  serviceAccountName: wf-sa
  nodeSelector: {disk: ssd, zone: a}
  tolerations: [{key: wf, operator: Exists}]
  imagePullSecrets: [{name: pull}]
  podPriorityClassName: low
  hostNetwork: true
  dnsPolicy: ClusterFirstWithHostNet
  schedulerName: wf-scheduler
  podMetadata: {labels: {team: a, shared: wf}, annotations: {note: wf}}
  volumes:
  - {name: used, emptyDir: {}}
  - {name: unused, emptyDir: {}}
  volumeClaimTemplates:
  - metadata: {name: workdir}
  podSpecPatch: '{"containers":[{"name":"main","resources":{"limits":{"cpu":"1"}}}]}'
`

const templateYAML = `
name: tmpl
metadata: {labels: {shared: tmpl}, annotations: {extra: x}}
nodeSelector: {zone: b}
tolerations: [{key: tmpl, operator: Exists}]
priorityClassName: high
activeDeadlineSeconds: "30"
automountServiceAccountToken: false
securityContext: {runAsNonRoot: true}
podSpecPatch: |
  containers:
  - name: main
    env: [{name: PATCHED, value: "yes"}]
initContainers:
- {name: prep, image: busybox, command: ["true"], mirrorVolumeMounts: true}
sidecars:
- {name: side, image: nginx}
volumes:
- {name: own, emptyDir: {}}
script:
  image: python:3
  command: [python3]
  args: [--flag]
  source: print(1)
  volumeMounts: [{name: used, mountPath: /u}, {name: workdir, mountPath: /w}]
outputs:
  parameters:
  - {name: p, valueFrom: {path: /tmp/p}}
`

func input(t *testing.T) Input {
	var wf v1alpha1.Workflow
	var tmpl v1alpha1.Template
	if err := yaml.UnmarshalStrict([]byte(workflowYAML), &wf); err != nil {
		t.Fatal(err)
	}
	if err := yaml.UnmarshalStrict([]byte(templateYAML), &tmpl); err != nil {
		t.Fatal(err)
	}
	return Input{Workflow: &wf, Spec: &wf.Spec, Template: &tmpl, NodeID: "wf-1", NodeName: "wf[0].a", PodName: "wf-tmpl-1",
		Options: Options{ExecutorImage: "exec:1", ExecutorImagePullPolicy: corev1.PullNever}}
}

func TestBuild(t *testing.T) {
	pod, err := Build(input(t))
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %#v, want %#v", what, got, want)
		}
	}
	s := pod.Spec
	check("labels", pod.Labels, map[string]string{"team": "a", "shared": "tmpl", LabelWorkflow: "wf", LabelNodeID: "wf-1"})
	check("node name annotation", pod.Annotations[AnnotationNodeName], "wf[0].a")
	check("owner", pod.OwnerReferences[0].Kind+"/"+pod.OwnerReferences[0].Name+"/"+string(pod.OwnerReferences[0].UID), "Workflow/wf/u-1")
	check("controller", *pod.OwnerReferences[0].Controller && *pod.OwnerReferences[0].BlockOwnerDeletion, true)
	check("restart", s.RestartPolicy, corev1.RestartPolicyNever)
	check("service account", s.ServiceAccountName, "wf-sa")
	check("automount", *s.AutomountServiceAccountToken, false)
	check("node selector", s.NodeSelector, map[string]string{"disk": "ssd", "zone": "b"})
	check("tolerations", len(s.Tolerations), 2)
	check("priority class", s.PriorityClassName, "high")
	check("deadline", *s.ActiveDeadlineSeconds, int64(30))
	check("host network", s.HostNetwork, true)
	check("dns policy", s.DNSPolicy, corev1.DNSClusterFirstWithHostNet)
	check("scheduler", s.SchedulerName, "wf-scheduler")
	check("pull secrets", s.ImagePullSecrets[0].Name, "pull")
	check("security context", *s.SecurityContext.RunAsNonRoot, true)
	var volumes []string
	for _, v := range s.Volumes {
		volumes = append(volumes, v.Name)
	}
	check("volumes", volumes, []string{"own", "used", "workdir", ExecutorVolume})
	check("claim", s.Volumes[2].PersistentVolumeClaim.ClaimName, "wf-workdir")
	init := s.InitContainers[0]
	check("init", []any{init.Name, init.Image, init.ImagePullPolicy, init.Command}, []any{InitContainer, "exec:1", corev1.PullNever, []string{"weft-executor", "install", ExecutorDir}})
	check("user init mirrors mounts", len(s.InitContainers[1].VolumeMounts), 3)
	check("sidecar is native", *s.InitContainers[2].RestartPolicy, corev1.ContainerRestartPolicyAlways)
	main := s.Containers[0]
	check("main", main.Name, MainContainer)
	check("main command", main.Command, []string{ExecutorBinary, "run", "--", "python3", ScriptPath, "--flag"})
	check("patched limits", main.Resources.Limits.Cpu().String(), "1")
	env := map[string]string{}
	for _, e := range main.Env {
		env[e.Name] = e.Value
	}
	check("patched env", env["PATCHED"], "yes")
	if spec := env["WEFT_EXECUTOR_SPEC"]; !strings.Contains(spec, `"path":"/tmp/p"`) || !strings.Contains(spec, `"source":"print(1)"`) {
		t.Errorf("executor spec: %s", spec)
	}
	for _, c := range append(s.InitContainers, s.Containers...) {
		found := false
		for _, m := range c.VolumeMounts {
			found = found || (m.Name == ExecutorVolume && m.MountPath == ExecutorDir)
		}
		if !found {
			t.Errorf("container %s does not mount the executor", c.Name)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	in := input(t)
	in.Template.Script.Command = nil
	if _, err := Build(in); err == nil || err.Error() != `template "tmpl": script.command is required (Weft does not look up image entrypoints)` {
		t.Errorf("no command: %v", err)
	}
	in = input(t)
	bad := intstr.FromString("soon")
	in.Template.ActiveDeadlineSeconds = &bad
	if _, err := Build(in); err == nil {
		t.Error("a bad deadline was accepted")
	}
	in = input(t)
	in.Template.PodSpecPatch = "{not yaml: ["
	if _, err := Build(in); err == nil {
		t.Error("a bad podSpecPatch was accepted")
	}
}
