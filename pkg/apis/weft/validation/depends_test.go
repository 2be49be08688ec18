package validation

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseDependsAccepts(t *testing.T) {
	cases := []struct {
		expr string
		want []dependsRef
	}{
		{"A", []dependsRef{{Task: "A", Pos: 1}}},
		{"A && B", []dependsRef{{Task: "A", Pos: 1}, {Task: "B", Pos: 6}}},
		{"A.Succeeded || B.Failed", []dependsRef{{Task: "A", Result: "Succeeded", Pos: 1}, {Task: "B", Result: "Failed", Pos: 16}}},
		{"!(A || B) && C.AnySucceeded", []dependsRef{{Task: "A", Pos: 3}, {Task: "B", Pos: 8}, {Task: "C", Result: "AnySucceeded", Pos: 14}}},
		{"task-with-dash.AllFailed", []dependsRef{{Task: "task-with-dash", Result: "AllFailed", Pos: 1}}},
		{"  A  &&  (  B  )  ", []dependsRef{{Task: "A", Pos: 3}, {Task: "B", Pos: 13}}},
		{"((a_b.Errored))", []dependsRef{{Task: "a_b", Result: "Errored", Pos: 3}}},
		{"!!A.Skipped||B.Omitted&&C.Daemoned", []dependsRef{{Task: "A", Result: "Skipped", Pos: 3}, {Task: "B", Result: "Omitted", Pos: 14}, {Task: "C", Result: "Daemoned", Pos: 25}}},
		{"1st\n&& 2nd", []dependsRef{{Task: "1st", Pos: 1}, {Task: "2nd", Pos: 8}}},
	}
	for _, tc := range cases {
		t.Run(tc.expr, func(t *testing.T) {
			got, err := parseDepends(tc.expr)
			if err != nil {
				t.Fatalf("parseDepends(%q): %v", tc.expr, err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("parseDepends(%q) = %+v, want %+v", tc.expr, got, tc.want)
			}
		})
	}
}

func TestParseDependsRejects(t *testing.T) {
	cases := []struct {
		expr string
		pos  int
		msg  string
	}{
		{"", 1, "empty expression"},
		{"   ", 1, "empty expression"},
		{"A &&", 5, "expression ends early"},
		{"A ||   ", 8, "expression ends early"},
		{"&& A", 1, `unexpected "&": expected a task name`},
		{"A & B", 3, `unexpected "&": join terms with && or ||`},
		{"A | B", 3, `unexpected "|": join terms with && or ||`},
		{"(A", 1, `unbalanced "("`},
		{"A && (B || (C)", 6, `unbalanced "("`},
		{"A)", 2, `unbalanced ")"`},
		{"A || B)", 7, `unbalanced ")"`},
		{"A.Done", 3, `unknown result "Done" after task "A"`},
		{"A.", 3, `unknown result "" after task "A"`},
		{"A..Succeeded", 3, `unknown result ""`},
		{"A.succeeded", 3, `unknown result "succeeded"`},
		{"A B", 3, `unexpected "B": join terms with && or ||`},
		{"!", 2, "expression ends early"},
		{"A && ()", 7, `unexpected ")": expected a task name`},
		{"A.Succeeded.Failed", 12, `unexpected "."`},
		{"A && $B", 6, `unexpected "$"`},
	}
	for _, tc := range cases {
		t.Run(tc.expr, func(t *testing.T) {
			_, err := parseDepends(tc.expr)
			var de *dependsError
			if !errors.As(err, &de) {
				t.Fatalf("parseDepends(%q) = %v, want a dependsError", tc.expr, err)
			}
			if de.Pos != tc.pos || !strings.Contains(de.Msg, tc.msg) {
				t.Errorf("parseDepends(%q) = %q at %d, want %q at %d", tc.expr, de.Msg, de.Pos, tc.msg, tc.pos)
			}
		})
	}
}

// FuzzParseDepends checks that the parser never panics, that errors point
// into the expression, and that every name it returns is where it says.
func FuzzParseDepends(f *testing.F) {
	for _, seed := range []string{"A", "A && B", "!(A.Succeeded || B-c.Failed) && C", "((", "A.", ")", "A &&& B", "x.AllFailed||y"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		refs, err := parseDepends(expr)
		if err != nil {
			var de *dependsError
			if !errors.As(err, &de) {
				t.Fatalf("parseDepends(%q) returned %T", expr, err)
			}
			if de.Pos < 1 || de.Pos > len(expr)+1 {
				t.Fatalf("parseDepends(%q): position %d outside the expression", expr, de.Pos)
			}
			return
		}
		if len(refs) == 0 {
			t.Fatalf("parseDepends(%q) accepted an expression that names no task", expr)
		}
		for _, ref := range refs {
			if ref.Task == "" || !strings.HasPrefix(expr[ref.Pos-1:], ref.Task) {
				t.Fatalf("parseDepends(%q): task %q is not at position %d", expr, ref.Task, ref.Pos)
			}
		}
	})
}
