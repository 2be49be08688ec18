// Package resource is the pure logic of resource templates: it reads a
// template's manifest into the object to act on, labels it with its workflow
// and node, makes the workflow its owner when asked, chooses the patch type,
// evaluates successCondition and failureCondition over the object, and reads
// output parameters from it. The controller does the Kubernetes I/O, with the
// rights of the workflow's creator.
package resource
