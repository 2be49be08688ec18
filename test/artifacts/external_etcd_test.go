package artifacts

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"strconv"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

const (
	baseDir         = "../../artifacts"
	externalEtcdDir = "../../artifacts/optional/external-etcd"
	etcdClusterDir  = "../../artifacts/optional/external-etcd/etcd"
	weftNamespace   = "weft-system"
)

// TestExternalEtcdOverlayKeepsTheRestOfTheBase: the overlay replaces the
// apiserver's StatefulSet and changes nothing else of the base.
func TestExternalEtcdOverlayKeepsTheRestOfTheBase(t *testing.T) {
	base, overlay := render(t, baseDir), render(t, externalEtcdDir)
	replaced := objectKey("StatefulSet", weftNamespace, "weft-apiserver")
	if _, ok := overlay[replaced]; ok {
		t.Errorf("the overlay still has the StatefulSet weft-apiserver with its embedded etcd")
	}
	for key, data := range base {
		if key == replaced {
			continue
		}
		if !bytes.Equal(overlay[key], data) {
			t.Errorf("%s of artifacts/ is missing or changed in the overlay %s", key, externalEtcdDir)
		}
	}
	added := map[string]bool{
		objectKey("Deployment", weftNamespace, "weft-apiserver"):          true,
		objectKey("PodDisruptionBudget", weftNamespace, "weft-apiserver"): true,
	}
	for key := range overlay {
		if _, inBase := base[key]; !inBase && !added[key] {
			t.Errorf("the overlay adds %s, which this test does not expect", key)
		}
	}
}

func TestExternalEtcdOverlayRunsReplicasOnTheClientCertificate(t *testing.T) {
	objects := render(t, externalEtcdDir)
	var deployment appsv1.Deployment
	objects.decode(t, "Deployment", weftNamespace, "weft-apiserver", &deployment)
	var statefulSet appsv1.StatefulSet
	render(t, baseDir).decode(t, "StatefulSet", weftNamespace, "weft-apiserver", &statefulSet)

	if deployment.Spec.Replicas == nil || *deployment.Spec.Replicas != 2 {
		t.Errorf("replicas %v, want 2", deployment.Spec.Replicas)
	}
	rolling := deployment.Spec.Strategy.RollingUpdate
	if rolling == nil || rolling.MaxUnavailable == nil || rolling.MaxUnavailable.IntValue() != 0 {
		t.Errorf("rolling update %+v: want maxUnavailable 0, so that a rollout never stops both replicas", rolling)
	}

	container := apiserverContainer(t, deployment.Spec.Template.Spec)
	flags := flagValues(t, container.Args)
	if dir, ok := flags["embedded-etcd-dir"]; ok {
		t.Errorf("--embedded-etcd-dir=%s is still given: each replica would also start an etcd of its own", dir)
	}
	// docs/operations.md patches args/3 for an etcd of one's own.
	if len(container.Args) < 4 || !strings.HasPrefix(container.Args[3], "--etcd-servers=") {
		t.Errorf("args %q: docs/operations.md replaces args/3 to set --etcd-servers; change both together", container.Args)
	}
	servers := strings.Split(flags["etcd-servers"], ",")
	if len(servers) != 3 {
		t.Errorf("--etcd-servers=%s: want the 3 members", flags["etcd-servers"])
	}
	for _, server := range servers {
		if u, err := url.Parse(server); err != nil || u.Scheme != "https" {
			t.Errorf("--etcd-servers has %q: want https://", server)
		}
	}
	clientCertDir := secretMountPath(t, deployment.Spec.Template.Spec, container, "weft-etcd-client")
	for flag, key := range map[string]string{"etcd-cafile": "ca.crt", "etcd-certfile": "tls.crt", "etcd-keyfile": "tls.key"} {
		if want := path.Join(clientCertDir, key); flags[flag] != want {
			t.Errorf("--%s=%q, want %q (key %s of the Secret weft-etcd-client)", flag, flags[flag], want, key)
		}
	}
	grace := int64(corev1.DefaultTerminationGracePeriodSeconds)
	if g := deployment.Spec.Template.Spec.TerminationGracePeriodSeconds; g != nil {
		grace = *g
	}
	if delay, err := time.ParseDuration(flags["shutdown-delay-duration"]); err != nil || delay <= 0 || delay+15*time.Second > time.Duration(grace)*time.Second {
		t.Errorf("--shutdown-delay-duration=%q: want a delay, so that a stopping replica leaves the Service first, and 15 s to spare in the %d s grace period", flags["shutdown-delay-duration"], grace)
	}
	for flag, value := range flagValues(t, apiserverContainer(t, statefulSet.Spec.Template.Spec).Args) {
		if flag != "embedded-etcd-dir" && flags[flag] != value {
			t.Errorf("--%s=%q of the base is %q in the overlay", flag, value, flags[flag])
		}
	}
	for _, mount := range container.VolumeMounts {
		if mount.Name == "etcd-data" {
			t.Errorf("the etcd-data claim of the StatefulSet is still mounted at %s", mount.MountPath)
		}
	}

	// The rest of the pod is the base's: image, probes, security, serving certificate.
	want, got := statefulSet.Spec.Template.DeepCopy(), deployment.Spec.Template.DeepCopy()
	for _, spec := range []*corev1.PodSpec{&want.Spec, &got.Spec} {
		spec.Containers[0].Args, spec.Containers[0].VolumeMounts = nil, nil
		spec.TopologySpreadConstraints = nil
		spec.Volumes = withoutVolume(spec.Volumes, "etcd-client")
	}
	if !apiequality.Semantic.DeepEqual(want, got) {
		t.Errorf("the Deployment's pod differs from the base's beyond args, mounts and spreading:\nbase:    %+v\noverlay: %+v", want, got)
	}

	var budget policyv1.PodDisruptionBudget
	objects.decode(t, "PodDisruptionBudget", weftNamespace, "weft-apiserver", &budget)
	selector, err := metav1.LabelSelectorAsSelector(budget.Spec.Selector)
	if err != nil {
		t.Fatal(err)
	}
	if !selector.Matches(labels.Set(deployment.Spec.Template.Labels)) {
		t.Errorf("the PodDisruptionBudget's selector %s does not select the apiserver pods %v", selector, deployment.Spec.Template.Labels)
	}
	if budget.Spec.MaxUnavailable == nil || budget.Spec.MaxUnavailable.IntValue() != 1 {
		t.Errorf("PodDisruptionBudget maxUnavailable %v, want 1 of the 2 replicas", budget.Spec.MaxUnavailable)
	}
}

func TestExternalEtcdClusterOfThreeMembersOverTLS(t *testing.T) {
	objects := render(t, etcdClusterDir)
	var statefulSet appsv1.StatefulSet
	objects.decode(t, "StatefulSet", weftNamespace, "weft-etcd", &statefulSet)
	var service corev1.Service
	objects.decode(t, "Service", weftNamespace, statefulSet.Spec.ServiceName, &service)
	if service.Spec.ClusterIP != corev1.ClusterIPNone || !service.Spec.PublishNotReadyAddresses {
		t.Errorf("Service %s: clusterIP %q, publishNotReadyAddresses %v: members find each other only through a headless Service that publishes them before they are ready",
			service.Name, service.Spec.ClusterIP, service.Spec.PublishNotReadyAddresses)
	}
	if statefulSet.Spec.Replicas == nil || *statefulSet.Spec.Replicas != 3 {
		t.Fatalf("replicas %v, want 3", statefulSet.Spec.Replicas)
	}
	if statefulSet.Spec.PodManagementPolicy != appsv1.ParallelPodManagement {
		t.Errorf("podManagementPolicy %q: the first member is not ready until a quorum has started, so all must start together", statefulSet.Spec.PodManagementPolicy)
	}

	spec := statefulSet.Spec.Template.Spec
	if len(spec.Containers) != 1 {
		t.Fatalf("%d containers, want etcd alone", len(spec.Containers))
	}
	container := spec.Containers[0]
	serverCertDir := secretMountPath(t, spec, container, "weft-etcd-server")
	peerCertDir := secretMountPath(t, spec, container, "weft-etcd-peer")

	var initialCluster, advertised []string
	for member := range int(*statefulSet.Spec.Replicas) {
		podName := fmt.Sprintf("%s-%d", statefulSet.Name, member)
		flags := flagValues(t, expandPodName(container.Args, podName))
		for flag, want := range map[string]string{
			"client-cert-auth":      "true",
			"trusted-ca-file":       path.Join(serverCertDir, "ca.crt"),
			"cert-file":             path.Join(serverCertDir, "tls.crt"),
			"key-file":              path.Join(serverCertDir, "tls.key"),
			"peer-client-cert-auth": "true",
			"peer-trusted-ca-file":  path.Join(peerCertDir, "ca.crt"),
			"peer-cert-file":        path.Join(peerCertDir, "tls.crt"),
			"peer-key-file":         path.Join(peerCertDir, "tls.key"),
			"name":                  podName,
		} {
			if flags[flag] != want {
				t.Errorf("%s: --%s=%q, want %q", podName, flag, flags[flag], want)
			}
		}
		for _, flag := range []string{"listen-client-urls", "advertise-client-urls", "listen-peer-urls", "initial-advertise-peer-urls"} {
			if u, err := url.Parse(flags[flag]); err != nil || u.Scheme != "https" {
				t.Errorf("%s: --%s=%q, want one https:// URL", podName, flag, flags[flag])
			}
		}
		memberHost := podName + "." + service.Name + "." + weftNamespace + ".svc"
		if want := "https://" + memberHost + ":2379"; flags["advertise-client-urls"] != want {
			t.Errorf("%s: --advertise-client-urls=%q, want %q, the name its certificate carries", podName, flags["advertise-client-urls"], want)
		}
		initialCluster = append(initialCluster, podName+"="+flags["initial-advertise-peer-urls"])
		advertised = append(advertised, flags["advertise-client-urls"])

		if member == 0 {
			dataDirMounted := false
			for _, mount := range container.VolumeMounts {
				dataDirMounted = dataDirMounted || strings.HasPrefix(flags["data-dir"], mount.MountPath+"/") && isClaim(statefulSet, mount.Name)
			}
			if !dataDirMounted {
				t.Errorf("--data-dir=%s is not on the volume claim", flags["data-dir"])
			}
			expectProbesOnMetrics(t, container, flags["listen-metrics-urls"])
		}
		if got := flags["initial-cluster"]; member == int(*statefulSet.Spec.Replicas)-1 && got != strings.Join(initialCluster, ",") {
			t.Errorf("--initial-cluster=%s, want every member at its advertised peer URL: %s", got, strings.Join(initialCluster, ","))
		}
	}

	var deployment appsv1.Deployment
	render(t, externalEtcdDir).decode(t, "Deployment", weftNamespace, "weft-apiserver", &deployment)
	servers := flagValues(t, apiserverContainer(t, deployment.Spec.Template.Spec).Args)["etcd-servers"]
	if servers != strings.Join(advertised, ",") {
		t.Errorf("weft-apiserver's --etcd-servers=%s, want the members' client URLs %s", servers, strings.Join(advertised, ","))
	}
}

// expandPodName replaces $(POD_NAME), as the kubelet does with the
// container's environment.
func expandPodName(args []string, podName string) []string {
	expanded := make([]string, len(args))
	for i, arg := range args {
		expanded[i] = strings.ReplaceAll(arg, "$(POD_NAME)", podName)
	}
	return expanded
}

func apiserverContainer(t *testing.T, spec corev1.PodSpec) corev1.Container {
	t.Helper()
	for _, container := range spec.Containers {
		if container.Name == "apiserver" {
			return container
		}
	}
	t.Fatalf("no container named apiserver")
	return corev1.Container{}
}

// secretMountPath is where container mounts the volume of the Secret secretName.
func secretMountPath(t *testing.T, spec corev1.PodSpec, container corev1.Container, secretName string) string {
	t.Helper()
	for _, volume := range spec.Volumes {
		if volume.Secret == nil || volume.Secret.SecretName != secretName {
			continue
		}
		for _, mount := range container.VolumeMounts {
			if mount.Name == volume.Name {
				if !mount.ReadOnly {
					t.Errorf("the Secret %s is mounted writable at %s", secretName, mount.MountPath)
				}
				return mount.MountPath
			}
		}
	}
	t.Fatalf("container %s mounts no volume of the Secret %s", container.Name, secretName)
	return ""
}

func withoutVolume(volumes []corev1.Volume, name string) []corev1.Volume {
	var kept []corev1.Volume
	for _, volume := range volumes {
		if volume.Name != name {
			kept = append(kept, volume)
		}
	}
	return kept
}

func isClaim(statefulSet appsv1.StatefulSet, name string) bool {
	for _, claim := range statefulSet.Spec.VolumeClaimTemplates {
		if claim.Name == name {
			return true
		}
	}
	return false
}

// expectProbesOnMetrics checks that every probe asks the port that
// --listen-metrics-urls opens, where etcd answers /livez and /readyz.
func expectProbesOnMetrics(t *testing.T, container corev1.Container, metricsURL string) {
	t.Helper()
	u, err := url.Parse(metricsURL)
	if err != nil || u.Port() == "" {
		t.Fatalf("--listen-metrics-urls=%q: want a URL with a port for the probes", metricsURL)
	}
	port, err := strconv.Atoi(u.Port())
	if err != nil {
		t.Fatal(err)
	}
	for name, probe := range map[string]*corev1.Probe{"startup": container.StartupProbe, "readiness": container.ReadinessProbe, "liveness": container.LivenessProbe} {
		if probe == nil || probe.HTTPGet == nil {
			t.Errorf("no HTTP %s probe", name)
			continue
		}
		probePort := probe.HTTPGet.Port.IntValue()
		for _, p := range container.Ports {
			if p.Name == probe.HTTPGet.Port.String() {
				probePort = int(p.ContainerPort)
			}
		}
		if probePort != port {
			t.Errorf("the %s probe asks port %s, but health is served on %d", name, probe.HTTPGet.Port.String(), port)
		}
	}
}
