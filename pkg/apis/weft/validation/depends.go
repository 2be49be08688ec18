package validation

import (
	"fmt"
	"slices"
	"strings"
)

// dependsResults are the result suffixes a depends expression may put after a
// task name, as in "A.Succeeded".
var dependsResults = []string{"Succeeded", "Failed", "Errored", "Skipped", "Omitted", "Daemoned", "AnySucceeded", "AllFailed"}

// dependsRef is one task named in a depends expression.
type dependsRef struct {
	// Task is the task's name.
	Task string
	// Result is the suffix after the name, such as "Succeeded"; empty when none.
	Result string
	// Pos is the 1-based position of the name in the expression.
	Pos int
}

// dependsError is a syntax error in a depends expression.
type dependsError struct {
	// Pos is the 1-based position of the error in the expression.
	Pos int
	// Msg says what is wrong.
	Msg string
}

func (e *dependsError) Error() string {
	return fmt.Sprintf("%s at position %d", e.Msg, e.Pos)
}

// parseDepends parses a depends expression, a boolean expression over task
// results:
//
//	or      = and { "||" and }
//	and     = unary { "&&" unary }
//	unary   = "!" unary | primary
//	primary = "(" or ")" | task [ "." result ]
//
// A task name is a run of letters, digits, '-' and '_'. It returns the tasks
// the expression names, in order.
func parseDepends(expr string) ([]dependsRef, error) {
	p := &dependsParser{src: expr}
	p.skipSpace()
	if p.pos == len(p.src) {
		return nil, &dependsError{Pos: 1, Msg: "empty expression: name at least one task"}
	}
	if err := p.parseOr(); err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(p.src) {
		if p.src[p.pos] == ')' {
			return nil, p.errorf(`unbalanced ")": no "(" opens it`)
		}
		return nil, p.errorf("unexpected %q: join terms with && or ||", p.src[p.pos:p.pos+1])
	}
	return p.refs, nil
}

// dependsParser is the state of parseDepends.
type dependsParser struct {
	src  string
	pos  int
	refs []dependsRef
}

// errorf returns a syntax error at the current position.
func (p *dependsParser) errorf(format string, args ...any) error {
	return &dependsError{Pos: p.pos + 1, Msg: fmt.Sprintf(format, args...)}
}

// skipSpace consumes spaces, tabs and line breaks.
func (p *dependsParser) skipSpace() {
	for p.pos < len(p.src) && strings.ContainsRune(" \t\r\n", rune(p.src[p.pos])) {
		p.pos++
	}
}

// accept consumes tok, after any spaces, when it comes next.
func (p *dependsParser) accept(tok string) bool {
	p.skipSpace()
	if strings.HasPrefix(p.src[p.pos:], tok) {
		p.pos += len(tok)
		return true
	}
	return false
}

// parseOr parses terms joined by "||".
func (p *dependsParser) parseOr() error {
	if err := p.parseAnd(); err != nil {
		return err
	}
	for p.accept("||") {
		if err := p.parseAnd(); err != nil {
			return err
		}
	}
	return nil
}

// parseAnd parses terms joined by "&&".
func (p *dependsParser) parseAnd() error {
	if err := p.parseUnary(); err != nil {
		return err
	}
	for p.accept("&&") {
		if err := p.parseUnary(); err != nil {
			return err
		}
	}
	return nil
}

// parseUnary parses a term with any number of leading "!".
func (p *dependsParser) parseUnary() error {
	if p.accept("!") {
		return p.parseUnary()
	}
	return p.parsePrimary()
}

// parsePrimary parses a parenthesized expression or a task name with an
// optional result.
func (p *dependsParser) parsePrimary() error {
	p.skipSpace()
	if p.pos == len(p.src) {
		return p.errorf("expression ends early: expected a task name, \"!\" or \"(\"")
	}
	if p.src[p.pos] == '(' {
		open := p.pos
		p.pos++
		if err := p.parseOr(); err != nil {
			return err
		}
		if !p.accept(")") {
			return &dependsError{Pos: open + 1, Msg: `unbalanced "(": add the ")" that closes it`}
		}
		return nil
	}
	start := p.pos
	name := p.word()
	if name == "" {
		return p.errorf("unexpected %q: expected a task name, \"!\" or \"(\"", p.src[p.pos:p.pos+1])
	}
	ref := dependsRef{Task: name, Pos: start + 1}
	if p.pos < len(p.src) && p.src[p.pos] == '.' {
		p.pos++
		resultPos := p.pos
		ref.Result = p.word()
		if !slices.Contains(dependsResults, ref.Result) {
			return &dependsError{Pos: resultPos + 1, Msg: fmt.Sprintf("unknown result %q after task %q: use one of %s",
				ref.Result, name, strings.Join(dependsResults, ", "))}
		}
	}
	p.refs = append(p.refs, ref)
	return nil
}

// word consumes a run of letters, digits, '-' and '_'.
func (p *dependsParser) word() string {
	start := p.pos
	for p.pos < len(p.src) && isDependsNameChar(p.src[p.pos]) {
		p.pos++
	}
	return p.src[start:p.pos]
}

// isDependsNameChar reports whether c may appear in a task name.
func isDependsNameChar(c byte) bool {
	return c == '-' || c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}
