// Package validation checks Weft's internal API objects: Workflows,
// WorkflowTemplates, ClusterWorkflowTemplates and CronWorkflows.
//
// It is pure: it reads only the objects it is given, so the API server's
// strategies, the controller and the CLI's offline lint share it. Every
// problem is reported as a field.Error whose Field is the exact path of the
// offending value, such as spec.templates[1].steps[0][0].template, and whose
// Detail says what is wrong and how to fix it.
package validation
