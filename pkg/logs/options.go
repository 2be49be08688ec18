package logs

import (
	"fmt"
	"regexp"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/engine/podspec"
)

// Options are workflow log options, checked and ready to use.
type Options struct {
	// PodName, when set, selects the workflow's pod of that name.
	PodName string
	// NodeID, when set, selects the pod of the workflow's node of that ID.
	NodeID string
	// Follow streams the logs until the workflow finishes.
	Follow bool
	// Pod are the options of every pod log request, the container filled
	// in; Follow is set per request.
	Pod corev1.PodLogOptions
	// Grep keeps only the lines it matches; nil keeps every line.
	Grep *regexp.Regexp
}

// NewOptions checks o and returns the options it describes, or the errors
// found, with the query parameters as field paths.
func NewOptions(o *weft.WorkflowLogOptions) (*Options, field.ErrorList) {
	errs := validateOptions(o)
	var grep *regexp.Regexp
	if o.Grep != "" {
		var err error
		if grep, err = regexp.Compile(o.Grep); err != nil {
			errs = append(errs, field.Invalid(field.NewPath("grep"), o.Grep, fmt.Sprintf("not a valid regular expression (RE2 syntax): %v", err)))
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	container := o.Container
	if container == "" {
		container = podspec.MainContainer
	}
	return &Options{
		PodName: o.PodName,
		NodeID:  o.NodeID,
		Follow:  o.Follow,
		Grep:    grep,
		Pod: corev1.PodLogOptions{
			Container:    container,
			Previous:     o.Previous,
			SinceSeconds: o.SinceSeconds,
			SinceTime:    o.SinceTime,
			Timestamps:   o.Timestamps,
			TailLines:    o.TailLines,
			LimitBytes:   o.LimitBytes,
		},
	}, nil
}

// validateOptions checks the options other than grep, as the kube-apiserver
// checks the Pod log options.
func validateOptions(o *weft.WorkflowLogOptions) field.ErrorList {
	var errs field.ErrorList
	if o.PodName != "" && o.NodeID != "" {
		errs = append(errs, field.Invalid(field.NewPath("nodeId"), o.NodeID, "may not be set together with podName: they both select one pod"))
	}
	if o.Container != "" {
		for _, msg := range validation.IsDNS1123Label(o.Container) {
			errs = append(errs, field.Invalid(field.NewPath("container"), o.Container, msg))
		}
	}
	if o.TailLines != nil && *o.TailLines < 0 {
		errs = append(errs, field.Invalid(field.NewPath("tailLines"), *o.TailLines, "must be greater than or equal to 0"))
	}
	if o.SinceSeconds != nil && *o.SinceSeconds < 1 {
		errs = append(errs, field.Invalid(field.NewPath("sinceSeconds"), *o.SinceSeconds, "must be greater than 0"))
	}
	if o.SinceSeconds != nil && o.SinceTime != nil {
		errs = append(errs, field.Forbidden(field.NewPath("sinceTime"), "may not be set together with sinceSeconds"))
	}
	if o.LimitBytes != nil && *o.LimitBytes < 1 {
		errs = append(errs, field.Invalid(field.NewPath("limitBytes"), *o.LimitBytes, "must be greater than 0"))
	}
	return errs
}

// Prefixed says whether lines carry their node's display name: they do
// when the options select no single pod.
func (o *Options) Prefixed() bool {
	return o.PodName == "" && o.NodeID == ""
}

// Selects says whether the options select p.
func (o *Options) Selects(p Pod) bool {
	switch {
	case o.PodName != "":
		return p.Name == o.PodName
	case o.NodeID != "":
		return p.NodeID == o.NodeID
	}
	return true
}

// Select returns the pods the options select, in their order.
func (o *Options) Select(pods []Pod) []Pod {
	var selected []Pod
	for _, p := range pods {
		if o.Selects(p) {
			selected = append(selected, p)
		}
	}
	return selected
}
