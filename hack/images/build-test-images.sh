#!/usr/bin/env bash
# Builds the local cluster's images without docker and pushes them to the
# local registry: weft.localhost/pause:3.10 (the pod sandbox) and the four
# test images busybox:1.35, debian:12, debian:12-slim and python3:3.11, each
# with a different /etc/os-release; then stand-ins for the Docker Hub images
# Argo's examples name (docker.io/library/busybox, argoproj/argosay:v2, ...)
# and containerd's mirror of docker.io to the local registry. Each
# hack/images/NAME/Dockerfile is the docker equivalent. Needs the registry on ${REGISTRY} (hack/local-up.sh starts
# it and runs this script); built images are cached under /var/cache/weft/images.
set -o errexit -o nounset -o pipefail

WEFT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=hack/lib/common.sh
source "${WEFT_ROOT}/hack/lib/common.sh"
# shellcheck source=hack/lib/registry.sh
source "${WEFT_ROOT}/hack/lib/registry.sh"
# shellcheck source=hack/lib/images.sh
source "${WEFT_ROOT}/hack/lib/images.sh"
# shellcheck source=hack/lib/containerd.sh
source "${WEFT_ROOT}/hack/lib/containerd.sh"

require_root
[[ -x ${CRANE} ]] || die "crane missing at ${CRANE}: run hack/local-up.sh (it builds it)"
curl -sf -o /dev/null "http://${REGISTRY}/v2/" || die "no registry on ${REGISTRY}: run hack/local-up.sh"

mkdir -p "${LOG_DIR}"
publish_pause_image
publish_test_images
publish_hub_images
write_registry_hosts
