#!/usr/bin/env bash
# `make up`: a real single-node Kubernetes on this machine, with Weft deployed.
#
# Builds Kubernetes v1.37.2, etcd v3.7.0 and crane from source (cached under
# /var/cache/weft/bin), makes certificates, the cni0 bridge, a local image
# registry with locally built images, starts etcd, the control plane,
# containerd, kubelet and kube-proxy as plain processes (state, logs and pids
# under /var/lib/weft-local), checks a pod runs, then runs hack/deploy-weft.sh.
#
# Idempotent: components already running are left alone, dead ones (after a
# reboot, say) are restarted; a second run takes seconds. Undo with
# hack/local-down.sh. Needs root, Debian 12 and Go.
set -o errexit -o nounset -o pipefail

WEFT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=hack/lib/common.sh
source "${WEFT_ROOT}/hack/lib/common.sh"
# shellcheck source=hack/lib/packages.sh
source "${WEFT_ROOT}/hack/lib/packages.sh"
# shellcheck source=hack/lib/build.sh
source "${WEFT_ROOT}/hack/lib/build.sh"
# shellcheck source=hack/lib/pki.sh
source "${WEFT_ROOT}/hack/lib/pki.sh"
# shellcheck source=hack/lib/network.sh
source "${WEFT_ROOT}/hack/lib/network.sh"
# shellcheck source=hack/lib/containerd.sh
source "${WEFT_ROOT}/hack/lib/containerd.sh"
# shellcheck source=hack/lib/components.sh
source "${WEFT_ROOT}/hack/lib/components.sh"
# shellcheck source=hack/lib/dns.sh
source "${WEFT_ROOT}/hack/lib/dns.sh"
# shellcheck source=hack/lib/registry.sh
source "${WEFT_ROOT}/hack/lib/registry.sh"
# shellcheck source=hack/lib/images.sh
source "${WEFT_ROOT}/hack/lib/images.sh"
# shellcheck source=hack/lib/provisioner.sh
source "${WEFT_ROOT}/hack/lib/provisioner.sh"
# shellcheck source=hack/lib/cluster.sh
source "${WEFT_ROOT}/hack/lib/cluster.sh"
# shellcheck source=hack/lib/artifact-store.sh
source "${WEFT_ROOT}/hack/lib/artifact-store.sh"
# shellcheck source=hack/lib/fixtures.sh
source "${WEFT_ROOT}/hack/lib/fixtures.sh"

main() {
  require_root
  trap "stop_kubernetes_build; stop_seaweedfs_build" EXIT
  timer_start "make up"
  log "local cluster: state in ${WEFT_LOCAL_DIR}, build cache in ${WEFT_CACHE_DIR}"

  install_packages
  build_tools_async

  mkdir -p "${WEFT_LOCAL_DIR}" "${LOG_DIR}" "${RUN_DIR}"
  create_pki
  setup_network

  # The registry first: kubelet's first pod needs the pause image from it.
  ensure_component registry
  "${WEFT_ROOT}/hack/images/build-test-images.sh"
  wait_kubernetes_build

  ensure_component etcd
  ensure_component kube-apiserver 90
  ensure_component kube-controller-manager
  ensure_component kube-scheduler
  ensure_component coredns
  ensure_component containerd
  ensure_component kubelet
  ensure_component kube-proxy
  link_kubectl

  wait_node_ready
  smoke_test_pod
  log "cluster ready in $(( $(date +%s) - WEFT_TIMERS["make up"] ))s"
  deploy_weft
  # After Weft: its etcd claim binds to its own volume before a default class exists.
  deploy_local_path_provisioner
  # Last, so a cold build of weed overlaps with the cluster start.
  ensure_artifact_store
  ensure_fixtures
  apply_quick_start_kit default

  timer_end "make up"
  log "logs: ${LOG_DIR}/*.log; stop everything with hack/local-down.sh (make down)"
  echo "export KUBECONFIG=${ADMIN_KUBECONFIG}"
}

main "$@"
