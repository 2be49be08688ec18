package e2e

import (
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// imageCheck is one step of TestDockerHubNames: a container of a Docker Hub
// image name and the text its log must hold.
type imageCheck struct {
	name    string
	image   string
	command []string
	want    []string
}

// dockerHubChecks: every Docker Hub name the local registry serves a
// stand-in for (hack/lib/images.sh), each with a command that shows the
// image is the one its name promises.
var dockerHubChecks = []imageCheck{
	{"busybox", "busybox", []string{"sh", "-c", "busybox | head -n 1"}, []string{"BusyBox v1.35"}},
	{"busybox-1-35", "busybox:1.35", []string{"sh", "-c", "grep ^ID= /etc/os-release"}, []string{"ID=busybox"}},
	{"alpine", "alpine", []string{"sh", "-c", "grep ^ID= /etc/os-release"}, []string{"ID=alpine"}},
	{"alpine-3-7", "alpine:3.7", []string{"/bin/sh", "-c", "grep ^ID= /etc/os-release"}, []string{"ID=alpine"}},
	{"alpine-3-23", "alpine:3.23", []string{"cat", "/etc/alpine-release"}, []string{"3.23"}},
	{"alpine-3-6", "alpine:3.6", []string{"cat", "/etc/os-release"}, []string{"ID=alpine"}},
	{"python-alpine3-23", "python:alpine3.23", []string{"python", "-c", "print(6 * 7)"}, []string{"42"}},
	{"python-alpine3-6", "python:alpine3.6", []string{"python3", "-c", "import json; print(json.dumps([1]))"}, []string{"[1]"}},
	{"python-3-8", "python:3.8", []string{"python", "--version"}, []string{"Python 3"}},
	{"python-latest", "python:latest", []string{"python3", "-c", "print('py' * 2)"}, []string{"pypy"}},
	{"debian-latest", "debian:latest", []string{"cat", "/etc/debian_version"}, []string{"12."}},
	{"debian-9-1", "debian:9.1", []string{"cat", "/etc/os-release"}, []string{"ID=debian"}},
	{"debian-8-9", "debian:8.9", []string{"cat", "/etc/os-release"}, []string{"ID=debian"}},
	{"ubuntu-17-10", "ubuntu:17.10", []string{"cat", "/etc/os-release"}, []string{"ID=ubuntu", "Weft stand-in"}},
	{"node-9-1-alpine", "node:9.1-alpine", []string{"node", "-e", "console.log(6 * 7)"}, []string{"42"}},
	{"argosay-v2", "argoproj/argosay:v2", []string{"/argosay", "echo", "hello weft"}, []string{"hello weft"}},
	// One stream (2>&1): the log keeps the order of stdout and stderr only
	// within each, and a loaded node showed the failed assertion's stderr
	// line before the stdout lines written first.
	{"argosay-v2-files", "argoproj/argosay:v2", []string{"sh", "-c",
		"exec 2>&1; /argosay echo written /tmp/out/said && /argosay cat /tmp/out/said && " +
			"/argosay assert_contains /tmp/out/said writ && /argosay assert_equals same same && " +
			"/argosay; /argosay exit 3; echo exit=$?; /argosay assert_equals one two; echo unequal=$?"},
		[]string{"written\nwritten\nhello argo\nexit=3\nargosay: want \"one\", got \"two\"\nunequal=1\n"}},
	{"argosay-v1", "argoproj/argosay:v1", []string{"sh", "-c", "cowsay moo"}, []string{"< moo >"}},
	{"whalesay", "docker/whalesay", []string{"cowsay", "hello whale"}, []string{"< hello whale >"}},
	{"curl", "curlimages/curl:latest", []string{"curl", "--version"}, []string{"curl 7."}},
	{"curl-sh", "curlimages/curl:latest", []string{"sh", "-c", `[ -n "$RANDOM" ] && echo sh has RANDOM`}, []string{"sh has RANDOM"}},
	{"jq", "stedolan/jq:latest", []string{"sh", "-c", `echo '{"a":[1,2]}' | jq -c .a`}, []string{"[1,2]"}},
	{"nginx-latest", "nginx:latest", []string{"sh", "-c", "nginx -v 2>&1"}, []string{"nginx version"}},
}

// influxClient is the script of TestDockerHubNames' InfluxDB client, as in
// Argo's daemon-step.yaml: it creates a database, writes a point to it and
// to a database that does not exist, and selects the point back.
const influxClient = `set -e
server=http://{{inputs.parameters.server-ip}}:8086
curl -sS -XPOST "$server/query" --data-urlencode "q=CREATE DATABASE mydb"
curl -sS -XPOST "$server/write?db=mydb" -d 'cpu,host=weft,region=local load=42.5'
echo "unknown database: $(curl -sS -o /dev/null -w '%{http_code}' -XPOST "$server/write?db=nodb" -d 'cpu load=1')"
curl -sS -G "$server/query" --data-urlencode "db=mydb" --data-urlencode "q=SELECT * FROM cpu"`

// TestDockerHubNames runs a workflow whose steps name Docker Hub images as
// Argo's examples do, side by side: containerd pulls each from the local
// registry through its docker.io mirror, and each command's log holds what
// the real image would print. An nginx:1.13 daemon with a readiness probe
// on port 80 serves a page that a curlimages/curl step fetches from the
// daemon's IP, as in Argo's daemon-nginx.yaml; an influxdb:1.2 daemon,
// ready on /ping, keeps a point that a curl step writes and selects back,
// as in Argo's daemon-step.yaml.
func TestDockerHubNames(t *testing.T) {
	ns := namespace(t, "images")
	wf := &v1alpha1.Workflow{
		ObjectMeta: metav1.ObjectMeta{GenerateName: "docker-hub-names-"},
		Spec: v1alpha1.WorkflowSpec{
			Entrypoint: "main",
			Templates: []v1alpha1.Template{
				{Name: "nginx-server", Daemon: ptr(true), Container: &corev1.Container{
					Image:   "nginx:1.13",
					Command: []string{"nginx", "-g", "daemon off;"},
					ReadinessProbe: &corev1.Probe{
						ProbeHandler:  corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/", Port: intstr.FromInt32(80)}},
						PeriodSeconds: 1,
					},
				}},
				{Name: "influxdb", Daemon: ptr(true), Container: &corev1.Container{
					Image: "influxdb:1.2",
					ReadinessProbe: &corev1.Probe{
						ProbeHandler:  corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/ping", Port: intstr.FromInt32(8086)}},
						PeriodSeconds: 1,
					},
				}},
				{Name: "influxdb-client",
					Inputs: v1alpha1.Inputs{Parameters: []v1alpha1.Parameter{{Name: "server-ip"}}},
					Container: &corev1.Container{
						Image:   "curlimages/curl:latest",
						Command: []string{"sh", "-c", influxClient},
					}},
				{Name: "nginx-client",
					Inputs: v1alpha1.Inputs{Parameters: []v1alpha1.Parameter{{Name: "server-ip"}}},
					Container: &corev1.Container{
						Image:   "curlimages/curl:latest",
						Command: []string{"sh", "-c", "curl --silent --fail http://{{inputs.parameters.server-ip}}:80/"},
					}},
			},
		},
	}
	checks := []v1alpha1.WorkflowStep{{
		Name: "nginx-client", Template: "nginx-client",
		Arguments: v1alpha1.Arguments{Parameters: []v1alpha1.Parameter{{Name: "server-ip", Value: anyString("{{steps.nginx-server.ip}}")}}},
	}, {
		Name: "influxdb-client", Template: "influxdb-client",
		Arguments: v1alpha1.Arguments{Parameters: []v1alpha1.Parameter{{Name: "server-ip", Value: anyString("{{steps.influxdb.ip}}")}}},
	}}
	for _, c := range dockerHubChecks {
		wf.Spec.Templates = append(wf.Spec.Templates, v1alpha1.Template{Name: c.name, Container: &corev1.Container{Image: c.image, Command: c.command}})
		checks = append(checks, v1alpha1.WorkflowStep{Name: c.name, Template: c.name})
	}
	wf.Spec.Templates = append(wf.Spec.Templates, v1alpha1.Template{Name: "main", Steps: [][]v1alpha1.WorkflowStep{
		{{Name: "nginx-server", Template: "nginx-server"}, {Name: "influxdb", Template: "influxdb"}},
		checks,
	}})

	started := time.Now()
	done := runWorkflow(t, ns, wf)
	t.Logf("%d images side by side: created to %s in %s", len(dockerHubChecks)+3, done.Status.Phase, time.Since(started).Round(100*time.Millisecond))
	expectPhase(t, done, v1alpha1.WorkflowSucceeded)
	expectLog := func(step, image string, want []string) {
		t.Helper()
		log := podLog(t, ns, podOfNode(t, ns, done, nodeByDisplayName(t, done, step)))
		for _, w := range want {
			if !strings.Contains(log, w) {
				t.Errorf("step %s (image %s): log %q should contain %q", step, image, log, w)
			}
		}
	}
	for _, c := range dockerHubChecks {
		expectLog(c.name, c.image, c.want)
	}
	expectLog("nginx-client", "curlimages/curl:latest", []string{"Welcome to nginx!"})
	expectLog("influxdb-client", "influxdb:1.2", []string{
		`{"results":[{"statement_id":0}]}`,
		"unknown database: 404",
		`"series":[{"name":"cpu","columns":["time","host","load","region"],"values":[["`,
		`Z","weft",42.5,"local"]]}]}]}`,
	})
}

// TestDefaultStorageClass runs volumes-pvc.yaml as Argo ships it, without a
// storageClassName: the claim gets the local cluster's default class
// local-path, rancher's provisioner makes its volume, and the second step
// reads what the first wrote.
func TestDefaultStorageClass(t *testing.T) {
	ns := namespace(t, "default-storage")
	done := runExample(t, ns, "volumes-pvc.yaml")
	expectPhase(t, done, v1alpha1.WorkflowSucceeded)
	if log := podLog(t, ns, podOfNode(t, ns, done, nodeByDisplayName(t, done, "print"))); !strings.Contains(log, "hello world") {
		t.Errorf("print's log %q should hold what generate wrote", log)
	}
	// The claim itself may be gone (volumeClaimGC); the provisioner's event
	// on it stays.
	claim := done.Name + "-workdir"
	events, err := kube.CoreV1().Events(ns).List(testContext(t, time.Minute), metav1.ListOptions{
		FieldSelector: "involvedObject.kind=PersistentVolumeClaim,involvedObject.name=" + claim + ",reason=ProvisioningSucceeded",
	})
	if err != nil {
		t.Fatal(err)
	}
	var sources []string
	for _, e := range events.Items {
		sources = append(sources, e.Source.Component+e.ReportingController)
		if strings.HasPrefix(e.Source.Component, "rancher.io/local-path") || strings.HasPrefix(e.ReportingController, "rancher.io/local-path") {
			return
		}
	}
	t.Errorf("claim %s: no ProvisioningSucceeded event from rancher.io/local-path (events from %q)", claim, sources)
}
