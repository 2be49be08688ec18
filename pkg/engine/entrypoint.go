package engine

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// ImageConfigs tells the engine what an image runs, for the containers of
// pod templates that give no command: the executor runs a container's
// command itself, so the engine must know the image's ENTRYPOINT and CMD.
type ImageConfigs interface {
	// Lookup returns the image's config. ok is false while the controller
	// is still reading it (it runs Reconcile again once the read ended); an
	// error says it cannot be known, and why.
	Lookup(image ImageLookup) (config ImageConfig, ok bool, err error)
}

// ImageLookup names an image and the credentials its pod pulls it with.
type ImageLookup struct {
	// Image is the container's image, as the template gives it.
	Image string
	// ServiceAccountName is the pod's service account ("" is default).
	ServiceAccountName string
	// PullSecrets are the names of the pod's imagePullSecrets.
	PullSecrets []string
}

// ImageConfig is what an image runs when a container gives no command.
type ImageConfig struct {
	// Entrypoint is the image's ENTRYPOINT.
	Entrypoint []string
	// Cmd is the image's CMD.
	Cmd []string
}

// commandsFromImages gives every container of a substituted pod template
// that has no command the command its image runs, with Kubernetes' rules:
// the command is the image's ENTRYPOINT; the arguments are the container's
// args, or the image's CMD when the container gives none. A script's source
// is its argument, so a script takes only the ENTRYPOINT. waiting says an
// image is still being read: the pod is not built yet. Without ImageConfigs
// it does nothing, and the pod builder refuses containers without a command.
func (o *operation) commandsFromImages(tmpl *v1alpha1.Template) (waiting bool, err error) {
	if o.images == nil {
		return false, nil
	}
	lookup := ImageLookup{ServiceAccountName: tmpl.ServiceAccountName}
	if lookup.ServiceAccountName == "" {
		lookup.ServiceAccountName = o.spec.ServiceAccountName
	}
	for _, s := range o.spec.ImagePullSecrets {
		lookup.PullSecrets = append(lookup.PullSecrets, s.Name)
	}
	fill := func(c *corev1.Container, field string, script bool) error {
		if len(c.Command) > 0 {
			return nil
		}
		lookup.Image = c.Image
		config, ok, err := o.images.Lookup(lookup)
		switch {
		case err != nil:
			return fmt.Errorf("template %q: %s.command is not given and the entrypoint of image %q is unknown: %v; give %s.command, or list the image with its entrypoint under images: in weft-controller's configuration",
				tmpl.Name, field, c.Image, err, field)
		case !ok:
			waiting = true
			return nil
		}
		return runImage(c, config, tmpl.Name, field, script)
	}
	switch {
	case tmpl.Container != nil:
		err = fill(tmpl.Container, "container", false)
	case tmpl.Script != nil:
		err = fill(&tmpl.Script.Container, "script", true)
	case tmpl.ContainerSet != nil:
		for i := range tmpl.ContainerSet.Containers {
			if err = fill(&tmpl.ContainerSet.Containers[i].Container, fmt.Sprintf("containerSet.containers[%d]", i), false); err != nil {
				break
			}
		}
	}
	return waiting && err == nil, err
}

// runImage sets a container's command from its image's config.
func runImage(c *corev1.Container, config ImageConfig, template, field string, script bool) error {
	if script {
		if len(config.Entrypoint) == 0 {
			return fmt.Errorf("template %q: %s.command is not given and image %q has no ENTRYPOINT to run the script with: give %s.command, the interpreter (such as [sh] or [python])",
				template, field, c.Image, field)
		}
		c.Command = append([]string(nil), config.Entrypoint...)
		return nil
	}
	command, args := append([]string(nil), config.Entrypoint...), c.Args
	if args == nil {
		args = append([]string(nil), config.Cmd...)
	}
	if len(command) == 0 {
		command, args = args, nil
	}
	if len(command) == 0 {
		return fmt.Errorf("template %q: %s.command is not given and image %q has neither ENTRYPOINT nor CMD: give %s.command, or list the image with its entrypoint under images: in weft-controller's configuration",
			template, field, c.Image, field)
	}
	c.Command, c.Args = command, args
	return nil
}
