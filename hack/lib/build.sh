#!/usr/bin/env bash
# Builds Kubernetes, etcd and crane from source with the tools modules in
# hack/tools/k8s, caching the binaries by version under ${WEFT_CACHE_DIR}/bin
# so only the first run pays for the build (about 7 minutes on 2 cores).

K8S_COMMANDS=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)

# all_present DIR NAME...: true when every binary is already in the cache.
all_present() {
  local dir=$1 name; shift
  for name in "$@"; do
    [[ -x "${dir}/${name}" ]] || return 1
  done
}

# go_build_into CACHE_DIR MODULE_DIR LDFLAGS PACKAGE...: builds into a temporary
# directory and renames it into place, so an interrupted build never leaves a
# half-filled cache that a later run would trust.
go_build_into() {
  local dest=$1 module=$2 ldflags=$3; shift 3
  local tmp="${dest}.tmp.$$"
  rm -rf "${tmp}"
  mkdir -p "${tmp}"
  # CGO_ENABLED=0: the official release binaries, kubelet included, are
  # static; nothing here needs cgo. -trimpath keeps build paths out of them.
  CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" \
    go build -C "${module}" -trimpath -ldflags "${ldflags}" -o "${tmp}/" "$@"
  rm -rf "${dest}"
  mv "${tmp}" "${dest}"
}

k8s_version_ldflags() {
  local major minor build_date
  major=${K8S_VERSION#v}; major=${major%%.*}
  minor=${K8S_VERSION#v*.}; minor=${minor%%.*}
  build_date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  local pkg flags="-s -w"
  # kubectl reports its client version from client-go, the servers from
  # component-base: both get the release's identity.
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X ${pkg}.gitVersion=${K8S_VERSION} -X ${pkg}.gitMajor=${major}"
    flags+=" -X ${pkg}.gitMinor=${minor} -X ${pkg}.gitTreeState=clean"
    flags+=" -X ${pkg}.buildDate=${build_date}"
  done
  printf '%s' "${flags}"
}

build_kubernetes() {
  if all_present "${K8S_BIN_DIR}" "${K8S_COMMANDS[@]}"; then
    log "kubernetes ${K8S_VERSION}: cached in ${K8S_BIN_DIR}"
    return
  fi
  log "kubernetes ${K8S_VERSION}: building ${K8S_COMMANDS[*]} from source (about 7 minutes on 2 cores)"
  timer_start "kubernetes build"
  local pkgs=() c
  for c in "${K8S_COMMANDS[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/${c}"); done
  go_build_into "${K8S_BIN_DIR}" "${WEFT_ROOT}/hack/tools/k8s" "$(k8s_version_ldflags)" "${pkgs[@]}"
  timer_end "kubernetes build"
}

build_etcd() {
  if all_present "${ETCD_BIN_DIR}" etcd; then
    log "etcd ${ETCD_VERSION}: cached in ${ETCD_BIN_DIR}"
    return
  fi
  log "etcd ${ETCD_VERSION}: building from source"
  timer_start "etcd build"
  # The module's main package is go.etcd.io/etcd/server/v3 itself; -o DIR/
  # would name the binary "v3", so build to an explicit file name.
  local tmp="${ETCD_BIN_DIR}.tmp.$$"
  rm -rf "${tmp}"; mkdir -p "${tmp}"
  CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" \
    go build -C "${WEFT_ROOT}/hack/tools/k8s" -trimpath -ldflags "-s -w" \
    -o "${tmp}/etcd" go.etcd.io/etcd/server/v3
  rm -rf "${ETCD_BIN_DIR}"; mv "${tmp}" "${ETCD_BIN_DIR}"
  timer_end "etcd build"
}

build_crane() {
  if all_present "${CRANE_BIN_DIR}" crane; then
    log "crane ${CRANE_VERSION}: cached in ${CRANE_BIN_DIR}"
    return
  fi
  log "crane ${CRANE_VERSION}: building from source"
  timer_start "crane build"
  go_build_into "${CRANE_BIN_DIR}" "${WEFT_ROOT}/hack/tools/k8s/crane" "-s -w" \
    github.com/google/go-containerregistry/cmd/crane
  timer_end "crane build"
}

# CoreDNS with a handful of plugins (hack/tools/k8s/coredns/main.go): about
# a minute, against several for the full CoreDNS with every cloud SDK.
build_coredns() {
  if all_present "${COREDNS_BIN_DIR}" coredns; then
    log "coredns ${COREDNS_VERSION}: cached in ${COREDNS_BIN_DIR}"
    return
  fi
  log "coredns ${COREDNS_VERSION}: building from source"
  timer_start "coredns build"
  go_build_into "${COREDNS_BIN_DIR}" "${WEFT_ROOT}/hack/tools/k8s/coredns" \
    "-s -w -X github.com/coredns/coredns/coremain.GitCommit=${COREDNS_VERSION}" .
  timer_end "coredns build"
}

# build_tools_async: crane, etcd and CoreDNS now (each well under two minutes,
# and crane is needed for images at once), then Kubernetes in the background:
# its several minutes overlap with certificates and debootstrap'ing the
# images. wait_kubernetes_build collects it.
K8S_BUILD_PID=""
build_tools_async() {
  command -v go >/dev/null || die "go is needed to build Kubernetes from source"
  build_crane
  build_etcd
  build_coredns
  build_seaweedfs_async
  if ! all_present "${K8S_BIN_DIR}" "${K8S_COMMANDS[@]}"; then
    build_kubernetes &
    K8S_BUILD_PID=$!
  else
    build_kubernetes
  fi
}

# On a failed `make up`, stop a Kubernetes build still running in the
# background (go build cancels its compilers on SIGINT) instead of leaving it.
stop_kubernetes_build() {
  [[ -n ${K8S_BUILD_PID} ]] || return 0
  local child
  for child in $(pgrep -P "${K8S_BUILD_PID}" || true); do
    kill -INT "${child}" 2>/dev/null || true
  done
  kill "${K8S_BUILD_PID}" 2>/dev/null || true
}

wait_kubernetes_build() {
  [[ -n ${K8S_BUILD_PID} ]] || return 0
  if ! wait "${K8S_BUILD_PID}"; then
    die "building Kubernetes failed (see the go output above)"
  fi
  K8S_BUILD_PID=""
}
