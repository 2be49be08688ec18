package commands

import "k8s.io/client-go/kubernetes"

// Kube is a client of the Kubernetes API, for the pods of workflows.
func (e *Env) Kube() (kubernetes.Interface, error) {
	if e.kube != nil {
		return e.kube, nil
	}
	cfg, err := e.restConfig()
	if err != nil {
		return nil, err
	}
	return kubernetes.NewForConfig(cfg)
}
