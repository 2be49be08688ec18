package validation_test

import "testing"

// dagSpec is a workflow whose entrypoint is a DAG with the given tasks and
// whose echo template takes an optional message.
func dagSpec(tasks string) string {
	return `
entrypoint: main
templates:
- name: echo
  inputs: {parameters: [{name: msg, default: hi}]}
  container: {image: alpine, args: ["{{inputs.parameters.msg}}"]}
- name: main
  dag:
    tasks:
` + tasks
}

// TestDAG covers DAG templates: task names, dependencies, depends, cycles,
// targets and references between tasks.
func TestDAG(t *testing.T) {
	runWorkflowCases(t, []specCase{
		{"valid diamond with dependencies", dagSpec(`
    - {name: A, template: echo}
    - {name: B, template: echo, dependencies: [A]}
    - {name: C, template: echo, dependencies: [A]}
    - name: D
      template: echo
      dependencies: [B, C]
      arguments: {parameters: [{name: msg, value: "{{tasks.A.outputs.result}} {{tasks.B.exitCode}}"}]}
`), nil},
		{"valid target and hooks", dagSpec(`
    - {name: A, template: echo}
    - name: B
      template: echo
      depends: "A.Succeeded || A.Failed"
      hooks:
        exit:
          template: echo
          arguments: {parameters: [{name: msg, value: "{{tasks.B.status}}"}]}
`) + `    target: B`, nil},
		{"task without name", dagSpec(`
    - {template: echo}
`), []wantError{{"spec.templates[1].dag.tasks[0].name", required, "every task needs a name"}}},
		{"duplicate task names", dagSpec(`
    - {name: A, template: echo}
    - {name: A, template: echo}
`), []wantError{{"spec.templates[1].dag.tasks[1].name", duplicate, "A"}}},
		{"DAG without tasks", `
entrypoint: main
templates:
- name: main
  dag: {tasks: []}
`, []wantError{{"spec.templates[0].dag.tasks", required, "at least one task"}}},
		{"dependency on an unknown task", dagSpec(`
    - {name: A, template: echo}
    - {name: B, template: echo, dependencies: [Z]}
`), []wantError{{"spec.templates[1].dag.tasks[1].dependencies[0]", notFound, `no task named "Z" in this DAG: dependencies may only name tasks of the same DAG (A, B)`}}},
		{"depends on an unknown task", dagSpec(`
    - {name: A, template: echo}
    - {name: B, template: echo, depends: "A && Z.Failed"}
`), []wantError{{"spec.templates[1].dag.tasks[1].depends", invalid, `unknown task "Z" at position 6`}}},
		{"depends that ends early", dagSpec(`
    - {name: A, template: echo}
    - {name: B, template: echo, depends: "A &&"}
`), []wantError{{"spec.templates[1].dag.tasks[1].depends", invalid, "expression ends early: expected a task name, \"!\" or \"(\" at position 5"}}},
		{"depends with an unknown result", dagSpec(`
    - {name: A, template: echo}
    - {name: B, template: echo, depends: "A.Done"}
`), []wantError{{"spec.templates[1].dag.tasks[1].depends", invalid, `unknown result "Done" after task "A"`}}},
		{"depends with an unclosed parenthesis", dagSpec(`
    - {name: A, template: echo}
    - {name: C, template: echo}
    - {name: B, template: echo, depends: "(A || C"}
`), []wantError{{"spec.templates[1].dag.tasks[2].depends", invalid, `unbalanced "(": add the ")" that closes it at position 1`}}},
		{"depends with an extra parenthesis", dagSpec(`
    - {name: A, template: echo}
    - {name: B, template: echo, depends: "A)"}
`), []wantError{{"spec.templates[1].dag.tasks[1].depends", invalid, `unbalanced ")": no "(" opens it at position 2`}}},
		{"depends and dependencies on one task", dagSpec(`
    - {name: A, template: echo}
    - {name: B, template: echo, depends: A, dependencies: [A]}
`), []wantError{{"spec.templates[1].dag.tasks[1].dependencies", forbidden, `task "B" sets both depends and dependencies`}}},
		{"depends and dependencies in one DAG", dagSpec(`
    - {name: A, template: echo}
    - {name: B, template: echo, dependencies: [A]}
    - {name: C, template: echo, depends: B}
`), []wantError{{"spec.templates[1].dag.tasks[2].depends", forbidden, `task "C" uses depends but task "B" uses dependencies`}}},
		{"cycle through depends", dagSpec(`
    - {name: A, template: echo, depends: B}
    - {name: B, template: echo, depends: "A.Succeeded"}
`), []wantError{{"spec.templates[1].dag.tasks[1].depends", invalid, "dependency cycle B -> A -> B"}}},
		{"cycle of three through dependencies", dagSpec(`
    - {name: A, template: echo, dependencies: [C]}
    - {name: B, template: echo, dependencies: [A]}
    - {name: C, template: echo, dependencies: [B]}
`), []wantError{{"spec.templates[1].dag.tasks[1].dependencies", invalid, "dependency cycle B -> A -> C -> B"}}},
		{"task that waits for itself", dagSpec(`
    - {name: A, template: echo, dependencies: [A]}
`), []wantError{{"spec.templates[1].dag.tasks[0].dependencies", invalid, "dependency cycle A -> A"}}},
		{"target names an unknown task", dagSpec(`
    - {name: A, template: echo}
`) + `    target: "A Q"`, []wantError{{"spec.templates[1].dag.target", notFound, `no task named "Q" in this DAG`}}},
		{"continueOn with depends", dagSpec(`
    - {name: A, template: echo, continueOn: {failed: true}}
    - {name: B, template: echo, depends: A}
`), []wantError{{"spec.templates[1].dag.tasks[0].continueOn", forbidden, "continueOn cannot be used in a DAG that uses depends"}}},
		{"task name starting with a digit", dagSpec(`
    - {name: A, template: echo}
    - {name: 2b, template: echo, dependencies: [A]}
`), []wantError{{"spec.templates[1].dag.tasks[1].name", invalid, "cannot start with a digit"}}},
		{"reference to a task that is not an ancestor", dagSpec(`
    - {name: A, template: echo}
    - {name: B, template: echo}
    - name: C
      template: echo
      depends: A
      arguments: {parameters: [{name: msg, value: "{{tasks.B.outputs.result}}"}]}
`), []wantError{{"spec.templates[1].dag.tasks[2].arguments.parameters[0].value", invalid, `task "B" does not finish before this task starts`}}},
		{"reference to an unknown task", dagSpec(`
    - {name: A, template: echo}
    - {name: B, template: echo, depends: A, when: "{{tasks.X.status}} == Succeeded"}
`), []wantError{{"spec.templates[1].dag.tasks[1].when", invalid, `no task named "X" in template "main"`}}},
		{"steps reference in a DAG", dagSpec(`
    - {name: A, template: echo, when: "{{steps.A.status}} == x"}
`), []wantError{{"spec.templates[1].dag.tasks[0].when", invalid, "only in scope in the steps of a steps template"}}},
		{"task does not pass a required input", `
entrypoint: main
templates:
- name: need
  inputs: {parameters: [{name: msg}]}
  container: {image: alpine}
- name: main
  dag:
    tasks:
    - {name: A, template: need}
`, []wantError{{"spec.templates[1].dag.tasks[0].arguments.parameters", required, `template "need" needs input parameter "msg"`}}},
		{"task names an unknown template", dagSpec(`
    - {name: A, template: ech}
`), []wantError{{"spec.templates[1].dag.tasks[0].template", notFound, `no template named "ech" in spec.templates; define it or use templateRef (templates: echo, main)`}}},
		{"DAG output from an unknown task", dagSpec(`
    - {name: A, template: echo}
`) + `  outputs:
    parameters:
    - name: out
      valueFrom: {parameter: "{{tasks.B.outputs.result}}"}
`, []wantError{{"spec.templates[1].outputs.parameters[0].valueFrom.parameter", invalid, `no task named "B"`}}},
	})
}
