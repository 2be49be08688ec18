#!/usr/bin/env bash
# Shared settings and helpers for hack/local-up.sh and hack/local-down.sh.
# Sourced, never run. Every other hack/lib/*.sh relies on these names.

# Versions: bump here, the build cache is keyed by them.
K8S_VERSION="${K8S_VERSION:-v1.37.2}"
ETCD_VERSION="${ETCD_VERSION:-v3.7.0}"
CRANE_VERSION="${CRANE_VERSION:-v0.22.1}"
COREDNS_VERSION="${COREDNS_VERSION:-v1.15.0}"

# Where things live. State is outside the repository so a clone stays clean;
# the build cache survives `make down`, the state directory does not.
WEFT_CACHE_DIR="${WEFT_CACHE_DIR:-/var/cache/weft}"
WEFT_LOCAL_DIR="${WEFT_LOCAL_DIR:-/var/lib/weft-local}"
K8S_BIN_DIR="${WEFT_CACHE_DIR}/bin/k8s-${K8S_VERSION}"
ETCD_BIN_DIR="${WEFT_CACHE_DIR}/bin/etcd-${ETCD_VERSION}"
CRANE_BIN_DIR="${WEFT_CACHE_DIR}/bin/crane-${CRANE_VERSION}"
COREDNS_BIN_DIR="${WEFT_CACHE_DIR}/bin/coredns-${COREDNS_VERSION}"
KUBECTL="${K8S_BIN_DIR}/kubectl"
CRANE="${CRANE_BIN_DIR}/crane"

PKI_DIR="${WEFT_LOCAL_DIR}/pki"
LOG_DIR="${WEFT_LOCAL_DIR}/logs"
RUN_DIR="${WEFT_LOCAL_DIR}/run"
ADMIN_KUBECONFIG="${WEFT_LOCAL_DIR}/kubeconfig"

# Network layout. The node's address is the CNI bridge's own address: kubelet
# refuses a loopback node IP and kube-apiserver a loopback advertise address.
NODE_NAME="${NODE_NAME:-weft-node}"
NODE_IP="10.88.0.1"
POD_CIDR="10.88.0.0/16"
BRIDGE_NAME="cni0"
SERVICE_CIDR="10.0.0.0/24"
KUBERNETES_SERVICE_IP="10.0.0.1"
APISERVER_URL="https://${NODE_IP}:6443"
ETCD_CLIENT_URL="http://127.0.0.1:2379"
ETCD_PEER_URL="http://127.0.0.1:2380"
REGISTRY="127.0.0.1:5000"
# Image names pods use. containerd maps this host to ${REGISTRY} through
# /etc/containerd/certs.d/weft.localhost/hosts.toml; the name is never dialed.
IMAGE_HOST="weft.localhost"
CONTAINERD_SOCKET="/run/containerd/containerd.sock"

log() { printf '%s [weft-local] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
warn() { printf '%s [weft-local] WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '%s [weft-local] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

# timer_start NAME / timer_end NAME: report how long a long step took.
declare -A WEFT_TIMERS=()
timer_start() { WEFT_TIMERS[$1]=$(date +%s); }
timer_end() {
  local started=${WEFT_TIMERS[$1]:-$(date +%s)}
  log "$1 done in $(( $(date +%s) - started ))s"
}

# wait_for TIMEOUT_SECONDS COMMAND...: poll until COMMAND succeeds.
wait_for() {
  local timeout=$1; shift
  local deadline=$(( $(date +%s) + timeout ))
  until "$@" >/dev/null 2>&1; do
    if (( $(date +%s) >= deadline )); then
      return 1
    fi
    sleep 0.5
  done
}

# unmount_under DIR: unmounts everything mounted at or below DIR, deepest
# first (pod volumes, overlay snapshots, debootstrap's /proc in a rootfs),
# so the directory can be packed or removed.
unmount_under() {
  local dir mnt
  dir=$(realpath -m "$1")
  for mnt in $(awk -v d="${dir}" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/mounts | sort -r); do
    umount "${mnt}" 2>/dev/null || umount -l "${mnt}" 2>/dev/null || true
  done
}

kubectl_admin() { "${KUBECTL}" --kubeconfig "${ADMIN_KUBECONFIG}" "$@"; }

require_root() {
  [[ ${EUID} -eq 0 ]] || die "run as root: the local cluster runs containerd, kubelet and iptables"
}
