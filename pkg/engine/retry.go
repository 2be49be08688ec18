package engine

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"time"

	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/expr"
)

// Retry policies, as Argo names them.
const (
	retryAlways           = "Always"
	retryOnFailure        = "OnFailure"
	retryOnError          = "OnError"
	retryOnTransientError = "OnTransientError"
)

// transientMessage matches the messages of failures that a retry may cure:
// a pod that was deleted, evicted or shut down with its node, and the
// network errors Kubernetes reports.
var transientMessage = regexp.MustCompile(`pod deleted|Evicted|Shutdown|NodeShutdown|Terminated|i/o timeout|TLS handshake timeout|connection reset|connection refused|too many requests|etcdserver: leader changed`)

// retryStrategyFor is the retry strategy of a template: its own, else the
// workflow's spec.retryStrategy, as Argo applies it. Suspend templates are
// never retried.
func (o *operation) retryStrategyFor(t resolvedTemplate) *v1alpha1.RetryStrategy {
	if t.Suspend != nil {
		return nil
	}
	if t.RetryStrategy != nil {
		return t.RetryStrategy
	}
	return o.spec.RetryStrategy
}

// attemptCall is the call of a retry's i-th attempt, named "<name>(i)".
func attemptCall(c call, args v1alpha1.Arguments, i int) call {
	return call{
		name:        fmt.Sprintf("%s(%d)", c.name, i),
		displayName: fmt.Sprintf("%s(%d)", c.displayName, i),
		boundaryID:  c.boundaryID,
		holder:      c.holder,
		context:     c.context,
		args:        args,
		attempt:     true,
		retries:     i,
		unitKind:    c.unitKind,
		unitName:    c.unitName,
	}
}

// executeRetry carries on a Retry node, whose children are the attempts of
// its template: it succeeds with the first attempt that succeeds, and fails
// like the last attempt once the strategy allows no more.
func (o *operation) executeRetry(node *v1alpha1.NodeStatus, c call, t resolvedTemplate, inputs []v1alpha1.Parameter, rs *v1alpha1.RetryStrategy) *v1alpha1.NodeStatus {
	if node == nil {
		node = o.newTemplateNode(c, v1alpha1.NodeTypeRetry, t, inputs, v1alpha1.NodeRunning, "")
	}
	attempts := len(node.Children)
	if attempts == 0 {
		o.startAttempt(node, attemptCall(c, o.attemptArguments(node, inputs), 0))
		return node
	}
	last := o.nodeByID(node.Children[attempts-1])
	if last == nil {
		o.setPhase(node, v1alpha1.NodeError, fmt.Sprintf("attempt %d of the retry is missing from status.nodes", attempts-1))
		return node
	}
	if !fulfilled(last.Phase) {
		o.executeTemplate(attemptCall(c, o.attemptArguments(node, inputs), attempts-1))
		if !fulfilled(last.Phase) {
			o.copyAttempt(node, last)
			return node
		}
	}
	o.copyAttempt(node, last)
	if !failedOrError(last.Phase) {
		o.setPhase(node, last.Phase, "")
		return node
	}
	if o.shuttingDown() {
		o.setPhase(node, last.Phase, last.Message)
		return node
	}
	wait, stop := o.nextRetry(rs, node, last, attempts, inputs, c.name)
	if stop != "" {
		o.setPhase(node, last.Phase, joinMessage(last.Message, stop))
		return node
	}
	if start := last.FinishedAt.Add(wait); o.now.Time.Before(start) {
		o.setMessage(node, fmt.Sprintf("Backoff for %s", wait))
		o.requeueAfter(start.Sub(o.now.Time))
		return node
	}
	o.setMessage(node, "")
	o.startAttempt(node, attemptCall(c, o.attemptArguments(node, inputs), attempts))
	return node
}

// startAttempt starts an attempt and links it under its Retry node.
func (o *operation) startAttempt(retry *v1alpha1.NodeStatus, c call) {
	if n := o.executeTemplate(c); n != nil {
		o.addChild(retry, n.ID)
	}
}

// copyAttempt gives the Retry node what its steps or tasks read of it: the
// attempt's outputs, pod IP and host.
func (o *operation) copyAttempt(retry, attempt *v1alpha1.NodeStatus) {
	if attempt.Outputs != nil && !equality.Semantic.DeepEqual(retry.Outputs, attempt.Outputs) {
		retry.Outputs = attempt.Outputs.DeepCopy()
		o.changed = true
	}
	if attempt.PodIP != retry.PodIP || attempt.HostNodeName != retry.HostNodeName {
		retry.PodIP, retry.HostNodeName = attempt.PodIP, attempt.HostNodeName
		o.changed = true
	}
	if attempt.Daemoned != nil && retry.Daemoned == nil {
		d := *attempt.Daemoned
		retry.Daemoned = &d
		o.changed = true
	}
}

// setMessage changes an unfinished node's message.
func (o *operation) setMessage(n *v1alpha1.NodeStatus, message string) {
	if fulfilled(n.Phase) || n.Message == message {
		return
	}
	n.Message = message
	o.changed = true
}

// nextRetry decides whether a failed attempt is retried: it returns the wait
// before the next attempt, or why there is none.
func (o *operation) nextRetry(rs *v1alpha1.RetryStrategy, retry, last *v1alpha1.NodeStatus, attempts int, inputs []v1alpha1.Parameter, name string) (time.Duration, string) {
	sc := o.localScope(inputs, name)
	var strategy v1alpha1.RetryStrategy
	if err := expr.SubstituteObject(&strategy, rs, sc, expr.Strict); err != nil {
		return 0, fmt.Sprintf("retryStrategy: %v", err)
	}
	if strategy.Limit != nil {
		limit, err := intOrStringValue(*strategy.Limit)
		if err != nil {
			return 0, fmt.Sprintf("retryStrategy.limit: %v", err)
		}
		if attempts > limit {
			return 0, fmt.Sprintf("no more retries left: retryStrategy.limit is %d", limit)
		}
	}
	if why := policyRefuses(strategy.RetryPolicy, last); why != "" {
		return 0, why
	}
	if strategy.Expression != "" {
		ok, err := retryExpressionHolds(strategy.Expression, sc, last)
		if err != nil {
			return 0, fmt.Sprintf("retryStrategy.expression: %v", err)
		}
		if !ok {
			return 0, "retryStrategy.expression is false: no retry"
		}
	}
	return backoffWait(strategy.Backoff, retry, last, attempts)
}

// policyRefuses says why the retry policy does not retry the last attempt,
// or "" when it does.
func policyRefuses(policy string, last *v1alpha1.NodeStatus) string {
	switch policy {
	case retryAlways:
		return ""
	case retryOnError:
		if last.Phase != v1alpha1.NodeError {
			return "retryPolicy OnError does not retry a failure"
		}
	case retryOnTransientError:
		if !transientMessage.MatchString(last.Message) {
			return "retryPolicy OnTransientError does not retry an error that is not transient"
		}
	case "", retryOnFailure:
		if last.Phase != v1alpha1.NodeFailed {
			return "retryPolicy OnFailure does not retry an error"
		}
	default:
		return fmt.Sprintf("retryStrategy.retryPolicy %q is not one of Always, OnFailure, OnError, OnTransientError", policy)
	}
	return ""
}

// retryExpressionHolds evaluates retryStrategy.expression with lastRetry.*.
func retryExpressionHolds(expression string, sc *scope, last *v1alpha1.NodeStatus) (bool, error) {
	env := sc.Env()
	exitCode := "-1"
	if last.Outputs != nil && last.Outputs.ExitCode != nil {
		exitCode = *last.Outputs.ExitCode
	}
	duration := 0.0
	if !last.FinishedAt.IsZero() {
		duration = last.FinishedAt.Sub(last.StartedAt.Time).Seconds()
	}
	env["lastRetry"] = map[string]any{
		"exitCode": exitCode,
		"status":   string(last.Phase),
		"duration": strconv.FormatFloat(duration, 'f', -1, 64),
		"message":  last.Message,
	}
	return expr.EvaluateBool(expression, env)
}

// backoffWait is the wait before attempt number attempts (counting from 0):
// duration × factor^(attempts-1), at most cap, and none at all once the
// retries would run past maxDuration since the first attempt started.
func backoffWait(b *v1alpha1.Backoff, retry, last *v1alpha1.NodeStatus, attempts int) (time.Duration, string) {
	if b == nil || b.Duration == "" {
		return 0, ""
	}
	base, err := parseDuration(b.Duration)
	if err != nil {
		return 0, fmt.Sprintf("retryStrategy.backoff.duration: %v", err)
	}
	factor := 1
	if b.Factor != nil {
		if factor, err = intOrStringValue(*b.Factor); err != nil {
			return 0, fmt.Sprintf("retryStrategy.backoff.factor: %v", err)
		}
	}
	wait := time.Duration(float64(base) * math.Pow(float64(factor), float64(attempts-1)))
	if b.Cap != "" {
		limit, err := parseDuration(b.Cap)
		if err != nil {
			return 0, fmt.Sprintf("retryStrategy.backoff.cap: %v", err)
		}
		wait = min(wait, limit)
	}
	if b.MaxDuration != "" {
		maxDuration, err := parseDuration(b.MaxDuration)
		if err != nil {
			return 0, fmt.Sprintf("retryStrategy.backoff.maxDuration: %v", err)
		}
		if last.FinishedAt.Add(wait).Sub(retry.StartedAt.Time) > maxDuration {
			return 0, fmt.Sprintf("no more retries left: retryStrategy.backoff.maxDuration %s would be exceeded", b.MaxDuration)
		}
	}
	return wait, ""
}

// intOrStringValue reads an int-or-string as a whole number.
func intOrStringValue(v intstr.IntOrString) (int, error) {
	if v.Type == intstr.Int {
		return int(v.IntVal), nil
	}
	n, err := strconv.Atoi(v.StrVal)
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number", v.StrVal)
	}
	return n, nil
}
