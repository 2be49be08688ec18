// Package expr implements the expression languages of Weft workflows, with
// Argo Workflows' semantics:
//
//   - Substitute replaces {{name}} references in text with their values and
//     evaluates {{=expression}} tags with github.com/expr-lang/expr;
//   - EvaluateWhen decides a step's or task's `when` condition, a
//     govaluate-style expression in which bare words are strings, so that
//     "heads == heads" holds.
//
// It is pure: values come from a Resolver the caller supplies.
package expr
