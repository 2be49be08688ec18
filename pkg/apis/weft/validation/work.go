package validation

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/weft-dev/weft/pkg/apis/weft"
)

// Enumerations of resource templates.
var (
	resourceActions         = []string{"get", "create", "apply", "delete", "replace", "patch"}
	resourceMergeStrategies = []string{"strategic", "merge", "json"}
)

// validateWork checks the fields of the kind of work a template does, and the
// {{...}} references of the strings its pods and requests are built from.
func validateWork(tmpl *weft.Template, sc *refScope, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	if tmpl.Container != nil {
		errs = append(errs, validateContainer(tmpl.Container, sc, fldPath.Child("container"))...)
	}
	if s := tmpl.Script; s != nil {
		scriptPath := fldPath.Child("script")
		errs = append(errs, validateContainer(&s.Container, sc, scriptPath)...)
		errs = append(errs, validateReferences(s.Source, sc, scriptPath.Child("source"))...)
	}
	if tmpl.ContainerSet != nil {
		errs = append(errs, validateContainerSet(tmpl.ContainerSet, sc, fldPath.Child("containerSet"))...)
	}
	if tmpl.Resource != nil {
		errs = append(errs, validateResource(tmpl.Resource, sc, fldPath.Child("resource"))...)
	}
	if tmpl.Suspend != nil {
		durationPath := fldPath.Child("suspend", "duration")
		errs = append(errs, validateDuration(tmpl.Suspend.Duration, durationPath)...)
		errs = append(errs, validateReferences(tmpl.Suspend.Duration, sc, durationPath)...)
	}
	if h := tmpl.HTTP; h != nil {
		httpPath := fldPath.Child("http")
		if h.URL == "" {
			errs = append(errs, field.Required(httpPath.Child("url"), "give the URL to request"))
		}
		errs = append(errs, validateReferences(h.URL, sc, httpPath.Child("url"))...)
		errs = append(errs, validateReferences(h.Body, sc, httpPath.Child("body"))...)
		for i, header := range h.Headers {
			errs = append(errs, validateReferences(header.Value, sc, httpPath.Child("headers").Index(i).Child("value"))...)
		}
		errs = append(errs, validateMinimum(h.TimeoutSeconds, 0, httpPath.Child("timeoutSeconds"))...)
	}
	if d := tmpl.Data; d != nil {
		for i, step := range d.Transformation {
			if step.Expression == "" {
				errs = append(errs, field.Required(fldPath.Child("data", "transformation").Index(i).Child("expression"),
					"give the expression that transforms the data"))
			}
		}
	}
	for _, side := range []struct {
		name       string
		containers []weft.UserContainer
	}{{"initContainers", tmpl.InitContainers}, {"sidecars", tmpl.Sidecars}} {
		for i := range side.containers {
			p := fldPath.Child(side.name).Index(i)
			if side.containers[i].Name == "" {
				errs = append(errs, field.Required(p.Child("name"), "every init container and sidecar needs a name"))
			}
			errs = append(errs, validateContainer(&side.containers[i].Container, sc, p)...)
		}
	}
	errs = append(errs, validateReferences(tmpl.PodSpecPatch, sc, fldPath.Child("podSpecPatch"))...)
	return errs
}

// validateContainer checks the references of the strings a container is run
// with: image, command, args, working directory and environment values.
func validateContainer(ctr *corev1.Container, sc *refScope, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	errs = append(errs, validateReferences(ctr.Image, sc, fldPath.Child("image"))...)
	errs = append(errs, validateReferenceList(ctr.Command, sc, fldPath.Child("command"))...)
	errs = append(errs, validateReferenceList(ctr.Args, sc, fldPath.Child("args"))...)
	errs = append(errs, validateReferences(ctr.WorkingDir, sc, fldPath.Child("workingDir"))...)
	for i, env := range ctr.Env {
		errs = append(errs, validateReferences(env.Value, sc, fldPath.Child("env").Index(i).Child("value"))...)
	}
	return errs
}

// validateContainerSet checks a container set: named, unique containers
// whose dependencies name containers of the set.
func validateContainerSet(set *weft.ContainerSetTemplate, sc *refScope, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	containersPath := fldPath.Child("containers")
	if len(set.Containers) == 0 {
		errs = append(errs, field.Required(containersPath, "a container set needs at least one container"))
	}
	names := map[string]bool{}
	for i := range set.Containers {
		name := set.Containers[i].Name
		namePath := containersPath.Index(i).Child("name")
		errs = append(errs, validateFieldName(name, "container", namePath)...)
		if name != "" && names[name] {
			errs = append(errs, field.Duplicate(namePath, name))
		}
		names[name] = true
	}
	for i := range set.Containers {
		ctr := &set.Containers[i]
		p := containersPath.Index(i)
		for k, dep := range ctr.Dependencies {
			if !names[dep] || dep == "" {
				errs = append(errs, notFound(p.Child("dependencies").Index(k), dep,
					fmt.Sprintf("no container named %q in this container set: name a container of the set", dep)))
			}
		}
		errs = append(errs, validateContainer(&ctr.Container, sc, p)...)
	}
	if rs := set.RetryStrategy; rs != nil {
		retryPath := fldPath.Child("retryStrategy")
		errs = append(errs, validateDuration(rs.Duration, retryPath.Child("duration"))...)
		errs = append(errs, validateIntOrString(rs.Retries, 0, retryPath.Child("retries"))...)
	}
	return errs
}

// validateResource checks a resource template's action, merge strategy and
// manifest.
func validateResource(r *weft.ResourceTemplate, sc *refScope, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	switch {
	case r.Action == "":
		errs = append(errs, field.Required(fldPath.Child("action"), "give the action: one of get, create, apply, delete, replace, patch"))
	case !hasReference(r.Action):
		errs = append(errs, validateEnum(r.Action, resourceActions, fldPath.Child("action"))...)
	}
	errs = append(errs, validateEnum(r.MergeStrategy, resourceMergeStrategies, fldPath.Child("mergeStrategy"))...)
	if r.Manifest != "" && r.ManifestFrom != nil {
		errs = append(errs, field.Forbidden(fldPath.Child("manifestFrom"), "manifest and manifestFrom cannot both be set: keep one"))
	}
	if r.Manifest == "" && r.ManifestFrom == nil && r.Action != "get" && r.Action != "delete" {
		errs = append(errs, field.Required(fldPath.Child("manifest"),
			fmt.Sprintf("the %q action needs the resource: give manifest or manifestFrom", r.Action)))
	}
	if r.ManifestFrom != nil && r.ManifestFrom.Artifact == nil {
		errs = append(errs, field.Required(fldPath.Child("manifestFrom", "artifact"), "name the input artifact that holds the manifest"))
	}
	errs = append(errs, validateReferences(r.Manifest, sc, fldPath.Child("manifest"))...)
	errs = append(errs, validateReferences(r.SuccessCondition, sc, fldPath.Child("successCondition"))...)
	errs = append(errs, validateReferences(r.FailureCondition, sc, fldPath.Child("failureCondition"))...)
	errs = append(errs, validateReferenceList(r.Flags, sc, fldPath.Child("flags"))...)
	return errs
}
