package podspec

import (
	corev1 "k8s.io/api/core/v1"
)

// volumes are the pod's volumes: the template's, the executor's, and those of
// the workflow (spec.volumes and the volume claim templates, as claims named
// <workflow>-<claim>) that a container mounts.
func volumes(in Input, spec *corev1.PodSpec) []corev1.Volume {
	out := append([]corev1.Volume(nil), in.Template.Volumes...)
	have := map[string]bool{}
	for _, v := range out {
		have[v.Name] = true
	}
	mounted := mountedVolumes(spec)
	add := func(v corev1.Volume) {
		if mounted[v.Name] && !have[v.Name] {
			have[v.Name] = true
			out = append(out, v)
		}
	}
	for _, v := range in.Spec.Volumes {
		add(*v.DeepCopy())
	}
	for _, claim := range in.Spec.VolumeClaimTemplates {
		add(corev1.Volume{
			Name: claim.Name,
			VolumeSource: corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{
				ClaimName: ClaimName(in.Workflow, claim.Name),
			}},
		})
	}
	return append(out, corev1.Volume{
		Name:         ExecutorVolume,
		VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}},
	})
}

func mountedVolumes(spec *corev1.PodSpec) map[string]bool {
	mounted := map[string]bool{}
	for _, list := range [][]corev1.Container{spec.InitContainers, spec.Containers} {
		for _, c := range list {
			for _, m := range c.VolumeMounts {
				mounted[m.Name] = true
			}
			for _, d := range c.VolumeDevices {
				mounted[d.Name] = true
			}
		}
	}
	return mounted
}
