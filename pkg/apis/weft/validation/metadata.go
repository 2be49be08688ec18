package validation

import (
	"fmt"
	"strings"

	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

const (
	// maxObjectNameLength bounds the names of Workflows and templates, which
	// become label values on the pods they run.
	maxObjectNameLength = 63
	// maxCronWorkflowNameLength bounds CronWorkflow names, which get an
	// 11-character "-<unix time>" suffix in the names of their workflows.
	maxCronWorkflowNameLength = 52
)

// The API server names an object that has only a generateName by cutting the
// prefix to maxGeneratedPrefix characters and adding generatedSuffix random ones.
const (
	maxGeneratedPrefix = 58
	generatedSuffix    = "xxxxx"
)

// validateMetadata checks an object's metadata on creation: a DNS subdomain
// name (or a generateName, as in a manifest linted before submission), a
// namespace when namespaced, valid labels and annotations, and a name no
// longer than maxNameLength.
func validateMetadata(meta *metav1.ObjectMeta, namespaced bool, maxNameLength int, why string) field.ErrorList {
	fldPath := field.NewPath("metadata")
	checked := *meta
	generated := checked.Name == "" && checked.GenerateName != ""
	if generated {
		prefix := checked.GenerateName
		if len(prefix) > maxGeneratedPrefix {
			prefix = prefix[:maxGeneratedPrefix]
		}
		checked.Name = prefix + generatedSuffix
	}
	var errs field.ErrorList
	for _, err := range apivalidation.ValidateObjectMeta(&checked, namespaced, apivalidation.NameIsDNSSubdomain, fldPath) {
		if generated && err.Field == fldPath.Child("name").String() {
			continue
		}
		if err.Type == field.ErrorTypeRequired && err.Field == fldPath.Child("name").String() {
			err.Detail += misplacedName(meta)
		}
		errs = append(errs, err)
	}
	if len(checked.Name) > maxNameLength {
		err := field.TooLong(fldPath.Child("name"), meta.Name, maxNameLength)
		err.Detail = fmt.Sprintf("the name may be at most %d characters, because %s: shorten it", maxNameLength, why)
		if generated {
			err = field.TooLong(fldPath.Child("generateName"), meta.GenerateName, maxNameLength-len(generatedSuffix))
			err.Detail = fmt.Sprintf("the server adds %d characters to the prefix, and the name may be at most %d characters, because %s: shorten the prefix",
				len(generatedSuffix), maxNameLength, why)
		}
		errs = append(errs, err)
	}
	return errs
}

// misplacedName explains a missing name that the manifest does spell out,
// but in the wrong place: a name or generateName key indented under labels
// or annotations, or swallowed by an annotation's block scalar.
func misplacedName(meta *metav1.ObjectMeta) string {
	for _, key := range []string{"name", "generateName"} {
		if _, ok := meta.Labels[key]; ok {
			return fmt.Sprintf("; metadata.labels has a key %q: it is indented one level too deep, move it directly under metadata", key)
		}
		if _, ok := meta.Annotations[key]; ok {
			return fmt.Sprintf("; metadata.annotations has a key %q: it is indented one level too deep, move it directly under metadata", key)
		}
	}
	for annotation, value := range meta.Annotations {
		for _, line := range strings.Split(value, "\n") {
			line = strings.TrimSpace(line)
			if strings.HasPrefix(line, "name:") || strings.HasPrefix(line, "generateName:") {
				return fmt.Sprintf("; the value of annotation %q has the line %q: the annotation's block scalar swallowed it, outdent it to directly under metadata", annotation, line)
			}
		}
	}
	return ""
}

// validateMetadataUpdate checks that an update keeps the immutable metadata
// and leaves valid labels, annotations and finalizers.
func validateMetadataUpdate(newMeta, oldMeta *metav1.ObjectMeta) field.ErrorList {
	fldPath := field.NewPath("metadata")
	errs := apivalidation.ValidateObjectMetaUpdate(newMeta, oldMeta, fldPath)
	return append(errs, apivalidation.ValidateFinalizers(newMeta.Finalizers, fldPath.Child("finalizers"))...)
}
