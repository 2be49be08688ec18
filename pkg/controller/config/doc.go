// Package config is weft-controller's configuration file: the settings a
// cluster operator gives once for every workflow, in the keys Argo's
// workflow-controller-configmap uses (artifactRepository, images), so an Argo
// configuration carries over, and Weft's own registryMirrors. The file is YAML or JSON; the deployment in
// artifacts/ mounts it from the ConfigMap weft-controller-config.
package config
