package validation_test

import "testing"

// leafSpec is a workflow whose entrypoint is a container template with the
// given extra fields.
func leafSpec(fields string) string {
	return `
entrypoint: main
templates:
- name: main
  container: {image: alpine}
` + fields
}

// TestSettings covers durations, limits, retry strategies and enumerations
// of the spec and its templates.
func TestSettings(t *testing.T) {
	runWorkflowCases(t, []specCase{
		{"valid durations", `
entrypoint: main
podGC: {strategy: OnPodSuccess, deleteDelayDuration: 30s}
volumeClaimGC: {strategy: OnWorkflowSuccess}
ttlStrategy: {secondsAfterCompletion: 10}
parallelism: 2
activeDeadlineSeconds: 600
shutdown: Stop
templates:
- name: main
  steps:
  - - {name: wait, template: wait, arguments: {parameters: [{name: d, value: "10"}]}}
    - {name: pause, template: pause}
- name: wait
  inputs: {parameters: [{name: d}]}
  suspend: {duration: "{{inputs.parameters.d}}"}
- name: pause
  suspend: {duration: "30"}
  memoize: {key: k, maxAge: 1h, cache: {configMap: {name: cache}}}
`, nil},
		{"suspend duration that does not parse", `
entrypoint: main
templates:
- name: main
  suspend: {duration: 5 minutes}
`, []wantError{{"spec.templates[0].suspend.duration", invalid, `is not a duration: write a Go duration such as "30s"`}}},
		{"timeout that does not parse", leafSpec(`  timeout: soon`),
			[]wantError{{"spec.templates[0].timeout", invalid, "is not a duration"}}},
		{"negative timeout", leafSpec(`  timeout: "-5s"`),
			[]wantError{{"spec.templates[0].timeout", invalid, "must not be negative"}}},
		{"timeout on a steps template", `
entrypoint: main
templates:
- name: main
  timeout: 1m
  steps:
  - - {name: a, template: echo}
- name: echo
  container: {image: alpine}
`, []wantError{{"spec.templates[0].timeout", forbidden, "only templates that do work themselves take a timeout"}}},
		{"activeDeadlineSeconds on a steps template", `
entrypoint: main
templates:
- name: main
  activeDeadlineSeconds: 10
  steps:
  - - {name: a, template: echo}
- name: echo
  container: {image: alpine}
`, []wantError{{"spec.templates[0].activeDeadlineSeconds", forbidden, "only templates that do work themselves"}}},
		{"negative template activeDeadlineSeconds", leafSpec(`  activeDeadlineSeconds: "-3"`),
			[]wantError{{"spec.templates[0].activeDeadlineSeconds", invalid, "must be at least 0"}}},
		{"parallelism on a container template", leafSpec(`  parallelism: 2`),
			[]wantError{{"spec.templates[0].parallelism", forbidden, "parallelism bounds the children of a steps or DAG template"}}},
		{"negative retry limit", leafSpec(`  retryStrategy: {limit: -1}`),
			[]wantError{{"spec.templates[0].retryStrategy.limit", invalid, "must be at least 0"}}},
		{"retry limit that is not a number", leafSpec(`  retryStrategy: {limit: many}`),
			[]wantError{{"spec.templates[0].retryStrategy.limit", invalid, "must be an integer or a {{...}} reference"}}},
		{"unknown retry policy", leafSpec(`  retryStrategy: {retryPolicy: Sometimes}`),
			[]wantError{{"spec.templates[0].retryStrategy.retryPolicy", notSupported, `"Always", "OnFailure", "OnError", "OnTransientError"`}}},
		{"negative backoff factor", leafSpec(`  retryStrategy: {backoff: {factor: -2}}`),
			[]wantError{{"spec.templates[0].retryStrategy.backoff.factor", invalid, "must be at least 0"}}},
		{"backoff durations that do not parse", leafSpec(`  retryStrategy: {backoff: {duration: 1x, maxDuration: "-5s", cap: "10"}}`),
			[]wantError{
				{"spec.templates[0].retryStrategy.backoff.duration", invalid, "is not a duration"},
				{"spec.templates[0].retryStrategy.backoff.maxDuration", invalid, "must not be negative"},
			}},
		{"workflow retry strategy with an unknown policy", `
entrypoint: main
retryStrategy: {retryPolicy: Never}
templates:
- name: main
  container: {image: alpine}
`, []wantError{{"spec.retryStrategy.retryPolicy", notSupported, "OnTransientError"}}},
		{"memoize maxAge that does not parse and no cache", leafSpec(`  memoize: {key: k, maxAge: forever}`),
			[]wantError{
				{"spec.templates[0].memoize.maxAge", invalid, "is not a duration"},
				{"spec.templates[0].memoize.cache.configMap", required, "name the ConfigMap"},
			}},
		{"unknown podGC strategy", `
entrypoint: main
podGC: {strategy: Never, deleteDelayDuration: later}
templates:
- name: main
  container: {image: alpine}
`, []wantError{
			{"spec.podGC.strategy", notSupported, `"OnPodCompletion", "OnPodSuccess", "OnWorkflowCompletion", "OnWorkflowSuccess"`},
			{"spec.podGC.deleteDelayDuration", invalid, "is not a duration"},
		}},
		{"unknown volumeClaimGC strategy", `
entrypoint: main
volumeClaimGC: {strategy: OnPodCompletion}
templates:
- name: main
  container: {image: alpine}
`, []wantError{{"spec.volumeClaimGC.strategy", notSupported, `"OnWorkflowCompletion", "OnWorkflowSuccess"`}}},
		{"unknown shutdown strategy", `
entrypoint: main
shutdown: Kill
templates:
- name: main
  container: {image: alpine}
`, []wantError{{"spec.shutdown", notSupported, `"Terminate", "Stop"`}}},
		{"zero parallelism", `
entrypoint: main
parallelism: 0
templates:
- name: main
  container: {image: alpine}
`, []wantError{{"spec.parallelism", invalid, "must be at least 1"}}},
		{"negative activeDeadlineSeconds", `
entrypoint: main
activeDeadlineSeconds: -1
templates:
- name: main
  container: {image: alpine}
`, []wantError{{"spec.activeDeadlineSeconds", invalid, "must be at least 0"}}},
		{"negative TTL", `
entrypoint: main
ttlStrategy: {secondsAfterCompletion: -1, secondsAfterFailure: -2}
templates:
- name: main
  container: {image: alpine}
`, []wantError{
			{"spec.ttlStrategy.secondsAfterCompletion", invalid, "must be at least 0"},
			{"spec.ttlStrategy.secondsAfterFailure", invalid, "must be at least 0"},
		}},
		{"mutex without name", `
entrypoint: main
synchronization: {mutexes: [{namespace: default}]}
templates:
- name: main
  container: {image: alpine}
`, []wantError{{"spec.synchronization.mutexes[0].name", required, "name the mutex"}}},
		{"labelsFrom without expression", `
entrypoint: main
workflowMetadata: {labelsFrom: {team: {expression: ""}}}
templates:
- name: main
  container: {image: alpine}
`, []wantError{{"spec.workflowMetadata.labelsFrom[team].expression", required, "give the expression"}}},
	})
}
