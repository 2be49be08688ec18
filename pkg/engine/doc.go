// Package engine decides how a Weft workflow runs, with Argo Workflows'
// semantics, as pure logic: Reconcile takes a workflow, the pods observed for
// it and the time, and returns the workflow's next status with the pods to
// create. It does no Kubernetes I/O, reads no clock and draws no
// random numbers, so the same inputs always give the same decision.
//
// # Nodes
//
// The status holds Argo's node tree. The root node's ID and name are the
// workflow's name; every other node's ID is "<workflow>-<fnv32a(name)>" in
// decimal. A steps template makes a Steps node whose step groups are
// StepGroup nodes named "<steps>[i]" (display name "[i]"), whose steps are
// named "<steps>[i].<step>"; a DAG template makes a DAG node whose tasks are
// named "<dag>.<task>". Loops expand a step or task into
// "<name>(<index>:<item>)" nodes, under a TaskGroup node in DAGs. A false
// `when` makes a Skipped node; a DAG task whose `depends` cannot hold any
// more is Omitted. Steps and DAG tasks link like Argo's: a node's children
// are what runs after it, and Steps and DAG nodes list their outboundNodes.
//
// # Pods
//
// Container and script templates run as pods named
// "<workflow>-<template>-<fnv32a(node name)>" (the prefix cut so the name
// fits in 63 characters); the entrypoint's own pod is named like the
// workflow. Reconcile asks for a node's pod once, in the decision that
// creates the node, and never again for a pod it observes: the controller
// creates every pod of a decision (treating AlreadyExists as success) before
// it writes the status, and reports a pod that vanished before it finished
// with Deleted set.
//
// # Lifecycle
//
// A template with a retryStrategy (its own or spec.retryStrategy) runs as a
// Retry node whose children are its attempts, "<name>(i)". The workflow's
// exit handler runs as "<workflow>.onExit" once the entrypoint ended; step
// and task hooks run as "<node>.hooks.<name>" (or "<node>.onExit") children
// of their node, and their template waits for them. spec.shutdown and an
// exceeded spec.activeDeadlineSeconds stop the workflow: Terminate kills its
// pods and skips the exit handler, Stop lets running pods finish. Pods that
// run on although nothing needs them (killed nodes, daemons whose scope
// ended, pods of a finished workflow) are deleted on every Reconcile, and
// podGC, ttlStrategy and volumeClaimGC say what goes once it finished.
//
// # Not yet
//
// containerSet, http, data and plugin templates are not run; a template of
// those types fails its node with a message that names it.
package engine
