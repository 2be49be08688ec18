package apipath

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"syscall"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/apiserver"
)

// The benchmarks below answer, in process, whether serving Weft's types as
// protobuf would pay off: what a LIST of 5,000 workflows costs the server
// (conversion from the internal version, JSON encoding, gzip) and the client
// (JSON decoding), next to what JSON and protobuf cost for a list of 5,000
// pods of about the same size, a built-in kind that has both.

const listedForCodecs = 5000

// serverMetadata is what the server adds to a stored object: identity,
// versions, times, Weft's creator annotation and the managed fields of a
// create and a status write.
func serverMetadata(name string, i int) metav1.ObjectMeta {
	created := metav1.NewTime(time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC))
	return metav1.ObjectMeta{
		Name: name, Namespace: Namespace, UID: types.UID(fmt.Sprintf("0b5e5c1e-8a57-4a8e-9d0f-%012d", i)),
		ResourceVersion: fmt.Sprint(100000 + i), Generation: 1, CreationTimestamp: created,
		Annotations: map[string]string{"weft.dev/creator": "system:admin", "weft.dev/creator-uid": "3f1c2a8e-5b7d-4e6f-9a0b-1c2d3e4f5a6b"},
		ManagedFields: []metav1.ManagedFieldsEntry{
			{Manager: "kubectl-create", Operation: metav1.ManagedFieldsOperationUpdate, APIVersion: "weft.dev/v1alpha1", Time: &created, FieldsType: "FieldsV1",
				FieldsV1: &metav1.FieldsV1{Raw: []byte(`{"f:metadata":{"f:generateName":{}},"f:spec":{".":{},"f:entrypoint":{},"f:templates":{}}}`)}},
			{Manager: "weft-controller", Operation: metav1.ManagedFieldsOperationUpdate, APIVersion: "weft.dev/v1alpha1", Time: &created, FieldsType: "FieldsV1", Subresource: "status",
				FieldsV1: &metav1.FieldsV1{Raw: []byte(`{"f:status":{".":{},"f:conditions":{},"f:finishedAt":{},"f:nodes":{".":{}},"f:phase":{},"f:progress":{},"f:resourcesDuration":{".":{},"f:cpu":{},"f:memory":{}},"f:startedAt":{},"f:taskResultsCompletionStatus":{".":{}}}}`)}},
		},
	}
}

// workflowList is listedForCodecs succeeded loops-maps workflows as
// weft-apiserver serves them.
func workflowList(b *testing.B) *v1alpha1.WorkflowList {
	b.Helper()
	list := &v1alpha1.WorkflowList{TypeMeta: metav1.TypeMeta{APIVersion: "weft.dev/v1alpha1", Kind: "WorkflowList"}}
	for i := range listedForCodecs {
		name := fmt.Sprintf("loops-maps-%05d", i)
		wf, err := realisticWorkflow(name)
		if err != nil {
			b.Fatal(err)
		}
		wf.ObjectMeta, wf.Status = serverMetadata(name, i), succeededStatus(name)
		list.Items = append(list.Items, *wf)
	}
	return list
}

// podList is listedForCodecs pods of about the size of a workflow: a
// workflow step's pod, with its two containers, environment, mounts and
// a finished status.
func podList() *corev1.PodList {
	list := &corev1.PodList{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "PodList"}}
	for i := range listedForCodecs {
		name := fmt.Sprintf("loops-maps-%05d-cat-os-release-1000000000", i)
		meta := serverMetadata(name, i)
		meta.Labels = map[string]string{"weft.dev/workflow": fmt.Sprintf("loops-maps-%05d", i), "weft.dev/completed": "true"}
		meta.OwnerReferences = []metav1.OwnerReference{{APIVersion: "weft.dev/v1alpha1", Kind: "Workflow", Name: meta.Labels["weft.dev/workflow"], UID: meta.UID, Controller: ptrTo(true)}}
		container := func(name, image string, args []string) corev1.Container {
			return corev1.Container{
				Name: name, Image: image, Command: []string{"/var/run/weft/weft-executor"}, Args: args,
				Env: []corev1.EnvVar{
					{Name: "WEFT_POD_NAME", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.name"}}},
					{Name: "WEFT_NODE_ID", Value: name + "-1000000000"},
					{Name: "WEFT_TEMPLATE", Value: `{"name":"cat-os-release","inputs":{"parameters":[{"name":"image","value":"weft.localhost/debian"},{"name":"tag","value":"12"}]},"container":{"image":"weft.localhost/debian:12","command":["cat"],"args":["/etc/os-release"]}}`},
				},
				Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("10m"), corev1.ResourceMemory: resource.MustParse("64Mi")}},
				VolumeMounts: []corev1.VolumeMount{
					{Name: "var-run-weft", MountPath: "/var/run/weft"},
					{Name: "kube-api-access", MountPath: "/var/run/secrets/kubernetes.io/serviceaccount", ReadOnly: true},
				},
				TerminationMessagePath: "/dev/termination-log", TerminationMessagePolicy: corev1.TerminationMessageReadFile, ImagePullPolicy: corev1.PullIfNotPresent,
			}
		}
		finished := metav1.NewTime(meta.CreationTimestamp.Add(4 * time.Second))
		terminated := func(name, image string) corev1.ContainerStatus {
			return corev1.ContainerStatus{Name: name, Image: image, ImageID: image + "@sha256:0e5a1c7d2b3f4a5968778695a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5",
				ContainerID: "containerd://6f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
				State:       corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 0, Reason: "Completed", StartedAt: meta.CreationTimestamp, FinishedAt: finished}}}
		}
		list.Items = append(list.Items, corev1.Pod{
			ObjectMeta: meta,
			Spec: corev1.PodSpec{
				Containers:     []corev1.Container{container("wait", "weft.localhost/weft-executor:latest", []string{"wait"}), container("main", "weft.localhost/debian:12", []string{"emissary", "--", "cat", "/etc/os-release"})},
				InitContainers: []corev1.Container{container("init", "weft.localhost/weft-executor:latest", []string{"init"})},
				Volumes: []corev1.Volume{{Name: "var-run-weft", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}},
					{Name: "kube-api-access", VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{Sources: []corev1.VolumeProjection{{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Path: "token", ExpirationSeconds: ptrTo(int64(3607))}}}}}}},
				RestartPolicy: corev1.RestartPolicyNever, ServiceAccountName: "default", NodeName: "node-1", SchedulerName: "default-scheduler",
				Tolerations: []corev1.Toleration{{Key: "node.kubernetes.io/not-ready", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptrTo(int64(300))}},
			},
			Status: corev1.PodStatus{
				Phase: corev1.PodSucceeded, HostIP: "10.88.0.1", PodIP: "10.244.0.17", StartTime: &meta.CreationTimestamp, QOSClass: corev1.PodQOSBurstable,
				Conditions: []corev1.PodCondition{
					{Type: corev1.PodReady, Status: corev1.ConditionFalse, LastTransitionTime: finished, Reason: "PodCompleted"},
					{Type: corev1.PodScheduled, Status: corev1.ConditionTrue, LastTransitionTime: meta.CreationTimestamp},
				},
				InitContainerStatuses: []corev1.ContainerStatus{terminated("init", "weft.localhost/weft-executor:latest")},
				ContainerStatuses:     []corev1.ContainerStatus{terminated("wait", "weft.localhost/weft-executor:latest"), terminated("main", "weft.localhost/debian:12")},
			},
		})
	}
	return list
}

// serializer returns codecs' serializer of mediaType.
func serializer(b *testing.B, codecs interface {
	SupportedMediaTypes() []runtime.SerializerInfo
}, mediaType string) runtime.Serializer {
	b.Helper()
	info, ok := runtime.SerializerInfoForMediaType(codecs.SupportedMediaTypes(), mediaType)
	if !ok {
		b.Fatalf("no serializer for %s", mediaType)
	}
	return info.Serializer
}

// benchmarkEncode encodes object with encoder b.N times and reports the
// encoded size.
func benchmarkEncode(b *testing.B, encoder runtime.Encoder, object runtime.Object) {
	var out bytes.Buffer
	loopWithCPU(b, func() {
		out.Reset()
		if err := encoder.Encode(object, &out); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(float64(out.Len()), "bytes")
}

// loopWithCPU runs op b.N times and reports, beside the wall time, the
// process's CPU time per op (garbage collection included), which other
// work on a busy machine does not inflate as it does the wall time.
func loopWithCPU(b *testing.B, op func()) {
	started := processCPU(b)
	for b.Loop() {
		op()
	}
	b.ReportMetric(float64(processCPU(b)-started)/float64(b.N)/float64(time.Millisecond), "cpu-ms/op")
}

// processCPU is the user and system CPU time the process used so far.
func processCPU(b *testing.B) time.Duration {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		b.Fatal(err)
	}
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}

// benchmarkDecode decodes data into a new object from newObject b.N times.
func benchmarkDecode(b *testing.B, decoder runtime.Decoder, data []byte, newObject func() runtime.Object) {
	loopWithCPU(b, func() {
		if _, _, err := decoder.Decode(data, nil, newObject()); err != nil {
			b.Fatal(err)
		}
	})
}

// benchmarkGzip compresses data as kube-apiserver and weft-apiserver do
// (level 1) b.N times and reports the compressed size.
func benchmarkGzip(b *testing.B, data []byte) {
	var out bytes.Buffer
	loopWithCPU(b, func() {
		out.Reset()
		writer, err := gzip.NewWriterLevel(&out, 1)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := writer.Write(data); err != nil {
			b.Fatal(err)
		}
		if err := writer.Close(); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(float64(out.Len()), "bytes")
}

func encoded(b *testing.B, encoder runtime.Encoder, object runtime.Object) []byte {
	b.Helper()
	var out bytes.Buffer
	if err := encoder.Encode(object, &out); err != nil {
		b.Fatal(err)
	}
	return out.Bytes()
}

// BenchmarkWorkflowList measures the parts of a LIST of 5,000 workflows:
// the server's conversion from the internal version it caches and its JSON
// encoding (together, what its encoder does per LIST), gzip, and the
// client's decoding; and, for comparison, the JSON encoding of the same
// list as the unstructured objects kube-apiserver keeps of a CRD.
func BenchmarkWorkflowList(b *testing.B) {
	served := workflowList(b)
	internal := &weft.WorkflowList{}
	if err := apiserver.Scheme.Convert(served, internal, nil); err != nil {
		b.Fatal(err)
	}
	jsonSerializer := serializer(b, apiserver.Codecs, runtime.ContentTypeJSON)
	encoder := apiserver.Codecs.EncoderForVersion(jsonSerializer, v1alpha1.SchemeGroupVersion)
	data := encoded(b, encoder, served)
	b.Run("convert from internal", func(b *testing.B) {
		loopWithCPU(b, func() {
			var out v1alpha1.WorkflowList
			if err := apiserver.Scheme.Convert(internal, &out, nil); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("JSON encode", func(b *testing.B) { benchmarkEncode(b, jsonSerializer, served) })
	b.Run("convert and JSON encode", func(b *testing.B) { benchmarkEncode(b, encoder, internal) })
	b.Run("JSON gzip", func(b *testing.B) { benchmarkGzip(b, data) })
	b.Run("JSON encode as a CRD's unstructured objects", func(b *testing.B) {
		var list unstructured.UnstructuredList
		if err := list.UnmarshalJSON(data); err != nil {
			b.Fatal(err)
		}
		benchmarkEncode(b, unstructured.UnstructuredJSONScheme, &list)
	})
	b.Run("JSON decode", func(b *testing.B) {
		benchmarkDecode(b, jsonSerializer, data, func() runtime.Object { return &v1alpha1.WorkflowList{} })
	})
}

// BenchmarkPodList measures JSON and protobuf for a list of 5,000 pods of
// about a workflow's size: encoding as a server does, gzip, and decoding
// as a client does.
func BenchmarkPodList(b *testing.B) {
	pods := podList()
	codecs := clientgoscheme.Codecs
	for _, mediaType := range []string{runtime.ContentTypeJSON, runtime.ContentTypeProtobuf} {
		s := serializer(b, codecs, mediaType)
		encoder := codecs.EncoderForVersion(s, schema.GroupVersion{Version: "v1"})
		data := encoded(b, encoder, pods)
		b.Run(mediaType+" encode", func(b *testing.B) { benchmarkEncode(b, encoder, pods) })
		b.Run(mediaType+" gzip", func(b *testing.B) { benchmarkGzip(b, data) })
		b.Run(mediaType+" decode", func(b *testing.B) {
			benchmarkDecode(b, s, data, func() runtime.Object { return &corev1.PodList{} })
		})
	}
}
