package validation_test

import (
	"testing"

	"github.com/weft-dev/weft/pkg/apis/weft/validation"
)

// TestValidWorkflows checks that well-known Argo examples pass unchanged.
func TestValidWorkflows(t *testing.T) {
	cases := map[string]string{
		"loops-maps": `
apiVersion: weft.dev/v1alpha1
kind: Workflow
metadata:
  generateName: loops-maps-
  namespace: default
spec:
  entrypoint: loop-map-example
  templates:
  - name: loop-map-example
    steps:
    - - name: test-linux
        template: cat-os-release
        arguments:
          parameters:
          - name: image
            value: "{{item.image}}"
          - name: tag
            value: "{{item.tag}}"
        withItems:
        - { image: 'debian', tag: '9.1' }
        - { image: 'debian', tag: '8.9' }
        - { image: 'alpine', tag: '3.6' }
        - { image: 'ubuntu', tag: '17.10' }
  - name: cat-os-release
    inputs:
      parameters:
      - name: image
      - name: tag
    container:
      image: "{{inputs.parameters.image}}:{{inputs.parameters.tag}}"
      command: [cat]
      args: [/etc/os-release]
`,
		"dag-diamond": `
apiVersion: weft.dev/v1alpha1
kind: Workflow
metadata:
  generateName: dag-diamond-
  namespace: default
spec:
  entrypoint: diamond
  templates:
  - name: diamond
    dag:
      tasks:
      - name: A
        template: echo
        arguments:
          parameters: [{name: message, value: A}]
      - name: B
        depends: "A"
        template: echo
        arguments:
          parameters: [{name: message, value: B}]
      - name: C
        depends: "A.Succeeded"
        template: echo
        arguments:
          parameters: [{name: message, value: "{{tasks.A.status}}"}]
      - name: D
        depends: "B && C"
        template: echo
        arguments:
          parameters: [{name: message, value: "{{tasks.A.outputs.result}} {{tasks.B.status}}"}]
  - name: echo
    inputs:
      parameters:
      - name: message
    container:
      image: alpine:3.7
      command: [echo, "{{inputs.parameters.message}}"]
`,
		"output-result": `
metadata:
  name: output-result
  namespace: default
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: generate
        template: gen-random-int
    - - name: print
        template: print-message
        arguments:
          parameters:
          - name: message
            value: "{{steps.generate.outputs.result}}"
  - name: gen-random-int
    script:
      image: python:alpine3.6
      command: [python]
      source: |
        import random
        i = random.randint(1, 100)
        print(i)
  - name: print-message
    inputs:
      parameters:
      - name: message
    container:
      image: alpine:latest
      command: [sh, -c]
      args: ["echo result was: {{inputs.parameters.message}}"]
`,
		"coinflip": `
metadata:
  generateName: coinflip-
  namespace: default
spec:
  entrypoint: coinflip
  templates:
  - name: coinflip
    steps:
    - - name: flip-coin
        template: flip-coin
    - - name: heads
        template: heads
        when: "{{steps.flip-coin.outputs.result}} == heads"
      - name: tails
        template: tails
        when: "{{steps.flip-coin.outputs.result}} == tails"
  - name: flip-coin
    script:
      image: python:alpine3.6
      command: [python]
      source: |
        import random
        result = "heads" if random.randint(0,1) == 0 else "tails"
        print(result)
  - name: heads
    container:
      image: alpine:3.6
      command: [sh, -c]
      args: ["echo \"it was heads\""]
  - name: tails
    container:
      image: alpine:3.6
      command: [sh, -c]
      args: ["echo \"it was tails\""]
`,
		"arguments-exit-handler-and-loops": `
metadata:
  name: everything
  namespace: default
spec:
  entrypoint: main
  onExit: exit-handler
  arguments:
    parameters:
    - name: message
      value: hello
    - name: color
      value: red
      enum: [red, green]
  templates:
  - name: main
    inputs:
      parameters:
      - name: message
    steps:
    - - name: gen
        template: gen-list
    - - name: fan-out
        template: print
        withParam: "{{steps.gen.outputs.result}}"
        arguments:
          parameters:
          - name: msg
            value: "{{item}} {{inputs.parameters.message}} {{workflow.parameters.color}}"
      - name: count
        template: print
        withSequence:
          count: "5"
        arguments:
          parameters:
          - name: msg
            value: "{{=asInt(item) * 2}}"
    outputs:
      parameters:
      - name: last
        valueFrom:
          parameter: "{{steps.gen.outputs.result}}"
  - name: gen-list
    script:
      image: python:3
      command: [python]
      source: "import json; print(json.dumps([1, 2, 3]))"
  - name: print
    retryStrategy:
      limit: "3"
      retryPolicy: OnFailure
      backoff:
        duration: "10"
        factor: 2
        maxDuration: 2m
    timeout: 1m
    inputs:
      parameters:
      - name: msg
    container:
      image: alpine
      command: [echo, "{{inputs.parameters.msg}} on {{pod.name}} try {{retries}}"]
    outputs:
      parameters:
      - name: out
        valueFrom:
          path: /tmp/out
      artifacts:
      - name: log
        path: /tmp/log
  - name: exit-handler
    container:
      image: alpine
      command: [echo, "{{workflow.name}} {{workflow.status}} {{workflow.failures}} {{workflow.creationTimestamp.Y}} {{workflow.labels.app.kubernetes.io/name}}"]
`,
	}
	for name, doc := range cases {
		t.Run(name, func(t *testing.T) {
			expectErrors(t, validation.ValidateWorkflow(workflowDoc(t, doc)))
		})
	}
}
