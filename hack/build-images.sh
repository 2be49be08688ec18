#!/usr/bin/env bash
# Builds Weft's images without docker: each is one static Go binary on an empty
# base (weft-ui's is the weft CLI, which serves weft ui), pushed with crane to
# ${REGISTRY} (the local registry of make up).
# Prints one line per image: NAME=weft.localhost/NAME@sha256:DIGEST, the
# reference pods use (containerd resolves weft.localhost through the registry).
#
#   REGISTRY=127.0.0.1:5000 CRANE=/path/to/crane hack/build-images.sh weft-apiserver ...
set -o errexit -o nounset -o pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REGISTRY="${REGISTRY:-127.0.0.1:5000}"
CRANE="${CRANE:-crane}"
IMAGE_HOST="weft.localhost"

# command_dir maps an image name to the command it packs.
command_dir() {
  case "$1" in
    weft-apiserver) echo ./cmd/apiserver ;;
    weft-controller) echo ./cmd/controller ;;
    weft-executor) echo ./cmd/executor ;;
    weft-ui) echo ./cmd/weft ;;
    *) echo "unknown image $1" >&2; return 1 ;;
  esac
}

# binary_name is the name of an image's binary in /usr/local/bin, its
# entrypoint: the image's own name, but weft-ui packs the weft CLI, which
# keeps its name (its pod runs `weft ui --auth token ...`).
binary_name() {
  case "$1" in
    weft-ui) echo weft ;;
    *) echo "$1" ;;
  esac
}

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
tag="$(git -C "${ROOT}" rev-parse --short HEAD 2>/dev/null || echo dev)"

for name in "$@"; do
  dir="$(command_dir "${name}")"
  binary="$(binary_name "${name}")"
  rootfs="${work}/${name}"
  mkdir -p "${rootfs}/usr/local/bin" "${rootfs}/tmp"
  (cd "${ROOT}" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "${rootfs}/usr/local/bin/${binary}" "${dir}")
  # Fixed order, owners and times: the same source gives the same digest,
  # so a second make up rolls no pod.
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "${rootfs}" -cf "${work}/${name}.tar" .
  ref="${REGISTRY}/${name}:${tag}"
  "${CRANE}" append --platform linux/amd64 -f "${work}/${name}.tar" -t "${ref}" >/dev/null
  "${CRANE}" mutate "${ref}" --entrypoint "/usr/local/bin/${binary}" --user 65532:65532 \
    --env PATH=/usr/local/bin -t "${ref}" >/dev/null
  digest="$("${CRANE}" digest "${ref}")"
  echo "${name}=${IMAGE_HOST}/${name}@${digest}"
done
