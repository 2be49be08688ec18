package validation

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// refToken is one {{...}} reference found in a string.
type refToken struct {
	// raw is the reference as written, braces included.
	raw string
	// body is the text between the braces, without surrounding spaces.
	body string
}

// scanReferences finds the {{...}} references of s. A "{{" with no "}}"
// after it is an error; a lone "}}", as in JSON text, is not.
func scanReferences(s string) ([]refToken, error) {
	var tokens []refToken
	rest, offset := s, 0
	for {
		open := strings.Index(rest, "{{")
		if open < 0 {
			return tokens, nil
		}
		closing := strings.Index(rest[open+2:], "}}")
		if closing < 0 {
			return tokens, fmt.Errorf(`"{{" at position %d is never closed: end the reference with "}}"`, offset+open+1)
		}
		end := open + 2 + closing + 2
		tokens = append(tokens, refToken{raw: rest[open:end], body: strings.TrimSpace(rest[open+2 : end-2])})
		rest, offset = rest[end:], offset+end
	}
}

// validateReferences checks that every {{...}} reference in s is well formed
// and names something the scope provides.
func validateReferences(s string, sc *refScope, fldPath *field.Path) field.ErrorList {
	if !hasReference(s) {
		return nil
	}
	tokens, err := scanReferences(s)
	var errs field.ErrorList
	if err != nil {
		errs = append(errs, field.Invalid(fldPath, s, err.Error()))
	}
	for _, tok := range tokens {
		if detail := sc.check(tok.body); detail != "" {
			errs = append(errs, field.Invalid(fldPath, tok.raw, detail))
		}
	}
	return errs
}

// validateReferenceList checks the references of every string of a list.
func validateReferenceList(values []string, sc *refScope, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, v := range values {
		errs = append(errs, validateReferences(v, sc, fldPath.Index(i))...)
	}
	return errs
}

// check returns what is wrong with the reference whose body is given, or ""
// when it is fine.
func (sc *refScope) check(body string) string {
	if body == "" {
		return `empty reference: put a variable between the braces, such as {{inputs.parameters.NAME}}`
	}
	if strings.HasPrefix(body, "=") {
		if strings.TrimSpace(body[1:]) == "" {
			return `empty expression: write an expression after "{{=", such as {{=inputs.parameters.n + 1}}`
		}
		return ""
	}
	if strings.Contains(body, "{{") {
		return `references cannot be nested: use an expression {{=...}} to combine values`
	}
	parts := strings.Split(body, ".")
	switch parts[0] {
	case "inputs":
		return sc.checkInputs(parts)
	case "outputs", "cronworkflow", "lastRetry":
		if len(parts) < 2 {
			return fmt.Sprintf("name a field of %s, such as {{%s.NAME}}", parts[0], parts[0])
		}
		return ""
	case "workflow":
		return sc.checkWorkflow(parts)
	case "item":
		return sc.checkItem(body)
	case "steps":
		return sc.steps.check("step", parts)
	case "tasks":
		return sc.tasks.check("task", parts)
	case "pod", "node":
		if body != parts[0]+".name" {
			return fmt.Sprintf("the only %s variable is {{%s.name}}", parts[0], parts[0])
		}
		return ""
	case "retries":
		if body != "retries" {
			return "use {{retries}} for the retry count, or {{lastRetry.exitCode}}, {{lastRetry.status}}, {{lastRetry.duration}}, {{lastRetry.message}}"
		}
		return ""
	}
	// Braces that start with no Weft variable belong to whatever the text is
	// written in (a Helm chart in a manifest, a Jinja template in a script):
	// they are left alone, as Argo does.
	return ""
}

// checkInputs checks an inputs.* reference against the template's inputs.
func (sc *refScope) checkInputs(parts []string) string {
	if len(parts) < 2 || (parts[1] != "parameters" && parts[1] != "artifacts") {
		return "use {{inputs.parameters.NAME}}, {{inputs.parameters}} or {{inputs.artifacts.NAME}}"
	}
	if parts[1] == "parameters" && len(parts) == 2 {
		return ""
	}
	if len(parts) < 3 || len(parts) > 4 || (len(parts) == 4 && (parts[1] != "artifacts" || parts[3] != "path")) {
		return "use {{inputs.parameters.NAME}}, {{inputs.artifacts.NAME}} or {{inputs.artifacts.NAME.path}}"
	}
	name := parts[2]
	if sc.inputs == nil {
		return "there are no inputs here: inputs are only in scope inside a template; use {{workflow.parameters.NAME}} for workflow arguments"
	}
	if parts[1] == "parameters" {
		for _, p := range sc.inputs.Parameters {
			if p.Name == name {
				return ""
			}
		}
		return fmt.Sprintf("template %q declares no input parameter %q: add it to the template's inputs.parameters or fix the name", sc.template, name)
	}
	for _, a := range sc.inputs.Artifacts {
		if a.Name == name {
			return ""
		}
	}
	return fmt.Sprintf("template %q declares no input artifact %q: add it to the template's inputs.artifacts or fix the name", sc.template, name)
}

// workflowFields are the workflow variables that take no further name.
var workflowFields = map[string]bool{
	"name": true, "namespace": true, "uid": true, "serviceAccountName": true, "status": true, "duration": true,
	"failures": true, "mainEntrypoint": true, "priority": true, "scheduledTime": true,
}

// checkWorkflow checks a workflow.* reference.
func (sc *refScope) checkWorkflow(parts []string) string {
	if len(parts) < 2 {
		return "name a workflow variable, such as {{workflow.name}} or {{workflow.parameters.NAME}}"
	}
	switch field := parts[1]; {
	case workflowFields[field]:
		if len(parts) > 2 {
			return fmt.Sprintf("{{workflow.%s}} takes nothing after it", field)
		}
		return ""
	case field == "creationTimestamp" || field == "labels" || field == "annotations":
		return ""
	case field == "parameters":
		return sc.checkWorkflowParameter(parts)
	case field == "outputs":
		if len(parts) != 4 || (parts[2] != "parameters" && parts[2] != "artifacts") {
			return "use {{workflow.outputs.parameters.NAME}} or {{workflow.outputs.artifacts.NAME}}"
		}
		return ""
	}
	return fmt.Sprintf("unknown workflow variable %q: use name, namespace, uid, serviceAccountName, status, duration, failures, mainEntrypoint, priority, scheduledTime, creationTimestamp, parameters.NAME, labels.NAME, annotations.NAME or outputs.*", strings.Join(parts, "."))
}

// checkWorkflowParameter checks a workflow.parameters reference against the
// declared workflow parameters, when they are known.
func (sc *refScope) checkWorkflowParameter(parts []string) string {
	if len(parts) == 2 || (len(parts) == 3 && parts[2] == "json") {
		return ""
	}
	if len(parts) != 3 {
		return "use {{workflow.parameters.NAME}} or {{workflow.parameters}}"
	}
	if sc.globals != nil && !sc.globals[parts[2]] {
		return fmt.Sprintf("the workflow has no parameter %q: declare it in spec.arguments.parameters or fix the name", parts[2])
	}
	return ""
}

// checkItem checks an item or item.KEY reference against the loop.
func (sc *refScope) checkItem(body string) string {
	if sc.loop == nil {
		return "{{item}} is only set in a step or task that loops with withItems, withParam or withSequence, and only in that step's or task's own fields"
	}
	if body == "item" {
		return ""
	}
	return sc.loop.checkKey(strings.TrimPrefix(body, "item."))
}

// nodeFields are what a steps.NAME or tasks.NAME reference may end with.
var nodeFields = map[string]bool{
	"status": true, "exitCode": true, "id": true, "ip": true, "startedAt": true, "finishedAt": true,
	"hostNodeName": true, "outputs": true, "outputs.result": true, "outputs.parameters": true, "outputs.artifacts": true,
}

// check checks a steps.* or tasks.* reference against the visible names.
func (ns *nameScope) check(kind string, parts []string) string {
	root := parts[0]
	if len(parts) == 2 && parts[1] == "name" {
		// {{steps.name}} and {{tasks.name}} are the calling step's or task's
		// name, set in whatever template a step or task runs.
		return ""
	}
	if ns == nil {
		if kind == "step" {
			return fmt.Sprintf("{{%s}} is only in scope in the steps of a steps template", strings.Join(parts, "."))
		}
		return fmt.Sprintf("{{%s}} is only in scope in the tasks of a DAG template", strings.Join(parts, "."))
	}
	if len(parts) < 3 {
		return fmt.Sprintf("use {{%s.NAME.outputs.result}}, {{%s.NAME.outputs.parameters.NAME}}, {{%s.NAME.status}} or another field of the %s", root, root, root, kind)
	}
	rest := strings.Join(parts[2:], ".")
	named := len(parts) == 5 && parts[2] == "outputs" && (parts[3] == "parameters" || parts[3] == "artifacts")
	if !nodeFields[rest] && !named {
		return fmt.Sprintf("unknown %s field %q: use outputs.result, outputs.parameters.NAME, outputs.artifacts.NAME, outputs, status, exitCode, id, ip, startedAt, finishedAt or hostNodeName", kind, rest)
	}
	name := parts[1]
	switch {
	case !ns.all[name]:
		return fmt.Sprintf("no %s named %q in template %q: fix the name", kind, name, ns.template)
	case !ns.visible[name]:
		return ns.hidden(name)
	}
	return ""
}
