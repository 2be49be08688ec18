#!/usr/bin/env bash
# Cluster-level steps once every component runs: wait for the node, prove a
# real pod runs and its log is readable, hand over to Weft's deploy script.

# After a restart the Node object still says Ready from before; only a
# heartbeat from the kubelet started in this run counts then.
wait_node_ready() {
  local ready='{.status.conditions[?(@.type=="Ready")].status} {.status.conditions[?(@.type=="Ready")].lastHeartbeatTime}'
  node_ready() {
    local status heartbeat
    read -r status heartbeat <<<"$(kubectl_admin get node "${NODE_NAME}" -o jsonpath="${ready}" 2>/dev/null)"
    [[ ${status} == True && -n ${heartbeat} ]] || return 1
    [[ -z ${KUBELET_STARTED_AT:-} ]] || (( $(date -d "${heartbeat}" +%s) >= KUBELET_STARTED_AT ))
  }
  if node_ready; then
    log "node ${NODE_NAME}: Ready"
    return
  fi
  log "node ${NODE_NAME}: waiting for Ready"
  timer_start "node Ready"
  wait_for 120 node_ready || die "node ${NODE_NAME} not Ready after 120s; log: ${LOG_DIR}/kubelet.log"
  timer_end "node Ready"
}

# The controller-manager creates each namespace's "default" ServiceAccount a
# moment after start; pods are refused until it exists.
wait_default_service_account() {
  wait_for 60 kubectl_admin get serviceaccount default -n default ||
    die "no default ServiceAccount after 60s; log: ${LOG_DIR}/kube-controller-manager.log"
}

# smoke_test_pod: a busybox pod prints its /etc/os-release; we read it back
# with `kubectl logs`, which exercises scheduler, kubelet, containerd, the
# local registry, CNI and the apiserver-to-kubelet path at once.
smoke_test_pod() {
  local pod="weft-smoke-$$"
  wait_default_service_account
  timer_start "smoke-test pod"
  kubectl_admin apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: ${pod}
  namespace: default
  labels: {app.kubernetes.io/name: weft-local-smoke-test}
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 0
  containers:
  - name: smoke
    image: ${IMAGE_HOST}/busybox:1.35
    command: [cat, /etc/os-release]
YAML
  if ! kubectl_admin wait --for=jsonpath='{.status.phase}'=Succeeded "pod/${pod}" --timeout=120s >/dev/null; then
    kubectl_admin describe pod "${pod}" >&2 || true
    die "smoke-test pod did not complete; logs in ${LOG_DIR}"
  fi
  local output
  output=$(kubectl_admin logs "${pod}")
  kubectl_admin delete pod "${pod}" --wait=false >/dev/null
  grep -q '^ID=busybox' <<<"${output}" || die "smoke-test pod printed unexpected output: ${output}"
  log "smoke-test pod: Completed, kubectl logs reads: $(grep '^PRETTY_NAME' <<<"${output}")"
  timer_end "smoke-test pod"
}

# Puts kubectl on the PATH without taking over one the user installed.
link_kubectl() {
  local link=/usr/local/bin/kubectl
  if [[ -L ${link} && $(readlink "${link}") == "${WEFT_CACHE_DIR}"/bin/* ]] || [[ ! -e ${link} && ! -L ${link} ]]; then
    ln -sfn "${KUBECTL}" "${link}"
  else
    log "leaving ${link} alone (not ours); use ${KUBECTL}"
  fi
}

unlink_kubectl() {
  local link=/usr/local/bin/kubectl
  if [[ -L ${link} && $(readlink "${link}") == "${WEFT_CACHE_DIR}"/bin/* ]]; then
    rm -f "${link}"
  fi
}

# hack/deploy-weft.sh (owned by Weft's deployment) builds Weft's images and
# applies artifacts/. It gets the cluster's coordinates in the environment.
deploy_weft() {
  local script="${WEFT_ROOT}/hack/deploy-weft.sh"
  if [[ ! -x ${script} ]]; then
    log "no executable hack/deploy-weft.sh yet: cluster is up without Weft"
    return
  fi
  log "deploying Weft with hack/deploy-weft.sh"
  timer_start "deploy Weft"
  WEFT_LOCAL_DIR="${WEFT_LOCAL_DIR}" KUBECONFIG="${ADMIN_KUBECONFIG}" CRANE="${CRANE}" \
    KUBECTL="${KUBECTL}" REGISTRY="${REGISTRY}" IMAGE_HOST="${IMAGE_HOST}" "${script}"
  timer_end "deploy Weft"
}
