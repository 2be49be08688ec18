// Package expr implements the expression languages of Weft workflows, with
// Argo Workflows' semantics:
//
//   - Substitute replaces {{name}} references in text with their values and
//     evaluates {{=expression}} tags with github.com/expr-lang/expr, with
//     Argo's functions asInt, asFloat, toJson, jsonpath and sprig.NAME;
//   - EvaluateWhen decides a step's or task's `when` condition, a
//     govaluate-style expression in which bare words are strings, so that
//     "heads == heads" holds;
//   - JSONPath evaluates the JSONPath queries of the jsonpath function.
//
// It is pure: values come from a Resolver the caller supplies.
package expr
