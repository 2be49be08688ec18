package expr

import "github.com/expr-lang/expr/ast"

// coalesceMissing makes the member chain on the left of "??" optional, as
// if written with "?.": a missing step of the chain gives nil, so that the
// right side is used, instead of an error such as "cannot fetch outputs
// from <nil>".
type coalesceMissing struct{}

// Visit rewrites the left side of a "??".
func (coalesceMissing) Visit(node *ast.Node) {
	b, ok := (*node).(*ast.BinaryNode)
	if !ok || b.Operator != "??" {
		return
	}
	if chain, ok := b.Left.(*ast.ChainNode); ok {
		makeOptional(chain.Node)
		return
	}
	if makeOptional(b.Left) {
		b.Left = &ast.ChainNode{Node: b.Left}
	}
}

// makeOptional marks every member access of a chain optional and says
// whether there was one.
func makeOptional(n ast.Node) bool {
	found := false
	for {
		m, ok := n.(*ast.MemberNode)
		if !ok {
			return found
		}
		m.Optional = true
		found = true
		n = m.Node
	}
}
