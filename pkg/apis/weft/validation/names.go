package validation

import (
	"fmt"
	"regexp"
	"sort"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// maxFieldNameLength is the longest template, step or task name Argo accepts.
const maxFieldNameLength = 128

var (
	// fieldNamePattern matches template, step, task and container names.
	fieldNamePattern = regexp.MustCompile(`^[a-zA-Z0-9][-a-zA-Z0-9]*$`)
	// parameterNamePattern matches parameter and artifact names.
	parameterNamePattern = regexp.MustCompile(`^[-a-zA-Z0-9_]+$`)
)

// validateFieldName checks a template, step or task name: required, at most
// 128 characters of letters, digits and '-', starting with a letter or digit.
func validateFieldName(name, what string, fldPath *field.Path) field.ErrorList {
	if name == "" {
		return field.ErrorList{field.Required(fldPath, fmt.Sprintf("every %s needs a name", what))}
	}
	var errs field.ErrorList
	if len(name) > maxFieldNameLength {
		errs = append(errs, field.TooLong(fldPath, name, maxFieldNameLength))
	}
	if !fieldNamePattern.MatchString(name) {
		errs = append(errs, field.Invalid(fldPath, name,
			fmt.Sprintf("a %s name may hold only letters, digits and '-', and must start with a letter or digit", what)))
	}
	return errs
}

// validateParameterName checks a parameter or artifact name: required, made
// of letters, digits, '-' and '_'.
func validateParameterName(name, what string, fldPath *field.Path) field.ErrorList {
	if name == "" {
		return field.ErrorList{field.Required(fldPath, fmt.Sprintf("every %s needs a name", what))}
	}
	if !parameterNamePattern.MatchString(name) {
		return field.ErrorList{field.Invalid(fldPath, name,
			fmt.Sprintf("a %s name may hold only letters, digits, '-' and '_'", what))}
	}
	return nil
}

// notFound is field.NotFound with a detail that tells the user how to fix it.
func notFound(fldPath *field.Path, value any, detail string) *field.Error {
	err := field.NotFound(fldPath, value)
	err.Detail = detail
	return err
}

// sortedKeys returns a map's keys in order, for deterministic errors.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
