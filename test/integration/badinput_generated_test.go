package integration

import (
	"bytes"
	"fmt"
	"strings"
)

// echoTemplateJSON is a template named echo that runs a container.
const echoTemplateJSON = `{"name":"echo","container":{"image":"busybox","command":["echo"]}}`

// jsonNestingDepth is how deeply the hostile bodies nest: the depth at
// which JSON and YAML decoders stop.
const jsonNestingDepth = 10000

// generatedBadInputs are the cases too large, too deep or too broken to
// keep as YAML files.
func generatedBadInputs() []badInput {
	return []badInput{
		// Invalid UTF-8: JSON decoding turns each bad byte into U+FFFD, which
		// no name may hold; YAML refuses the document.
		{name: "utf8-template-name", code: 422, field: "spec.templates[0].name",
			body: []byte("{\"apiVersion\":\"weft.dev/v1alpha1\",\"kind\":\"Workflow\",\"metadata\":{\"name\":\"utf8-template-name\"}," +
				"\"spec\":{\"entrypoint\":\"m\xffn\",\"templates\":[{\"name\":\"m\xffn\",\"container\":{\"image\":\"busybox\"}}]}}")},
		{name: "utf8-workflow-name", code: 422, field: "metadata.name",
			body: []byte("{\"apiVersion\":\"weft.dev/v1alpha1\",\"kind\":\"Workflow\",\"metadata\":{\"name\":\"wf-\xc3\"}," +
				"\"spec\":{\"entrypoint\":\"main\",\"templates\":[{\"name\":\"main\",\"container\":{\"image\":\"busybox\"}}]}}")},
		{name: "utf8-step-name", code: 422, field: "spec.templates[0].steps[0][0].name",
			body: workflowJSON("utf8-step-name", "{\"name\":\"main\",\"steps\":[[{\"name\":\"st\xfe\xffep\",\"template\":\"echo\"}]]}", echoTemplateJSON)},
		{name: "utf8-parameter-name", code: 422, field: "spec.arguments.parameters[0].name",
			body: []byte("{\"apiVersion\":\"weft.dev/v1alpha1\",\"kind\":\"Workflow\",\"metadata\":{\"name\":\"utf8-parameter-name\"}," +
				"\"spec\":{\"entrypoint\":\"main\",\"arguments\":{\"parameters\":[{\"name\":\"p\x80\",\"value\":\"v\"}]}," +
				"\"templates\":[{\"name\":\"main\",\"container\":{\"image\":\"busybox\"}}]}}")},
		{name: "utf8-parameter-value-yaml", code: 400, contentType: "application/yaml",
			body: []byte("apiVersion: weft.dev/v1alpha1\nkind: Workflow\nmetadata: {name: utf8-parameter-value-yaml}\nspec:\n  entrypoint: main\n" +
				"  arguments: {parameters: [{name: p, value: \"a\xff\xfeb\"}]}\n  templates:\n  - name: main\n    container: {image: busybox}\n")},

		// Nesting 10,000 deep: the decoders refuse it before anything walks it.
		{name: "deep-items-lists", code: 400,
			body: workflowJSON("deep-items-lists", loopOverItems(nested("[", "0", "]", jsonNestingDepth)), echoTemplateJSON)},
		{name: "deep-items-objects", code: 400,
			body: workflowJSON("deep-items-objects", loopOverItems(nested(`{"a":`, "0", "}", jsonNestingDepth)), echoTemplateJSON)},
		{name: "deep-items-yaml", code: 400, contentType: "application/yaml",
			body: []byte("apiVersion: weft.dev/v1alpha1\nkind: Workflow\nmetadata: {name: deep-items-yaml}\nspec:\n  entrypoint: main\n  templates:\n" +
				"  - name: main\n    steps:\n    - - name: s\n        template: echo\n        withItems: [" + nested("[", "0", "]", jsonNestingDepth) + "]\n" +
				"  - name: echo\n    container: {image: busybox}\n")},
		{name: "deep-inline-templates", code: 400,
			body: workflowJSON("deep-inline-templates", `{"name":"main","steps":[[`+nestedInlineSteps(jsonNestingDepth/4, "echo")+`]]}`, echoTemplateJSON)},
		// Inline templates nested as deep as decoding allows, the innermost
		// naming a template that does not exist: the path leads down to it.
		{name: "nested-inline-missing-template", code: 422, field: "spec.templates[0].steps[0][0]" + strings.Repeat(".inline.steps[0][0]", 200) + ".template",
			body: workflowJSON("nested-inline-missing-template", `{"name":"main","steps":[[`+nestedInlineSteps(200, "ghost")+`]]}`, echoTemplateJSON)},

		// Size.
		{name: "huge-withitems", code: 422, field: "spec.templates[0].steps[0][0].withItems", mayBeAdmitted: true,
			body: workflowJSON("huge-withitems", loopOverItems(numbers(100000)), echoTemplateJSON)},
		{name: "many-templates", code: 422, field: "spec.templates", mayBeAdmitted: true,
			body: workflowJSON("many-templates", manyTemplates(5000)...)},
		{name: "huge-parameter-value", code: 422, field: "spec.arguments.parameters[0].value", mayBeAdmitted: true,
			body: fmt.Appendf(nil, `{"apiVersion":"weft.dev/v1alpha1","kind":"Workflow","metadata":{"name":"huge-parameter-value"},`+
				`"spec":{"entrypoint":"main","arguments":{"parameters":[{"name":"p","value":%q}]},"templates":[%s]}}`,
				strings.Repeat("v", 1<<20), `{"name":"main","container":{"image":"busybox"}}`)},
		{name: "oversize-body", code: 413,
			body: workflowJSON("oversize-body", `{"name":"main","container":{"image":"busybox","args":["`+strings.Repeat("x", 65<<20)+`"]}}`)},
		{name: "long-template-name", code: 422, field: "spec.templates[0].name",
			body: workflowJSON("long-template-name", `{"name":"`+strings.Repeat("a", 200)+`","container":{"image":"busybox"}}`)},
		{name: "long-workflow-name", code: 422, field: "metadata.name",
			body: workflowJSON(strings.Repeat("w", 300), `{"name":"main","container":{"image":"busybox"}}`)},

		// Bodies that are not a Workflow at all.
		{name: "binary-garbage", code: 400, body: []byte("\x00\x01\x02not json")},
		{name: "empty-body", code: 400, body: []byte{}},
		{name: "json-array", code: 400, body: []byte(`[{"kind":"Workflow"}]`)},
		{name: "json-null", code: 422, field: "metadata.name", body: []byte("null")},
		{name: "truncated-json", code: 400, body: workflowJSON("truncated-json", echoTemplateJSON)[:60]},
		{name: "yaml-as-json", code: 400, body: []byte("apiVersion: weft.dev/v1alpha1\nkind: Workflow\n")},
		{name: "spec-is-a-string", code: 400,
			body: []byte(`{"apiVersion":"weft.dev/v1alpha1","kind":"Workflow","metadata":{"name":"spec-is-a-string"},"spec":"run everything"}`)},
	}
}

// loopOverItems is a steps template main whose one step loops echo over
// the JSON items given.
func loopOverItems(items string) string {
	return `{"name":"main","steps":[[{"name":"loop","template":"echo","withItems":[` + items + `]}]]}`
}

// nested wraps leaf in depth pairs of open and close.
func nested(open, leaf, close string, depth int) string {
	return strings.Repeat(open, depth) + leaf + strings.Repeat(close, depth)
}

// nestedInlineSteps is a step whose inline steps template holds a step
// whose inline steps template ... depth times, the innermost step calling
// template.
func nestedInlineSteps(depth int, template string) string {
	var b strings.Builder
	for range depth {
		b.WriteString(`{"name":"s","inline":{"steps":[[`)
	}
	fmt.Fprintf(&b, `{"name":"s","template":%q}`, template)
	for range depth {
		b.WriteString(`]]}}`)
	}
	return b.String()
}

// numbers is the JSON list body 0,1,...,n-1.
func numbers(n int) string {
	var b bytes.Buffer
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprint(&b, i)
	}
	return b.String()
}

// manyTemplates is main, a container template, and n-1 more of them.
func manyTemplates(n int) []string {
	templates := []string{`{"name":"main","container":{"image":"busybox"}}`}
	for i := 1; i < n; i++ {
		templates = append(templates, fmt.Sprintf(`{"name":"t%d","container":{"image":"busybox"}}`, i))
	}
	return templates
}
