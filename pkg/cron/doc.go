// Package cron decides what a CronWorkflow does next, with Argo Workflows'
// CronWorkflow semantics, as pure logic: Decide takes a CronWorkflow, the
// Workflows it owns, what the controller already decided about its
// schedule, and the time, and returns the Workflows to create, stop and
// delete, its next status and when to look again. It does no Kubernetes
// I/O and reads no clock.
//
// # Schedules
//
// Every entry of spec.schedules, and spec.schedule, is a standard cron
// schedule or descriptor ("@hourly", "@every 10s") evaluated in
// spec.timezone. A run is due at the latest scheduled time not after now
// that has not been decided yet. It starts when it is on time, within
// OnTimeWindow of its scheduled time (the slack of queues and requeues), or,
// after the controller was down or the CronWorkflow suspended, when it is
// within spec.startingDeadlineSeconds: at most one catch-up run, for the
// most recent missed time. Without startingDeadlineSeconds missed runs are
// skipped, as in Argo.
//
// # Concurrency
//
// Allow runs workflows side by side; Forbid skips a run while one of its
// workflows is unfinished; Replace asks each unfinished workflow to
// terminate (spec.shutdown: Terminate, as `argo terminate` does) and creates
// the new one at once, without waiting for the old ones to end: the
// schedule is kept, and the old workflows end through the workflow
// controller's own shutdown handling, exit handlers not run.
//
// # Workflows
//
// The workflow of the run scheduled at t is named "<cron>-<unix seconds of
// t>", so that creating it twice fails with AlreadyExists, labelled
// LabelCronWorkflow, annotated AnnotationScheduledTime and controlled by the
// CronWorkflow.
//
// # Counting
//
// status.succeeded and status.failed count each finished workflow once,
// across controller restarts, without marking workflows: a workflow is
// counted in the status write that takes it out of status.active, or, if
// that status never listed it (it was created by a sync whose status write
// was lost), in the write that first sees it, which also moves
// status.lastScheduledTime up to its scheduled time. A workflow whose
// scheduled time is at or before lastScheduledTime and that is not in
// status.active has been counted already. History limits delete only
// workflows counted in the status the same decision writes.
package cron
