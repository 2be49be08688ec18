package engine

import (
	"fmt"
	"strings"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// dagRun is the state of one pass over a DAG node.
type dagRun struct {
	o        *operation
	node     *v1alpha1.NodeStatus
	tmpl     *v1alpha1.Template
	context  string
	sc       *scope
	tasks    map[string]*v1alpha1.DAGTask
	order    []string
	deps     map[string]parsed
	handled  map[string]bool
	failFast bool
	visited  map[string]bool
}

// runDAG carries a DAG node on: each task starts once its dependencies are
// done and its depends expression holds; the node ends when every task that
// can run has.
func (o *operation) runDAG(node *v1alpha1.NodeStatus, tmpl *v1alpha1.Template, context string, local *scope) {
	d := &dagRun{
		o: o, node: node, tmpl: tmpl, context: context,
		tasks:    map[string]*v1alpha1.DAGTask{},
		deps:     map[string]parsed{},
		handled:  map[string]bool{},
		failFast: tmpl.DAG.FailFast == nil || *tmpl.DAG.FailFast,
		visited:  map[string]bool{},
	}
	if err := d.index(); err != nil {
		o.setPhase(node, v1alpha1.NodeError, err.Error())
		return
	}
	targets, err := d.targets()
	if err != nil {
		o.setPhase(node, v1alpha1.NodeError, err.Error())
		return
	}
	d.sc = d.scope(local)
	for _, t := range targets {
		d.execute(t)
	}
	phase, message, done := d.assess(targets)
	if !done {
		return
	}
	var outbound []string
	for _, t := range targets {
		if n := d.taskNode(t); n != nil {
			outbound = o.appendOutbound(outbound, n.ID)
		}
	}
	o.setOutbound(node, outbound)
	if phase == v1alpha1.NodeSucceeded {
		o.succeedWithOutputs(node, tmpl, d.sc)
		return
	}
	o.setPhase(node, phase, message)
}

// index reads the tasks and their dependencies. A task whose failure another
// task's depends tests for (.Failed, .Errored, .AllFailed or a negation) is
// handled: its failure does not stop the DAG from starting tasks.
func (d *dagRun) index() error {
	for i := range d.tmpl.DAG.Tasks {
		t := &d.tmpl.DAG.Tasks[i]
		d.tasks[t.Name] = t
		d.order = append(d.order, t.Name)
	}
	for _, name := range d.order {
		p, err := taskDependencies(*d.tasks[name])
		if err != nil {
			return fmt.Errorf("task %s: %v", name, err)
		}
		for _, dep := range p.tasks {
			if d.tasks[dep] == nil {
				return fmt.Errorf("task %s depends on %s, which is not a task of this DAG", name, dep)
			}
		}
		for _, r := range p.refs {
			if r.result == "Failed" || r.result == "Errored" || r.result == "AllFailed" || strings.Contains(d.tasks[name].Depends, "!") {
				d.handled[r.task] = true
			}
		}
		d.deps[name] = p
	}
	return nil
}

// targets are the tasks named by dag.target, else the tasks no task depends on.
func (d *dagRun) targets() ([]string, error) {
	if t := strings.Fields(d.tmpl.DAG.Target); len(t) > 0 {
		for _, name := range t {
			if d.tasks[name] == nil {
				return nil, fmt.Errorf("dag.target %s is not a task of this DAG", name)
			}
		}
		return t, nil
	}
	dependedOn := map[string]bool{}
	for _, p := range d.deps {
		for _, t := range p.tasks {
			dependedOn[t] = true
		}
	}
	var out []string
	for _, name := range d.order {
		if !dependedOn[name] {
			out = append(out, name)
		}
	}
	return out, nil
}

func (d *dagRun) taskNodeName(task string) string {
	return d.node.Name + "." + task
}

func (d *dagRun) taskNode(task string) *v1alpha1.NodeStatus {
	return d.o.node(d.taskNodeName(task))
}

// scope adds tasks.NAME.* of the finished tasks to the template's scope.
func (d *dagRun) scope(local *scope) *scope {
	sc := newScope(local)
	sc.resultKind = "tasks"
	sc.resultNames = func() []string { return d.order }
	sc.results = func(_, name string) (map[string]string, bool) {
		if d.tasks[name] == nil {
			return nil, false
		}
		n := d.taskNode(name)
		if n == nil || !fulfilled(n.Phase) {
			return nil, false
		}
		vars := nodeVars("tasks."+name, n)
		if n.Type == v1alpha1.NodeTypeTaskGroup {
			addAggregates(vars, "tasks."+name, d.children(n))
		}
		return vars, true
	}
	return sc
}

// children are a task group's expanded tasks.
func (d *dagRun) children(n *v1alpha1.NodeStatus) []*v1alpha1.NodeStatus {
	if n.Type != v1alpha1.NodeTypeTaskGroup {
		return nil
	}
	out := make([]*v1alpha1.NodeStatus, 0, len(n.Children))
	for _, id := range n.Children {
		if c := d.o.nodeByID(id); c != nil {
			out = append(out, c)
		}
	}
	return out
}

// failedTask is the first task that failed and stops the DAG from starting
// tasks: failFast is on, the failure is not accepted by continueOn and no
// task's depends tests for it.
func (d *dagRun) failedTask() *v1alpha1.NodeStatus {
	if !d.failFast {
		return nil
	}
	for _, name := range d.order {
		n := d.taskNode(name)
		if n != nil && failedOrError(n.Phase) && !continuesOn(d.tasks[name].ContinueOn, n.Phase) && !d.handled[name] {
			return n
		}
	}
	return nil
}

// execute carries a task on, after its dependencies.
func (d *dagRun) execute(name string) {
	if d.visited[name] {
		return
	}
	d.visited[name] = true
	o := d.o
	n := d.taskNode(name)
	if n != nil && fulfilled(n.Phase) && !o.suspendOutputsPending(n) && len(unitHooks(taskUnit(*d.tasks[name]))) == 0 {
		return
	}
	ready := true
	for _, dep := range d.deps[name].tasks {
		d.execute(dep)
		if dn := d.taskNode(dep); dn == nil || !fulfilled(dn.Phase) {
			ready = false
		}
	}
	if !ready {
		return
	}
	task := d.tasks[name]
	base := d.taskNodeName(name)
	if n == nil {
		if p := d.deps[name]; p.expr != nil && !p.expr.eval(d.result) {
			om := o.newNode(base, name, v1alpha1.NodeTypeSkipped, d.node.ID, v1alpha1.NodeOmitted, "omitted: depends condition not met")
			d.connect(name, om)
			return
		}
		if d.failedTask() != nil {
			return
		}
	}
	r := unitRun{
		kind:       "tasks",
		boundaryID: d.node.ID,
		context:    d.context,
		admit:      d.admit,
		link:       func(c *v1alpha1.NodeStatus) { d.connect(name, c) },
	}
	u := taskUnit(*task)
	if !u.isLoop() {
		o.runUnitAt(base, name, u, func() *scope { return d.sc }, r)
		return
	}
	d.executeLoop(name, base, u, n, r)
}

// executeLoop runs a looping task's items under a TaskGroup node.
func (d *dagRun) executeLoop(name, base string, u unit, group *v1alpha1.NodeStatus, r unitRun) {
	o := d.o
	items, err := o.expandLoop(u, d.sc)
	if group == nil {
		if err == nil && !o.mayStart() {
			return
		}
		phase, message := v1alpha1.NodeRunning, ""
		if err != nil {
			phase, message = v1alpha1.NodeError, err.Error()
		}
		group = o.newNode(base, name, v1alpha1.NodeTypeTaskGroup, d.node.ID, phase, message)
		d.connect(name, group)
	}
	if err != nil {
		o.setPhase(group, v1alpha1.NodeError, err.Error())
		return
	}
	r.link = func(c *v1alpha1.NodeStatus) { o.addChild(group, c.ID) }
	kids := o.runExpanded(base, name, u, items, d.sc, r)
	phase, message := v1alpha1.NodeSucceeded, ""
	for _, k := range kids {
		if k == nil || !fulfilled(k.Phase) {
			return
		}
		oc := unitOutcome{node: k, continueOn: u.ContinueOn}
		if oc.blocking() && message == "" {
			phase, message = k.Phase, fmt.Sprintf("child '%s' failed", k.Name)
		}
	}
	o.setPhase(group, phase, message)
}

// admit says whether one more task may start: the DAG's parallelism allows
// it and no failure stops the DAG.
func (d *dagRun) admit() bool {
	if p := d.tmpl.Parallelism; p != nil && d.o.activeChildren[d.node.ID] >= *p {
		return false
	}
	return d.failedTask() == nil
}

// result evaluates one term of a depends expression.
func (d *dagRun) result(task, result string) bool {
	n := d.taskNode(task)
	if n == nil {
		return false
	}
	return taskResult(n, result, d.tasks[task].ContinueOn, d.children)
}

// connect links a task's new node after its dependencies' outbound nodes, or
// after the DAG node when it has none.
func (d *dagRun) connect(name string, n *v1alpha1.NodeStatus) {
	o := d.o
	deps := d.deps[name].tasks
	if len(deps) == 0 {
		o.addChild(d.node, n.ID)
		return
	}
	for _, dep := range deps {
		dn := d.taskNode(dep)
		if dn == nil {
			continue
		}
		for _, id := range o.outboundNodes(dn.ID) {
			if parent := o.nodeByID(id); parent != nil {
				o.addChild(parent, n.ID)
			}
		}
	}
}

// assess says whether the DAG is done and how it ended: Argo's rule, in which
// a target task that did not run takes the phase of the branch above it.
func (d *dagRun) assess(targets []string) (v1alpha1.NodePhase, string, bool) {
	failed := d.failedTask()
	for _, name := range d.order {
		if !d.visited[name] {
			continue
		}
		n := d.taskNode(name)
		if n == nil && failed != nil {
			continue
		}
		if n == nil || !fulfilled(n.Phase) {
			return v1alpha1.NodeRunning, "", false
		}
	}
	if d.o.activeHooks[d.node.ID] > 0 {
		return v1alpha1.NodeRunning, "", false
	}
	if failed != nil {
		return failed.Phase, fmt.Sprintf("child '%s' failed", failed.Name), true
	}
	for _, t := range targets {
		phase, origin := d.branch(t)
		if failedOrError(phase) && !continuesOn(d.tasks[t].ContinueOn, phase) {
			return phase, fmt.Sprintf("child '%s' failed", origin.Name), true
		}
	}
	return v1alpha1.NodeSucceeded, "", true
}

// branch is a task's phase for the DAG's outcome: its own when it ran, else
// the first failure among the branches above it.
func (d *dagRun) branch(name string) (v1alpha1.NodePhase, *v1alpha1.NodeStatus) {
	n := d.taskNode(name)
	if n == nil {
		return v1alpha1.NodeSucceeded, nil
	}
	switch n.Phase {
	case v1alpha1.NodeSucceeded, v1alpha1.NodeFailed, v1alpha1.NodeError:
		return n.Phase, n
	}
	for _, dep := range d.deps[name].tasks {
		if p, origin := d.branch(dep); failedOrError(p) {
			return p, origin
		}
	}
	return v1alpha1.NodeSucceeded, nil
}
