package expr

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// EvaluateWhen decides a substituted `when` condition the way Argo does with
// govaluate: numbers, 'quoted' or "quoted" strings, true and false, the
// operators == != < <= > >= =~ !~ && || ! + - * / % and parentheses; a bare
// word (a govaluate variable) is a string, so "heads == heads" holds. Equality
// needs equal types: 1 == '1' is false. The condition must be boolean.
func EvaluateWhen(when string) (bool, error) {
	toks, err := tokenize(when)
	if err != nil {
		return false, fmt.Errorf("invalid 'when' expression '%s': %v (hint: try wrapping the affected expression in quotes (\"))", when, err)
	}
	p := &whenParser{toks: toks}
	v, err := p.parseOr()
	if err == nil && p.pos < len(p.toks) {
		err = fmt.Errorf("unexpected %q", p.toks[p.pos].text)
	}
	if err != nil {
		return false, fmt.Errorf("invalid 'when' expression '%s': %v", when, err)
	}
	b, ok := v.(bool)
	if !ok {
		return false, fmt.Errorf("expected boolean evaluation for '%s', got %v", when, v)
	}
	return b, nil
}

type tokenKind int

const (
	tokValue tokenKind = iota
	tokOp
)

type token struct {
	kind  tokenKind
	text  string
	value any
}

var operators = []string{"==", "!=", ">=", "<=", "=~", "!~", "&&", "||", ">", "<", "!", "+", "-", "*", "/", "%", "(", ")"}

func tokenize(s string) ([]token, error) {
	var toks []token
	for i := 0; i < len(s); {
		c := rune(s[i])
		switch {
		case unicode.IsSpace(c):
			i++
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			j := i
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.') {
				j++
			}
			f, err := strconv.ParseFloat(s[i:j], 64)
			if err != nil {
				return nil, fmt.Errorf("invalid number %q", s[i:j])
			}
			toks = append(toks, token{kind: tokValue, text: s[i:j], value: f})
			i = j
		case c == '\'' || c == '"':
			str, n, err := quoted(s[i:])
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{kind: tokValue, text: s[i : i+n], value: str})
			i += n
		case unicode.IsLetter(c) || c == '_' || c >= 0x80:
			j := i
			for j < len(s) && isWordByte(s[j]) {
				j++
			}
			word := s[i:j]
			var v any = word
			if word == "true" || word == "false" {
				v = word == "true"
			}
			toks = append(toks, token{kind: tokValue, text: word, value: v})
			i = j
		default:
			op := ""
			for _, o := range operators {
				if strings.HasPrefix(s[i:], o) {
					op = o
					break
				}
			}
			if op == "" {
				return nil, fmt.Errorf("invalid token: '%c'", c)
			}
			toks = append(toks, token{kind: tokOp, text: op})
			i += len(op)
		}
	}
	return toks, nil
}

func isWordByte(b byte) bool {
	return b == '_' || b == '.' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
}

// quoted reads a quoted string at the start of s, returning it and its length.
func quoted(s string) (string, int, error) {
	q := s[0]
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case q:
			return b.String(), i + 1, nil
		default:
			b.WriteByte(s[i])
		}
	}
	return "", 0, fmt.Errorf("unclosed string %s", s)
}

type whenParser struct {
	toks []token
	pos  int
}

func (p *whenParser) peekOp(ops ...string) string {
	if p.pos >= len(p.toks) || p.toks[p.pos].kind != tokOp {
		return ""
	}
	for _, o := range ops {
		if p.toks[p.pos].text == o {
			return o
		}
	}
	return ""
}

func (p *whenParser) parseOr() (any, error) {
	left, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	for p.peekOp("||") != "" {
		p.pos++
		right, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		if left, err = logical("||", left, right); err != nil {
			return nil, err
		}
	}
	return left, nil
}

func (p *whenParser) parseAnd() (any, error) {
	left, err := p.parseComparison()
	if err != nil {
		return nil, err
	}
	for p.peekOp("&&") != "" {
		p.pos++
		right, err := p.parseComparison()
		if err != nil {
			return nil, err
		}
		if left, err = logical("&&", left, right); err != nil {
			return nil, err
		}
	}
	return left, nil
}

func (p *whenParser) parseComparison() (any, error) {
	left, err := p.parseAdditive()
	if err != nil {
		return nil, err
	}
	for {
		op := p.peekOp("==", "!=", ">=", "<=", ">", "<", "=~", "!~")
		if op == "" {
			return left, nil
		}
		p.pos++
		right, err := p.parseAdditive()
		if err != nil {
			return nil, err
		}
		if left, err = compare(op, left, right); err != nil {
			return nil, err
		}
	}
}

func (p *whenParser) parseAdditive() (any, error) {
	left, err := p.parseMultiplicative()
	if err != nil {
		return nil, err
	}
	for {
		op := p.peekOp("+", "-")
		if op == "" {
			return left, nil
		}
		p.pos++
		right, err := p.parseMultiplicative()
		if err != nil {
			return nil, err
		}
		if left, err = arithmetic(op, left, right); err != nil {
			return nil, err
		}
	}
}

func (p *whenParser) parseMultiplicative() (any, error) {
	left, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	for {
		op := p.peekOp("*", "/", "%")
		if op == "" {
			return left, nil
		}
		p.pos++
		right, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		if left, err = arithmetic(op, left, right); err != nil {
			return nil, err
		}
	}
}

func (p *whenParser) parseUnary() (any, error) {
	switch p.peekOp("!", "-") {
	case "!":
		p.pos++
		v, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		b, ok := v.(bool)
		if !ok {
			return nil, fmt.Errorf("value '%v' cannot be used with the modifier '!', it is not a bool", v)
		}
		return !b, nil
	case "-":
		p.pos++
		v, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		f, ok := v.(float64)
		if !ok {
			return nil, fmt.Errorf("value '%v' cannot be used with the modifier '-', it is not a number", v)
		}
		return -f, nil
	}
	return p.parsePrimary()
}

func (p *whenParser) parsePrimary() (any, error) {
	if p.pos >= len(p.toks) {
		return nil, fmt.Errorf("unexpected end of expression")
	}
	t := p.toks[p.pos]
	if t.kind == tokValue {
		p.pos++
		if p.pos < len(p.toks) && p.toks[p.pos].kind == tokValue {
			return nil, fmt.Errorf("cannot transition from %q to %q: join values with an operator or quote them", t.text, p.toks[p.pos].text)
		}
		return t.value, nil
	}
	if t.text == "(" {
		p.pos++
		v, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if p.peekOp(")") == "" {
			return nil, fmt.Errorf("unbalanced parenthesis")
		}
		p.pos++
		return v, nil
	}
	return nil, fmt.Errorf("unexpected %q", t.text)
}

func logical(op string, left, right any) (any, error) {
	l, lok := left.(bool)
	r, rok := right.(bool)
	if !lok || !rok {
		return nil, fmt.Errorf("value '%v' %s '%v': both sides must be booleans", left, op, right)
	}
	if op == "&&" {
		return l && r, nil
	}
	return l || r, nil
}

func compare(op string, left, right any) (any, error) {
	switch op {
	case "==":
		return left == right, nil
	case "!=":
		return left != right, nil
	case "=~", "!~":
		l, lok := left.(string)
		r, rok := right.(string)
		if !lok || !rok {
			return nil, fmt.Errorf("%s needs strings on both sides", op)
		}
		re, err := regexp.Compile(r)
		if err != nil {
			return nil, err
		}
		return re.MatchString(l) == (op == "=~"), nil
	}
	var c int
	switch l := left.(type) {
	case float64:
		r, ok := right.(float64)
		if !ok {
			return nil, fmt.Errorf("cannot compare number %v with %v", l, right)
		}
		c = cmpOrdered(l, r)
	case string:
		r, ok := right.(string)
		if !ok {
			return nil, fmt.Errorf("cannot compare string %q with %v", l, right)
		}
		c = strings.Compare(l, r)
	default:
		return nil, fmt.Errorf("value '%v' cannot be used with the comparator '%s'", left, op)
	}
	switch op {
	case ">":
		return c > 0, nil
	case ">=":
		return c >= 0, nil
	case "<":
		return c < 0, nil
	default:
		return c <= 0, nil
	}
}

func cmpOrdered(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func arithmetic(op string, left, right any) (any, error) {
	l, lok := left.(float64)
	r, rok := right.(float64)
	if op == "+" && (!lok || !rok) {
		_, ls := left.(string)
		_, rs := right.(string)
		if ls || rs {
			return fmt.Sprint(left) + fmt.Sprint(right), nil
		}
	}
	if !lok {
		return nil, fmt.Errorf("value '%v' cannot be used with the modifier '%s', it is not a number", left, op)
	}
	if !rok {
		return nil, fmt.Errorf("value '%v' cannot be used with the modifier '%s', it is not a number", right, op)
	}
	switch op {
	case "+":
		return l + r, nil
	case "-":
		return l - r, nil
	case "*":
		return l * r, nil
	case "/":
		return l / r, nil
	}
	if int64(r) == 0 {
		return nil, fmt.Errorf("modulo by zero")
	}
	return float64(int64(l) % int64(r)), nil
}
