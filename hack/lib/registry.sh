#!/usr/bin/env bash
# The local OCI registry (crane registry serve on ${REGISTRY}) that containerd
# pulls ${IMAGE_HOST}/NAME:TAG images from. The process itself is managed like
# every component (components.sh); these helpers move images into it.

# registry_has REPO:TAG: the registry already serves this tag.
registry_has() {
  "${CRANE}" digest --insecure "${REGISTRY}/$1" >/dev/null 2>&1
}

# push_layout LAYOUT_DIR REPO:TAG: pushes a cached OCI image layout.
push_layout() {
  "${CRANE}" push --insecure "$1" "${REGISTRY}/$2" >/dev/null
}

# pull_layout REPO:TAG LAYOUT_DIR: saves an image from the registry as an OCI
# layout, the form the build cache keeps.
pull_layout() {
  rm -rf "$2"
  "${CRANE}" pull --insecure --format oci "${REGISTRY}/$1" "$2"
}
