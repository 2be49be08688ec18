package validation

import (
	"fmt"
	"sort"
	"strings"

	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/weft-dev/weft/pkg/apis/weft"
)

// SpecOptions says in which context a workflow spec is validated.
type SpecOptions struct {
	// RequireEntrypoint requires spec.entrypoint and at least one template,
	// as a Workflow or CronWorkflow without workflowTemplateRef needs. When
	// false, an entrypoint is still checked when it is set.
	RequireEntrypoint bool
	// RequireArguments requires a value (or valueFrom) for every
	// spec.arguments.parameters entry, requires spec.arguments to supply the
	// entrypoint template's inputs that have no default, and checks that
	// every {{workflow.parameters.NAME}} names a declared parameter. It is
	// false for WorkflowTemplates, whose submitters supply the values.
	RequireArguments bool
}

// Enumerations of the spec's string fields.
var (
	podGCStrategies         = []string{"OnPodCompletion", "OnPodSuccess", "OnWorkflowCompletion", "OnWorkflowSuccess"}
	volumeClaimGCStrategies = []string{"OnWorkflowCompletion", "OnWorkflowSuccess"}
	shutdownStrategies      = []weft.ShutdownStrategy{weft.ShutdownTerminate, weft.ShutdownStop}
)

// specContext is what the checks of one spec share.
type specContext struct {
	opts SpecOptions
	// templates are the spec's templates by name, first definition first.
	templates map[string]*weft.Template
	// names are the templates' names in order, for messages.
	names []string
	// external is set when the spec runs a workflowTemplateRef: names that
	// are not in spec.templates may then be defined by the referenced template.
	external bool
	// globals are the declared workflow parameters, when they are known.
	globals map[string]bool
}

// ValidateWorkflowSpec validates a workflow spec at fldPath: its templates,
// their steps and DAG tasks, the names they refer to, the {{...}} references
// of their strings, arguments, durations and enumerations. opts says whether
// an entrypoint and argument values are required.
func ValidateWorkflowSpec(spec *weft.WorkflowSpec, opts SpecOptions, fldPath *field.Path) field.ErrorList {
	c := &specContext{opts: opts, templates: map[string]*weft.Template{}, external: spec.WorkflowTemplateRef != nil}
	if opts.RequireArguments {
		c.globals = map[string]bool{}
		for _, p := range spec.Arguments.Parameters {
			c.globals[p.Name] = true
		}
	}
	var errs field.ErrorList
	templatesPath := fldPath.Child("templates")
	for i := range spec.Templates {
		tmpl := &spec.Templates[i]
		if tmpl.Name == "" {
			continue
		}
		if _, dup := c.templates[tmpl.Name]; dup {
			errs = append(errs, field.Duplicate(templatesPath.Index(i).Child("name"), tmpl.Name))
			continue
		}
		c.templates[tmpl.Name] = tmpl
		c.names = append(c.names, tmpl.Name)
	}
	for i := range spec.Templates {
		errs = append(errs, c.validateTemplate(&spec.Templates[i], templatesPath.Index(i), false)...)
	}
	errs = append(errs, c.validateEntrypoint(spec, fldPath)...)
	errs = append(errs, c.checkTemplateName(spec.OnExit, fldPath.Child("onExit"))...)
	globalScope := &refScope{globals: c.globals}
	errs = append(errs, c.validateArguments(&spec.Arguments, opts.RequireArguments, globalScope, fldPath.Child("arguments"))...)
	errs = append(errs, c.validateHooks(spec.Hooks, globalScope, fldPath.Child("hooks"))...)
	errs = append(errs, validateSpecSettings(spec, fldPath)...)
	return errs
}

// validateEntrypoint checks spec.entrypoint and, when arguments are
// required, that spec.arguments supply the entrypoint's inputs.
func (c *specContext) validateEntrypoint(spec *weft.WorkflowSpec, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	if c.opts.RequireEntrypoint {
		if len(spec.Templates) == 0 {
			errs = append(errs, field.Required(fldPath.Child("templates"),
				"a workflow needs at least one template: define the templates, or run a WorkflowTemplate with workflowTemplateRef"))
		}
		if spec.Entrypoint == "" {
			errs = append(errs, field.Required(fldPath.Child("entrypoint"),
				fmt.Sprintf("name the template the workflow starts with%s", c.choices())))
			return errs
		}
	}
	errs = append(errs, c.checkTemplateName(spec.Entrypoint, fldPath.Child("entrypoint"))...)
	if entry, ok := c.templates[spec.Entrypoint]; ok && c.opts.RequireArguments {
		errs = append(errs, validateCallArguments(entry, &spec.Arguments, "entrypoint", fldPath.Child("arguments"))...)
	}
	return errs
}

// checkTemplateName checks that a template name refers to a template of the
// spec. An empty name is not checked.
func (c *specContext) checkTemplateName(name string, fldPath *field.Path) field.ErrorList {
	if name == "" || c.external {
		return nil
	}
	if _, ok := c.templates[name]; ok {
		return nil
	}
	return field.ErrorList{notFound(fldPath, name,
		fmt.Sprintf("no template named %q in spec.templates; define it or use templateRef%s", name, c.choices()))}
}

// choices lists the spec's template names for a message.
func (c *specContext) choices() string {
	if len(c.names) == 0 {
		return ""
	}
	names := append([]string(nil), c.names...)
	sort.Strings(names)
	return fmt.Sprintf(" (templates: %s)", strings.Join(names, ", "))
}

// validateSpecSettings checks the spec's numbers, durations and enumerations.
func validateSpecSettings(spec *weft.WorkflowSpec, fldPath *field.Path) field.ErrorList {
	errs := validateMutableSpecFields(spec, fldPath)
	if ttl := spec.TTLStrategy; ttl != nil {
		ttlPath := fldPath.Child("ttlStrategy")
		errs = append(errs, validateMinimum(ttl.SecondsAfterCompletion, 0, ttlPath.Child("secondsAfterCompletion"))...)
		errs = append(errs, validateMinimum(ttl.SecondsAfterSuccess, 0, ttlPath.Child("secondsAfterSuccess"))...)
		errs = append(errs, validateMinimum(ttl.SecondsAfterFailure, 0, ttlPath.Child("secondsAfterFailure"))...)
	}
	if gc := spec.PodGC; gc != nil {
		gcPath := fldPath.Child("podGC")
		errs = append(errs, validateEnum(gc.Strategy, podGCStrategies, gcPath.Child("strategy"))...)
		errs = append(errs, validateDuration(gc.DeleteDelayDuration, gcPath.Child("deleteDelayDuration"))...)
		if gc.LabelSelector != nil {
			errs = append(errs, metav1validation.ValidateLabelSelector(gc.LabelSelector, metav1validation.LabelSelectorValidationOptions{}, gcPath.Child("labelSelector"))...)
		}
	}
	if gc := spec.VolumeClaimGC; gc != nil {
		errs = append(errs, validateEnum(gc.Strategy, volumeClaimGCStrategies, fldPath.Child("volumeClaimGC", "strategy"))...)
	}
	if ref := spec.WorkflowTemplateRef; ref != nil && ref.Name == "" {
		errs = append(errs, field.Required(fldPath.Child("workflowTemplateRef", "name"),
			"name the WorkflowTemplate (or, with clusterScope, the ClusterWorkflowTemplate) to run"))
	}
	errs = append(errs, validateRetryStrategy(spec.RetryStrategy, fldPath.Child("retryStrategy"))...)
	errs = append(errs, validateSynchronization(spec.Synchronization, fldPath.Child("synchronization"))...)
	if md := spec.WorkflowMetadata; md != nil {
		for _, k := range sortedKeys(md.LabelsFrom) {
			if md.LabelsFrom[k].Expression == "" {
				errs = append(errs, field.Required(fldPath.Child("workflowMetadata", "labelsFrom").Key(k).Child("expression"),
					"give the expression whose value becomes the label"))
			}
		}
	}
	return errs
}

// validateMutableSpecFields checks the fields a running workflow's spec may
// change: shutdown, parallelism and activeDeadlineSeconds.
func validateMutableSpecFields(spec *weft.WorkflowSpec, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	errs = append(errs, validateEnum(spec.Shutdown, shutdownStrategies, fldPath.Child("shutdown"))...)
	errs = append(errs, validateMinimum(spec.Parallelism, 1, fldPath.Child("parallelism"))...)
	errs = append(errs, validateMinimum(spec.ActiveDeadlineSeconds, 0, fldPath.Child("activeDeadlineSeconds"))...)
	return errs
}

// validateEnum checks that an optional string field holds one of its values.
func validateEnum[T ~string](value T, allowed []T, fldPath *field.Path) field.ErrorList {
	if value == "" {
		return nil
	}
	for _, a := range allowed {
		if a == value {
			return nil
		}
	}
	return field.ErrorList{field.NotSupported(fldPath, value, allowed)}
}

// validateSynchronization checks that every mutex has a name and every
// semaphore names exactly one of its ConfigMap key and its database key.
func validateSynchronization(sync *weft.Synchronization, fldPath *field.Path) field.ErrorList {
	if sync == nil {
		return nil
	}
	var errs field.ErrorList
	checkMutex := func(m *weft.Mutex, p *field.Path) {
		if m.Name == "" {
			errs = append(errs, field.Required(p.Child("name"), "name the mutex"))
		}
	}
	checkSemaphore := func(s *weft.SemaphoreRef, p *field.Path) {
		switch {
		case s.ConfigMapKeyRef == nil && s.Database == nil:
			errs = append(errs, field.Required(p.Child("configMapKeyRef"), "name the ConfigMap key that holds the semaphore's limit, or set database.key for a semaphore kept in the synchronization database"))
		case s.ConfigMapKeyRef != nil && s.Database != nil:
			errs = append(errs, field.Invalid(p.Child("database"), s.Database.Key, "a semaphore's limit is either in a ConfigMap or in the synchronization database: remove configMapKeyRef or database"))
		case s.Database != nil && s.Database.Key == "":
			errs = append(errs, field.Required(p.Child("database", "key"), "name the semaphore's key in the synchronization database"))
		}
	}
	if sync.Mutex != nil {
		checkMutex(sync.Mutex, fldPath.Child("mutex"))
	}
	if sync.Semaphore != nil {
		checkSemaphore(sync.Semaphore, fldPath.Child("semaphore"))
	}
	for i := range sync.Mutexes {
		checkMutex(&sync.Mutexes[i], fldPath.Child("mutexes").Index(i))
	}
	for i := range sync.Semaphores {
		checkSemaphore(&sync.Semaphores[i], fldPath.Child("semaphores").Index(i))
	}
	return errs
}
