package podspec

import (
	"encoding/json"
	"fmt"

	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/executor"
)

// Where the executor lives in every container of the pod.
const (
	// ExecutorVolume is the emptyDir volume holding the executor.
	ExecutorVolume = "weft-executor"
	// ExecutorDir is where ExecutorVolume is mounted.
	ExecutorDir = "/var/run/weft"
	// ExecutorBinary is the installed executor.
	ExecutorBinary = ExecutorDir + "/" + executor.BinaryName
	// ScriptPath is where the executor writes a script template's source.
	ScriptPath = ExecutorDir + "/script"
)

// mainContainer is the template's container, named main, before wrapping.
func mainContainer(tmpl *v1alpha1.Template) (corev1.Container, error) {
	var c corev1.Container
	field := "container"
	switch {
	case tmpl.Container != nil:
		c = *tmpl.Container.DeepCopy()
	case tmpl.Script != nil:
		c = *tmpl.Script.Container.DeepCopy()
		field = "script"
	default:
		return c, fmt.Errorf("template %q: pods are built only for container and script templates", tmpl.Name)
	}
	if len(c.Command) == 0 {
		return c, fmt.Errorf("template %q: %s.command is required (Weft does not look up image entrypoints)", tmpl.Name, field)
	}
	c.Name = MainContainer
	return c, nil
}

// wrapMain makes main run its command through the executor.
func wrapMain(main *corev1.Container, tmpl *v1alpha1.Template) error {
	spec := executor.Spec{}
	command := append([]string(nil), main.Command...)
	if tmpl.Script != nil {
		spec.Script = &executor.Script{Path: ScriptPath, Source: tmpl.Script.Source}
		command = append(command, ScriptPath)
	}
	command = append(command, main.Args...)
	for _, p := range tmpl.Outputs.Parameters {
		if p.ValueFrom != nil && p.ValueFrom.Path != "" {
			spec.Parameters = append(spec.Parameters, executor.OutputParameter{Name: p.Name, Path: p.ValueFrom.Path})
		}
	}
	data, err := json.Marshal(spec)
	if err != nil {
		return err
	}
	main.Command = append([]string{ExecutorBinary, "run", "--"}, command...)
	main.Args = nil
	main.Env = append(main.Env, corev1.EnvVar{Name: executor.SpecEnv, Value: string(data)})
	main.TerminationMessagePath = executor.DefaultReportPath
	main.TerminationMessagePolicy = corev1.TerminationMessageReadFile
	main.VolumeMounts = append(main.VolumeMounts, executorMount())
	return nil
}

func initContainer(opts Options) corev1.Container {
	command := opts.ExecutorCommand
	if len(command) == 0 {
		command = DefaultExecutorCommand
	}
	return corev1.Container{
		Name:            InitContainer,
		Image:           opts.ExecutorImage,
		ImagePullPolicy: opts.ExecutorImagePullPolicy,
		Command:         append(append([]string(nil), command...), "install", ExecutorDir),
		Resources:       *opts.ExecutorResources.DeepCopy(),
		VolumeMounts:    []corev1.VolumeMount{executorMount()},
	}
}

// userContainer is a template's init container or sidecar, with the
// executor volume and, when asked, main's volume mounts.
func userContainer(uc v1alpha1.UserContainer, main corev1.Container) corev1.Container {
	c := *uc.Container.DeepCopy()
	if uc.MirrorVolumeMounts != nil && *uc.MirrorVolumeMounts {
		for _, m := range main.VolumeMounts {
			if m.Name != ExecutorVolume {
				c.VolumeMounts = append(c.VolumeMounts, m)
			}
		}
	}
	c.VolumeMounts = append(c.VolumeMounts, executorMount())
	return c
}

func executorMount() corev1.VolumeMount {
	return corev1.VolumeMount{Name: ExecutorVolume, MountPath: ExecutorDir}
}
