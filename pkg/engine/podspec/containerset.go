package podspec

import (
	"encoding/json"
	"fmt"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/executor"
)

// MarkerDir is where the containers of a containerSet write their exit
// codes, for the containers that depend on them.
const MarkerDir = ExecutorDir + "/containers"

// podContainers are the pod's containers, each running its command through
// the executor: main for a container or script template, every container of
// a containerSet.
func podContainers(tmpl *v1alpha1.Template) ([]corev1.Container, error) {
	if tmpl.ContainerSet != nil {
		return setContainers(tmpl)
	}
	main, err := mainContainer(tmpl)
	if err != nil {
		return nil, err
	}
	if err := wrapMain(&main, tmpl); err != nil {
		return nil, err
	}
	return []corev1.Container{main}, nil
}

// setContainers are a containerSet's containers, in the set's order, each
// with the set's volume mounts and run as a member of the set. Only main
// reads the template's output parameters.
func setContainers(tmpl *v1alpha1.Template) ([]corev1.Container, error) {
	set := tmpl.ContainerSet
	if len(set.Containers) == 0 {
		return nil, fmt.Errorf("template %q: containerSet.containers is empty: list at least one container", tmpl.Name)
	}
	retries, wait, err := setRetries(tmpl.Name, set.RetryStrategy)
	if err != nil {
		return nil, err
	}
	out := make([]corev1.Container, 0, len(set.Containers))
	for i, node := range set.Containers {
		c := *node.Container.DeepCopy()
		if len(c.Command) == 0 {
			return nil, fmt.Errorf("template %q: containerSet.containers[%d] (%s): command is required (Weft does not look up image entrypoints)", tmpl.Name, i, c.Name)
		}
		c.VolumeMounts = append(append([]corev1.VolumeMount(nil), set.VolumeMounts...), c.VolumeMounts...)
		spec := executor.Spec{Member: &executor.SetMember{
			Name: c.Name, Dependencies: node.Dependencies, Dir: MarkerDir, Retries: retries, RetryWait: wait,
		}}
		if c.Name == MainContainer {
			for _, p := range tmpl.Outputs.Parameters {
				if p.ValueFrom != nil && p.ValueFrom.Path != "" {
					spec.Parameters = append(spec.Parameters, executor.OutputParameter{Name: p.Name, Path: p.ValueFrom.Path})
				}
			}
		}
		if err := runThroughExecutor(&c, spec); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// runThroughExecutor makes a container run its command and arguments
// through the executor, with the executor's spec, and report through its
// termination message.
func runThroughExecutor(c *corev1.Container, spec executor.Spec) error {
	data, err := json.Marshal(spec)
	if err != nil {
		return err
	}
	command := append(append([]string{ExecutorBinary, "run", "--"}, c.Command...), c.Args...)
	c.Command, c.Args = command, nil
	c.Env = append(c.Env, corev1.EnvVar{Name: executor.SpecEnv, Value: string(data)})
	c.TerminationMessagePath = executor.DefaultReportPath
	c.TerminationMessagePolicy = corev1.TerminationMessageReadFile
	c.VolumeMounts = append(c.VolumeMounts, executorMount())
	return nil
}

// setRetries reads containerSet.retryStrategy: how many more runs a failed
// container gets, and the wait between them.
func setRetries(name string, rs *v1alpha1.ContainerSetRetryStrategy) (int, string, error) {
	if rs == nil || rs.Retries == nil {
		return 0, "", nil
	}
	if rs.Retries.Type == intstr.Int {
		return int(rs.Retries.IntVal), rs.Duration, nil
	}
	n, err := strconv.Atoi(rs.Retries.StrVal)
	if err != nil || n < 0 {
		return 0, "", fmt.Errorf("template %q: containerSet.retryStrategy.retries %q is not a whole number", name, rs.Retries.StrVal)
	}
	return n, rs.Duration, nil
}
