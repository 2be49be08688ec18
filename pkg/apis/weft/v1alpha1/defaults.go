package v1alpha1

import (
	"k8s.io/apimachinery/pkg/runtime"
)

// Default history limits of a CronWorkflow, as Kubernetes CronJobs have them.
const (
	DefaultSuccessfulJobsHistoryLimit int32 = 3
	DefaultFailedJobsHistoryLimit     int32 = 1
)

func addDefaultingFuncs(scheme *runtime.Scheme) error {
	return RegisterDefaults(scheme)
}

// SetDefaults_CronWorkflowSpec fills in the concurrency policy and history
// limits a CronWorkflow leaves empty, so that reads show what the controller does.
func SetDefaults_CronWorkflowSpec(spec *CronWorkflowSpec) {
	if spec.ConcurrencyPolicy == "" {
		spec.ConcurrencyPolicy = AllowConcurrent
	}
	if spec.SuccessfulJobsHistoryLimit == nil {
		limit := DefaultSuccessfulJobsHistoryLimit
		spec.SuccessfulJobsHistoryLimit = &limit
	}
	if spec.FailedJobsHistoryLimit == nil {
		limit := DefaultFailedJobsHistoryLimit
		spec.FailedJobsHistoryLimit = &limit
	}
}
