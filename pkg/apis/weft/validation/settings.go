package validation

import (
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/weft-dev/weft/pkg/apis/weft"
)

// retryPolicies are the values of retryStrategy.retryPolicy.
var retryPolicies = []string{"Always", "OnFailure", "OnError", "OnTransientError"}

// validateTemplateSettings checks a template's limits, durations, retry
// strategy, memoization and locks.
func validateTemplateSettings(tmpl *weft.Template, sc *refScope, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	leaf := isLeaf(tmpl)
	timeoutPath := fldPath.Child("timeout")
	if tmpl.Timeout != "" && !leaf {
		errs = append(errs, field.Forbidden(timeoutPath,
			"only templates that do work themselves take a timeout: set it on the templates the steps or tasks run, or use activeDeadlineSeconds on the workflow"))
	}
	errs = append(errs, validateDuration(tmpl.Timeout, timeoutPath)...)
	errs = append(errs, validateReferences(tmpl.Timeout, sc, timeoutPath)...)
	deadlinePath := fldPath.Child("activeDeadlineSeconds")
	if tmpl.ActiveDeadlineSeconds != nil {
		if !leaf {
			errs = append(errs, field.Forbidden(deadlinePath,
				"only templates that do work themselves take activeDeadlineSeconds: set it on the templates the steps or tasks run"))
		}
		errs = append(errs, validateIntOrString(tmpl.ActiveDeadlineSeconds, 0, deadlinePath)...)
		errs = append(errs, validateReferences(tmpl.ActiveDeadlineSeconds.StrVal, sc, deadlinePath)...)
	}
	if tmpl.Parallelism != nil {
		parallelismPath := fldPath.Child("parallelism")
		if leaf {
			errs = append(errs, field.Forbidden(parallelismPath,
				"parallelism bounds the children of a steps or DAG template: remove it from this template"))
		}
		errs = append(errs, validateMinimum(tmpl.Parallelism, 1, parallelismPath)...)
	}
	errs = append(errs, validateRetryStrategy(tmpl.RetryStrategy, fldPath.Child("retryStrategy"))...)
	if m := tmpl.Memoize; m != nil {
		memoizePath := fldPath.Child("memoize")
		if m.Key == "" {
			errs = append(errs, field.Required(memoizePath.Child("key"), "give the cache key, such as \"{{inputs.parameters.NAME}}\""))
		}
		errs = append(errs, validateReferences(m.Key, sc, memoizePath.Child("key"))...)
		if m.Cache == nil || m.Cache.ConfigMap == nil {
			errs = append(errs, field.Required(memoizePath.Child("cache", "configMap"), "name the ConfigMap that holds the cache"))
		}
		errs = append(errs, validateDuration(m.MaxAge, memoizePath.Child("maxAge"))...)
	}
	errs = append(errs, validateSynchronization(tmpl.Synchronization, fldPath.Child("synchronization"))...)
	return errs
}

// validateRetryStrategy checks a retry strategy's limit, policy and backoff.
func validateRetryStrategy(rs *weft.RetryStrategy, fldPath *field.Path) field.ErrorList {
	if rs == nil {
		return nil
	}
	var errs field.ErrorList
	errs = append(errs, validateIntOrString(rs.Limit, 0, fldPath.Child("limit"))...)
	errs = append(errs, validateEnum(rs.RetryPolicy, retryPolicies, fldPath.Child("retryPolicy"))...)
	if b := rs.Backoff; b != nil {
		backoffPath := fldPath.Child("backoff")
		errs = append(errs, validateDuration(b.Duration, backoffPath.Child("duration"))...)
		errs = append(errs, validateDuration(b.MaxDuration, backoffPath.Child("maxDuration"))...)
		errs = append(errs, validateDuration(b.Cap, backoffPath.Child("cap"))...)
		errs = append(errs, validateIntOrString(b.Factor, 0, backoffPath.Child("factor"))...)
	}
	return errs
}

// validateSequence checks a withSequence: count or end, not both, and
// integers or references for count, start and end.
func validateSequence(seq *weft.Sequence, sc *refScope, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	switch {
	case seq.Count != nil && seq.End != nil:
		errs = append(errs, field.Forbidden(fldPath.Child("end"),
			"count and end cannot both be set: give count numbers from start, or the numbers from start to end"))
	case seq.Count == nil && seq.End == nil:
		errs = append(errs, field.Required(fldPath,
			"give count (how many numbers from start) or end (the last number)"))
	}
	errs = append(errs, validateIntOrString(seq.Count, 0, fldPath.Child("count"))...)
	errs = append(errs, validateAnyInt(seq.Start, fldPath.Child("start"))...)
	errs = append(errs, validateAnyInt(seq.End, fldPath.Child("end"))...)
	for _, f := range []struct {
		name  string
		value *intstr.IntOrString
	}{{"count", seq.Count}, {"start", seq.Start}, {"end", seq.End}} {
		if f.value != nil && f.value.Type == intstr.String {
			errs = append(errs, validateReferences(f.value.StrVal, sc, fldPath.Child(f.name))...)
		}
	}
	return errs
}
