// Package imageconfig reads the ENTRYPOINT and CMD of container images, for
// templates that give no command: Weft's executor runs a pod's command
// itself, so the controller must know what the image would have run.
//
// A Resolver answers from, in order: the images: key of weft-controller's
// configuration, its cache (by image digest, and by reference for a while),
// and the image's registry, read in the background with the credentials of
// the pod's imagePullSecrets and its service account's. Lookups never wait
// on a registry: an image not known yet is read asynchronously and the
// caller is told when the read ended.
package imageconfig
