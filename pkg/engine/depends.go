package engine

import (
	"fmt"
	"strings"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// dependsExpr is a parsed `depends` expression.
type dependsExpr interface {
	eval(result func(task, result string) bool) bool
}

type dependsRef struct{ task, result string }
type dependsNot struct{ x dependsExpr }
type dependsAnd struct{ l, r dependsExpr }
type dependsOr struct{ l, r dependsExpr }

func (e dependsRef) eval(f func(string, string) bool) bool { return f(e.task, e.result) }
func (e dependsNot) eval(f func(string, string) bool) bool { return !e.x.eval(f) }
func (e dependsAnd) eval(f func(string, string) bool) bool { return e.l.eval(f) && e.r.eval(f) }
func (e dependsOr) eval(f func(string, string) bool) bool  { return e.l.eval(f) || e.r.eval(f) }

// dependsResults are the results a task name may be followed by.
var dependsResults = map[string]bool{
	"Succeeded": true, "Failed": true, "Errored": true, "Skipped": true, "Omitted": true,
	"Daemoned": true, "AnySucceeded": true, "AllFailed": true,
}

// parsed is a task's dependencies: the expression and the tasks it names.
type parsed struct {
	expr  dependsExpr
	tasks []string
	refs  []dependsRef
}

// taskDependencies parses a task's depends, or turns its dependencies into
// the expression Argo makes of them: every listed task succeeded, was
// skipped or is a daemon.
func taskDependencies(t v1alpha1.DAGTask) (parsed, error) {
	if t.Depends != "" {
		return parseDepends(t.Depends)
	}
	var p parsed
	for _, d := range t.Dependencies {
		ref := dependsRef{task: d}
		p.refs = append(p.refs, ref)
		p.tasks = appendUnique(p.tasks, d)
		if p.expr == nil {
			p.expr = ref
		} else {
			p.expr = dependsAnd{p.expr, ref}
		}
	}
	return p, nil
}

// parseDepends parses "A && (B.Succeeded || !C.Failed)".
func parseDepends(s string) (parsed, error) {
	dp := &dependsParser{src: s}
	e, err := dp.or()
	if err == nil {
		dp.space()
		if dp.pos < len(dp.src) {
			err = fmt.Errorf("unexpected %q at position %d", dp.src[dp.pos:], dp.pos+1)
		}
	}
	if err != nil {
		return parsed{}, fmt.Errorf("depends %q: %v", s, err)
	}
	return parsed{expr: e, tasks: dp.tasks, refs: dp.refs}, nil
}

type dependsParser struct {
	src   string
	pos   int
	tasks []string
	refs  []dependsRef
}

func (p *dependsParser) space() {
	for p.pos < len(p.src) && strings.ContainsRune(" \t\r\n", rune(p.src[p.pos])) {
		p.pos++
	}
}

func (p *dependsParser) take(tok string) bool {
	p.space()
	if strings.HasPrefix(p.src[p.pos:], tok) {
		p.pos += len(tok)
		return true
	}
	return false
}

func (p *dependsParser) or() (dependsExpr, error) {
	l, err := p.and()
	for err == nil && p.take("||") {
		var r dependsExpr
		if r, err = p.and(); err == nil {
			l = dependsOr{l, r}
		}
	}
	return l, err
}

func (p *dependsParser) and() (dependsExpr, error) {
	l, err := p.unary()
	for err == nil && p.take("&&") {
		var r dependsExpr
		if r, err = p.unary(); err == nil {
			l = dependsAnd{l, r}
		}
	}
	return l, err
}

func (p *dependsParser) unary() (dependsExpr, error) {
	if p.take("!") {
		x, err := p.unary()
		return dependsNot{x}, err
	}
	if p.take("(") {
		x, err := p.or()
		if err == nil && !p.take(")") {
			err = fmt.Errorf("missing ) at position %d", p.pos+1)
		}
		return x, err
	}
	p.space()
	start := p.pos
	for p.pos < len(p.src) && isTaskNameByte(p.src[p.pos]) {
		p.pos++
	}
	if start == p.pos {
		return nil, fmt.Errorf("expected a task name at position %d", start+1)
	}
	ref := dependsRef{task: p.src[start:p.pos]}
	if p.pos < len(p.src) && p.src[p.pos] == '.' {
		p.pos++
		rs := p.pos
		for p.pos < len(p.src) && isTaskNameByte(p.src[p.pos]) {
			p.pos++
		}
		ref.result = p.src[rs:p.pos]
		if !dependsResults[ref.result] {
			return nil, fmt.Errorf("unknown result %q of task %s", ref.result, ref.task)
		}
	}
	p.tasks = appendUnique(p.tasks, ref.task)
	p.refs = append(p.refs, ref)
	return ref, nil
}

func isTaskNameByte(b byte) bool {
	return b == '-' || b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

func appendUnique(list []string, s string) []string {
	for _, v := range list {
		if v == s {
			return list
		}
	}
	return append(list, s)
}

// taskResult says whether a finished task's node has a result. A bare task
// name means it succeeded, was skipped or is a daemon, or ended in a phase
// its continueOn accepts.
func taskResult(n *v1alpha1.NodeStatus, result string, continueOn *v1alpha1.ContinueOn, children func(*v1alpha1.NodeStatus) []*v1alpha1.NodeStatus) bool {
	daemoned := n.Daemoned != nil && *n.Daemoned && n.Phase != v1alpha1.NodePending
	switch result {
	case "":
		return n.Phase == v1alpha1.NodeSucceeded || n.Phase == v1alpha1.NodeSkipped || daemoned || continuesOn(continueOn, n.Phase)
	case "Succeeded":
		return n.Phase == v1alpha1.NodeSucceeded
	case "Failed":
		return n.Phase == v1alpha1.NodeFailed
	case "Errored":
		return n.Phase == v1alpha1.NodeError
	case "Skipped":
		return n.Phase == v1alpha1.NodeSkipped
	case "Omitted":
		return n.Phase == v1alpha1.NodeOmitted
	case "Daemoned":
		return daemoned
	case "AnySucceeded":
		for _, c := range children(n) {
			if c.Phase == v1alpha1.NodeSucceeded {
				return true
			}
		}
		return false
	case "AllFailed":
		kids := children(n)
		for _, c := range kids {
			if c.Phase != v1alpha1.NodeFailed {
				return false
			}
		}
		return len(kids) > 0
	}
	return false
}
