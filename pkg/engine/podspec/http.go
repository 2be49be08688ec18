package podspec

import (
	"encoding/json"
	"fmt"
	"strconv"

	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/executor"
)

// httpHeaderEnv names the environment variable holding the value of an
// http template's header i, read from a secret.
func httpHeaderEnv(i int) string {
	return "WEFT_HTTP_HEADER_" + strconv.Itoa(i)
}

// BuildHTTP returns the agent pod of an http template: one container, main,
// that runs "weft-executor http" from the executor image, with the request
// (its references substituted) in its environment and each header read from
// a secret as an environment variable. The pod mounts no service account
// token: the request goes out with no Kubernetes credentials, neither the
// controller's nor the workflow's.
func BuildHTTP(in Input) (*corev1.Pod, error) {
	tmpl, spec := in.Template, in.Spec
	h := tmpl.HTTP
	if h == nil {
		return nil, fmt.Errorf("template %q: agent pods are built only for http templates", tmpl.Name)
	}
	if h.URL == "" {
		return nil, fmt.Errorf("template %q: http.url is required", tmpl.Name)
	}
	req := executor.HTTPRequest{Method: h.Method, URL: h.URL, InsecureSkipVerify: h.InsecureSkipVerify}
	if h.TimeoutSeconds != nil {
		req.TimeoutSeconds = *h.TimeoutSeconds
	}
	switch {
	case h.Body != "":
		req.Body = []byte(h.Body)
	case h.BodyFrom != nil:
		req.Body = h.BodyFrom.Bytes
	}
	var env []corev1.EnvVar
	for i, header := range h.Headers {
		rh := executor.RequestHeader{Name: header.Name, Value: header.Value}
		if header.ValueFrom != nil {
			ref := header.ValueFrom.SecretKeyRef
			if ref == nil {
				return nil, fmt.Errorf("template %q: http.headers[%d] (%s): valueFrom takes secretKeyRef", tmpl.Name, i, header.Name)
			}
			rh.Value, rh.FromEnv = "", httpHeaderEnv(i)
			env = append(env, corev1.EnvVar{Name: rh.FromEnv, ValueFrom: &corev1.EnvVarSource{SecretKeyRef: ref.DeepCopy()}})
		}
		req.Headers = append(req.Headers, rh)
	}
	data, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	env = append(env, corev1.EnvVar{Name: executor.HTTPSpecEnv, Value: string(data)})
	command := in.Options.ExecutorCommand
	if len(command) == 0 {
		command = DefaultExecutorCommand
	}
	no := false
	pod := &corev1.Pod{
		ObjectMeta: objectMeta(in),
		Spec: corev1.PodSpec{
			RestartPolicy:                corev1.RestartPolicyNever,
			ServiceAccountName:           firstString(tmpl.ServiceAccountName, spec.ServiceAccountName),
			AutomountServiceAccountToken: &no,
			NodeSelector:                 mergeMaps(spec.NodeSelector, tmpl.NodeSelector),
			Affinity:                     firstAffinity(tmpl.Affinity, spec.Affinity),
			Tolerations:                  append(append([]corev1.Toleration(nil), spec.Tolerations...), tmpl.Tolerations...),
			ImagePullSecrets:             spec.ImagePullSecrets,
			PriorityClassName:            firstString(tmpl.PriorityClassName, spec.PriorityClassName, spec.PodPriorityClassName),
			HostAliases:                  append(append([]corev1.HostAlias(nil), spec.HostAliases...), tmpl.HostAliases...),
			DNSConfig:                    spec.DNSConfig,
			Containers: []corev1.Container{{
				Name:                     MainContainer,
				Image:                    in.Options.ExecutorImage,
				ImagePullPolicy:          in.Options.ExecutorImagePullPolicy,
				Command:                  append(append([]string(nil), command...), "http"),
				Env:                      env,
				Resources:                *in.Options.ExecutorResources.DeepCopy(),
				TerminationMessagePath:   executor.DefaultReportPath,
				TerminationMessagePolicy: corev1.TerminationMessageReadFile,
			}},
		},
	}
	pod.APIVersion, pod.Kind = "v1", "Pod"
	if spec.DNSPolicy != nil {
		pod.Spec.DNSPolicy = *spec.DNSPolicy
	}
	if pod.Spec.ActiveDeadlineSeconds, err = deadline(tmpl.Name, tmpl.ActiveDeadlineSeconds); err != nil {
		return nil, err
	}
	return pod, nil
}
