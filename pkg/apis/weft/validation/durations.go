package validation

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// hasReference reports whether s holds a {{...}} reference, whose value is
// only known at run time.
func hasReference(s string) bool {
	return strings.Contains(s, "{{")
}

// validateDuration checks a duration field: a Go duration such as "30s" or
// "1h30m", a whole number of seconds, or a value holding a {{...}} reference.
// Empty means unset.
func validateDuration(value string, fldPath *field.Path) field.ErrorList {
	if value == "" || hasReference(value) {
		return nil
	}
	if seconds, err := strconv.ParseInt(value, 10, 64); err == nil {
		if seconds < 0 {
			return field.ErrorList{field.Invalid(fldPath, value, "must not be negative")}
		}
		return nil
	}
	d, err := time.ParseDuration(value)
	if err != nil {
		return field.ErrorList{field.Invalid(fldPath, value,
			`is not a duration: write a Go duration such as "30s", "5m" or "1h30m", or a whole number of seconds`)}
	}
	if d < 0 {
		return field.ErrorList{field.Invalid(fldPath, value, "must not be negative")}
	}
	return nil
}

// intOrReference returns the integer an IntOrString holds. ok is false when
// the value is a {{...}} reference, known only at run time; err is set when
// the value is neither an integer nor a reference.
func intOrReference(v *intstr.IntOrString) (n int64, ok bool, err error) {
	if v.Type == intstr.Int {
		return int64(v.IntVal), true, nil
	}
	if hasReference(v.StrVal) {
		return 0, false, nil
	}
	n, parseErr := strconv.ParseInt(strings.TrimSpace(v.StrVal), 10, 64)
	if parseErr != nil {
		return 0, false, errors.New("must be an integer or a {{...}} reference")
	}
	return n, true, nil
}

// validateIntOrString checks an IntOrString that must hold an integer of at
// least min, or a {{...}} reference. A nil value is unset.
func validateIntOrString(v *intstr.IntOrString, minimum int64, fldPath *field.Path) field.ErrorList {
	if v == nil {
		return nil
	}
	n, ok, err := intOrReference(v)
	if err != nil {
		return field.ErrorList{field.Invalid(fldPath, v.String(), err.Error())}
	}
	if ok && n < minimum {
		return field.ErrorList{field.Invalid(fldPath, n, fmt.Sprintf("must be at least %d", minimum))}
	}
	return nil
}

// validateAnyInt checks an IntOrString that may be any integer or a {{...}}
// reference.
func validateAnyInt(v *intstr.IntOrString, fldPath *field.Path) field.ErrorList {
	if v == nil {
		return nil
	}
	if _, _, err := intOrReference(v); err != nil {
		return field.ErrorList{field.Invalid(fldPath, v.String(), err.Error())}
	}
	return nil
}

// validateMinimum checks an optional integer field against a lower bound.
func validateMinimum[T int32 | int64](v *T, minimum T, fldPath *field.Path) field.ErrorList {
	if v == nil || *v >= minimum {
		return nil
	}
	return field.ErrorList{field.Invalid(fldPath, *v, fmt.Sprintf("must be at least %d", minimum))}
}
