#!/usr/bin/env bash
# `make down`: stops everything hack/local-up.sh started and leaves the machine
# as it was: no processes, mounts, cni0 bridge, KUBE-*/CNI-* iptables chains,
# kernel settings back to their old values, /var/lib/weft-local removed. The
# build cache (/var/cache/weft: binaries, images) stays for the next `make up`.
set -o errexit -o nounset -o pipefail

WEFT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=hack/lib/common.sh
source "${WEFT_ROOT}/hack/lib/common.sh"
# shellcheck source=hack/lib/network.sh
source "${WEFT_ROOT}/hack/lib/network.sh"
# shellcheck source=hack/lib/containerd.sh
source "${WEFT_ROOT}/hack/lib/containerd.sh"
# shellcheck source=hack/lib/components.sh
source "${WEFT_ROOT}/hack/lib/components.sh"
# shellcheck source=hack/lib/dns.sh
source "${WEFT_ROOT}/hack/lib/dns.sh"
# shellcheck source=hack/lib/cluster.sh
source "${WEFT_ROOT}/hack/lib/cluster.sh"
# shellcheck source=hack/lib/artifact-store.sh
source "${WEFT_ROOT}/hack/lib/artifact-store.sh"
# shellcheck source=hack/lib/fixtures.sh
source "${WEFT_ROOT}/hack/lib/fixtures.sh"

# Directories kubelet and containerd fill outside ${WEFT_LOCAL_DIR}.
NODE_DIRS=("${KUBELET_ROOT_DIR}" /var/log/pods /var/log/containers "${CONTAINERD_STATE_DIR}")

# kubelet makes pod cgroups under kubepods in every hierarchy; they are empty
# once the containers are gone and rmdir removes them deepest first.
remove_pod_cgroups() {
  local top
  for top in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods; do
    [[ -d ${top} ]] || continue
    find "${top}" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
}

# Network namespaces containerd made for pod sandboxes (/run/netns/cni-*).
remove_pod_netns() {
  local ns
  for ns in /run/netns/cni-*; do
    [[ -e ${ns} ]] || continue
    umount "${ns}" 2>/dev/null || true
    rm -f "${ns}"
  done
}

main() {
  require_root
  timer_start "make down"
  # kubelet first, so it does not restart the containers we stop next.
  stop_component kubelet
  stop_all_containers
  stop_component kube-proxy
  stop_component coredns
  stop_component kube-scheduler
  stop_component kube-controller-manager
  stop_component kube-apiserver
  stop_component etcd
  stop_component containerd
  stop_component registry
  close_registry_to_pods
  stop_artifact_store
  stop_fixtures
  kill_leftover_shims

  log "unmounting and removing node state"
  local dir
  for dir in "${NODE_DIRS[@]}" "${WEFT_LOCAL_DIR}"; do
    unmount_under "${dir}"
  done
  remove_pod_netns
  remove_pod_cgroups
  teardown_network
  remove_registry_hosts
  unlink_kubectl
  rm -rf "${NODE_DIRS[@]}" "${WEFT_LOCAL_DIR}"
  # Remove the CNI directories too if nothing but ours was in them.
  rmdir /var/lib/cni/networks /var/lib/cni /etc/cni/net.d /etc/cni 2>/dev/null || true
  timer_end "make down"
  log "local cluster removed; build cache kept in ${WEFT_CACHE_DIR}"
}

main "$@"
