package validation

import (
	"fmt"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/weft-dev/weft/pkg/apis/weft"
)

// notAncestorHint says why a task that does not come before this one may not
// be named.
const notAncestorHint = "task %q does not finish before this task starts: add it to this task's depends (or dependencies), directly or through another task"

// dagGraph is the dependency graph of a DAG's tasks.
type dagGraph struct {
	// index maps each task name to its first position.
	index map[string]int
	// edges are, for each task, the positions of the tasks it waits for.
	edges [][]int
}

// validateDAG checks a DAG template: named, unique tasks; dependencies and
// depends that name sibling tasks, in one style, without cycles; a target of
// known tasks; and every task as a call, whose references may only name the
// tasks it waits for.
func (c *specContext) validateDAG(tmpl *weft.Template, sc *refScope, fldPath *field.Path) field.ErrorList {
	dag := tmpl.DAG
	dagPath := fldPath.Child("dag")
	tasksPath := dagPath.Child("tasks")
	var errs field.ErrorList
	if len(dag.Tasks) == 0 {
		errs = append(errs, field.Required(tasksPath, "a DAG needs at least one task"))
	}
	g := &dagGraph{index: map[string]int{}, edges: make([][]int, len(dag.Tasks))}
	all := map[string]bool{}
	for j := range dag.Tasks {
		name := dag.Tasks[j].Name
		namePath := tasksPath.Index(j).Child("name")
		errs = append(errs, validateFieldName(name, "task", namePath)...)
		if name == "" {
			continue
		}
		if _, dup := g.index[name]; dup {
			errs = append(errs, field.Duplicate(namePath, name))
			continue
		}
		g.index[name] = j
		all[name] = true
	}
	errs = append(errs, validateDependencyStyle(dag.Tasks, tasksPath)...)
	for j := range dag.Tasks {
		errs = append(errs, g.addEdges(&dag.Tasks[j], j, tasksPath.Index(j))...)
	}
	errs = append(errs, g.cycles(dag.Tasks, tasksPath)...)
	errs = append(errs, validateTarget(dag.Target, g, sc, dagPath.Child("target"))...)
	for j := range dag.Tasks {
		task := &dag.Tasks[j]
		ancestors := g.ancestors(j, dag.Tasks)
		taskScope := *sc
		taskScope.tasks = &nameScope{template: sc.template, all: all, visible: ancestors, hiddenHint: notAncestorHint}
		hookScope := taskScope
		withSelf := map[string]bool{task.Name: true}
		for name := range ancestors {
			withSelf[name] = true
		}
		hookScope.tasks = &nameScope{template: sc.template, all: all, visible: withSelf, hiddenHint: notAncestorHint}
		errs = append(errs, c.validateCall(taskCall(task), &taskScope, &hookScope, tasksPath.Index(j))...)
	}
	return errs
}

// validateDependencyStyle enforces Argo's rules for a DAG: its tasks use
// depends or dependencies, never both; with depends, continueOn is replaced
// by result suffixes; and a task that waits for others has a name that does
// not start with a digit.
func validateDependencyStyle(tasks []weft.DAGTask, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	first, firstStyle := "", ""
	usesDepends := false
	for j := range tasks {
		t := &tasks[j]
		usesDepends = usesDepends || t.Depends != ""
		switch style := taskStyle(t); {
		case style == "":
		case t.Depends != "" && len(t.Dependencies) > 0:
			errs = append(errs, field.Forbidden(fldPath.Index(j).Child("dependencies"),
				fmt.Sprintf("task %q sets both depends and dependencies: use depends alone, e.g. depends: %q", t.Name, strings.Join(t.Dependencies, " && "))))
		case firstStyle == "":
			first, firstStyle = t.Name, style
		case style != firstStyle:
			errs = append(errs, field.Forbidden(fldPath.Index(j).Child(style),
				fmt.Sprintf("task %q uses %s but task %q uses %s: a DAG uses only one of them, so write every task's dependencies [A, B] as depends: \"A && B\"", t.Name, style, first, firstStyle)))
		}
	}
	for j := range tasks {
		t := &tasks[j]
		if usesDepends && t.ContinueOn != nil {
			errs = append(errs, field.Forbidden(fldPath.Index(j).Child("continueOn"),
				"continueOn cannot be used in a DAG that uses depends: say which results the later tasks accept instead, e.g. depends: \"A.Succeeded || A.Failed\""))
		}
		if (usesDepends || len(t.Dependencies) > 0) && t.Name != "" && t.Name[0] >= '0' && t.Name[0] <= '9' {
			errs = append(errs, field.Invalid(fldPath.Index(j).Child("name"), t.Name,
				"in a DAG that uses depends or dependencies, a task name cannot start with a digit: rename the task"))
		}
	}
	return errs
}

// taskStyle returns which of depends and dependencies a task uses.
func taskStyle(t *weft.DAGTask) string {
	switch {
	case t.Depends != "":
		return "depends"
	case len(t.Dependencies) > 0:
		return "dependencies"
	}
	return ""
}

// addEdges records the tasks task j waits for, reporting names that are not
// sibling tasks and depends expressions that do not parse.
func (g *dagGraph) addEdges(t *weft.DAGTask, j int, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	for k, dep := range t.Dependencies {
		if i, ok := g.index[dep]; ok {
			g.edges[j] = append(g.edges[j], i)
			continue
		}
		errs = append(errs, notFound(fldPath.Child("dependencies").Index(k), dep,
			fmt.Sprintf("no task named %q in this DAG: dependencies may only name tasks of the same DAG (%s)", dep, g.names())))
	}
	if t.Depends == "" {
		return errs
	}
	refs, err := parseDepends(t.Depends)
	if err != nil {
		return append(errs, field.Invalid(fldPath.Child("depends"), t.Depends,
			err.Error()+`: write a boolean expression over task names, such as "A && (B.Succeeded || C.Failed)"`))
	}
	for _, ref := range refs {
		if i, ok := g.index[ref.Task]; ok {
			g.edges[j] = append(g.edges[j], i)
			continue
		}
		errs = append(errs, field.Invalid(fldPath.Child("depends"), t.Depends,
			fmt.Sprintf("unknown task %q at position %d: depends may only name tasks of the same DAG (%s)", ref.Task, ref.Pos, g.names())))
	}
	return errs
}

// names lists the DAG's task names for a message.
func (g *dagGraph) names() string {
	return strings.Join(sortedKeys(g.index), ", ")
}

// cycles reports each cycle of the graph once, at the task whose dependency
// closes it.
func (g *dagGraph) cycles(tasks []weft.DAGTask, fldPath *field.Path) field.ErrorList {
	const (
		unvisited = iota
		onPath
		done
	)
	state := make([]int, len(g.edges))
	var path []int
	var errs field.ErrorList
	var visit func(j int)
	visit = func(j int) {
		state[j] = onPath
		path = append(path, j)
		for _, i := range g.edges[j] {
			switch state[i] {
			case unvisited:
				visit(i)
			case onPath:
				errs = append(errs, cycleError(tasks, path, i, fldPath))
			}
		}
		path = path[:len(path)-1]
		state[j] = done
	}
	for j := range g.edges {
		if state[j] == unvisited {
			visit(j)
		}
	}
	return errs
}

// cycleError describes the cycle that path closes by its last task waiting
// for task start, which is on the path. It is reported at that last task and
// read from it: "B -> A -> B" means B waits for A, which waits for B.
func cycleError(tasks []weft.DAGTask, path []int, start int, fldPath *field.Path) *field.Error {
	from := slices.Index(path, start)
	last := path[len(path)-1]
	names := []string{tasks[last].Name}
	for _, i := range path[from : len(path)-1] {
		names = append(names, tasks[i].Name)
	}
	names = append(names, tasks[last].Name)
	detail := fmt.Sprintf("dependency cycle %s: a task cannot wait for itself, so remove one of these dependencies", strings.Join(names, " -> "))
	t := &tasks[last]
	if t.Depends != "" {
		return field.Invalid(fldPath.Index(last).Child("depends"), t.Depends, detail)
	}
	return field.Invalid(fldPath.Index(last).Child("dependencies"), t.Dependencies, detail)
}

// ancestors returns the names of the tasks task j waits for, directly or
// through other tasks.
func (g *dagGraph) ancestors(j int, tasks []weft.DAGTask) map[string]bool {
	seen := map[int]bool{}
	queue := append([]int(nil), g.edges[j]...)
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		if seen[i] {
			continue
		}
		seen[i] = true
		queue = append(queue, g.edges[i]...)
	}
	names := map[string]bool{}
	for i := range seen {
		if i != j {
			names[tasks[i].Name] = true
		}
	}
	return names
}

// validateTarget checks that dag.target names tasks of the DAG.
func validateTarget(target string, g *dagGraph, sc *refScope, fldPath *field.Path) field.ErrorList {
	if hasReference(target) {
		return validateReferences(target, sc, fldPath)
	}
	var errs field.ErrorList
	for _, name := range strings.Fields(target) {
		if _, ok := g.index[name]; !ok {
			errs = append(errs, notFound(fldPath, name,
				fmt.Sprintf("no task named %q in this DAG: the target may only name its tasks (%s)", name, g.names())))
		}
	}
	return errs
}
