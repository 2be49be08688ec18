#!/usr/bin/env bash
# The cluster's long-running processes: how each one starts, how we know it
# is up, and how it stops. Each runs detached (setsid) with its pid in
# ${RUN_DIR}/NAME.pid and its output in ${LOG_DIR}/NAME.log, so a later
# run finds it again instead of starting a second copy.

KUBELET_ROOT_DIR="/var/lib/kubelet"

# component_binary NAME: the executable that NAME runs as.
component_binary() {
  case $1 in
    registry)   printf '%s' "${CRANE}" ;;
    etcd)       printf '%s' "${ETCD_BIN_DIR}/etcd" ;;
    coredns)    printf '%s' "${COREDNS_BIN_DIR}/coredns" ;;
    containerd) command -v containerd ;;
    seaweedfs)  printf '%s' "${WEED}" ;;
    fixtures-http) readlink -f /bin/busybox ;;
    fixtures-git)  readlink -f "$(git --exec-path)/git-daemon" ;;
    *)          printf '%s' "${K8S_BIN_DIR}/$1" ;;
  esac
}

component_pid() {
  local pid_file="${RUN_DIR}/$1.pid"
  [[ -f ${pid_file} ]] && cat "${pid_file}"
}

# process_alive PID: running and not a zombie. Our daemons are orphans reaped
# by PID 1, which may take a moment to collect an exited one.
process_alive() {
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ -n ${state} && ${state} != Z ]]
}

# component_running NAME: its recorded pid is alive and still runs NAME's
# binary (a pid file left from before a reboot may name someone else).
component_running() {
  local pid exe
  pid=$(component_pid "$1") || return 1
  [[ -n ${pid} ]] && process_alive "${pid}" || return 1
  exe=$(readlink "/proc/${pid}/exe" 2>/dev/null) || return 1
  [[ ${exe} == "$(component_binary "$1")" ]]
}

# start_daemon NAME ARGS...: starts NAME's binary detached.
start_daemon() {
  local name=$1; shift
  local binary
  binary=$(component_binary "${name}")
  mkdir -p "${LOG_DIR}" "${RUN_DIR}"
  printf '\n==== %s starting %s\n' "$(date -Is)" "${name}" >> "${LOG_DIR}/${name}.log"
  setsid "${binary}" "$@" >> "${LOG_DIR}/${name}.log" 2>&1 < /dev/null &
  echo $! > "${RUN_DIR}/${name}.pid"
}

# stop_component NAME: TERM, then KILL after 15 s; forgets the pid file.
stop_component() {
  local name=$1 pid
  if component_running "${name}"; then
    pid=$(component_pid "${name}")
    log "stopping ${name} (pid ${pid})"
    kill -TERM "${pid}" 2>/dev/null || true
    local deadline=$(( $(date +%s) + 15 ))
    while process_alive "${pid}" && (( $(date +%s) < deadline )); do sleep 0.1; done
    if process_alive "${pid}"; then
      warn "${name} ignored SIGTERM for 15s; killing it"
      kill -KILL "${pid}" 2>/dev/null || true
    fi
  fi
  rm -f "${RUN_DIR}/${name}.pid"
}

# --- health checks: each answers "is NAME serving?" -------------------------

healthy_registry() { curl -sf -o /dev/null "http://${REGISTRY}/v2/"; }
healthy_etcd() { curl -sf "${ETCD_CLIENT_URL}/health" | grep -q '"health":"true"'; }
healthy_kube-apiserver() {
  curl -sf -o /dev/null --cacert "${PKI_DIR}/ca.crt" --cert "${PKI_DIR}/admin.crt" \
    --key "${PKI_DIR}/admin.key" "${APISERVER_URL}/readyz"
}
# /healthz of these two is served without authentication; their certificates
# are self-signed, hence -k on loopback.
healthy_kube-controller-manager() { curl -skf -o /dev/null https://127.0.0.1:10257/healthz; }
healthy_kube-scheduler() { curl -skf -o /dev/null https://127.0.0.1:10259/healthz; }
healthy_containerd() { containerd_healthy; }
healthy_kubelet() { curl -sf -o /dev/null http://127.0.0.1:10248/healthz; }
healthy_kube-proxy() { curl -sf -o /dev/null http://127.0.0.1:10256/livez; }

# --- how each component starts -----------------------------------------------

start_registry() {
  # crane's registry fails every upload unless the directory exists.
  mkdir -p "${WEFT_LOCAL_DIR}/registry"
  start_daemon registry registry serve --address "${REGISTRY}" --disk "${WEFT_LOCAL_DIR}/registry"
  open_registry_to_pods
}

# Pods reach the registry at ${NODE_IP}:5000 (weft-controller reads image
# configs from it). crane serves one address, loopback, and keeps manifests
# only in memory, so it is not restarted on another address: a DNAT rule
# sends what pods send to ${NODE_IP}:5000 to it, and route_localnet on the
# bridge (gone with the bridge) lets the kernel deliver that to loopback.
REGISTRY_POD_RULE=(PREROUTING -i "${BRIDGE_NAME}" -d "${NODE_IP}/32" -p tcp --dport "${REGISTRY##*:}"
  -m comment --comment "weft-local registry for pods" -j DNAT --to-destination "${REGISTRY}")
open_registry_to_pods() {
  sysctl -qw "net.ipv4.conf.${BRIDGE_NAME}.route_localnet=1"
  iptables -t nat -C "${REGISTRY_POD_RULE[@]}" 2>/dev/null || iptables -t nat -A "${REGISTRY_POD_RULE[@]}"
}
close_registry_to_pods() {
  while iptables -t nat -D "${REGISTRY_POD_RULE[@]}" 2>/dev/null; do :; done
}

start_etcd() {
  mkdir -p "${WEFT_LOCAL_DIR}/etcd"
  chmod 700 "${WEFT_LOCAL_DIR}/etcd"
  start_daemon etcd \
    --name weft-local \
    --data-dir "${WEFT_LOCAL_DIR}/etcd" \
    --listen-client-urls "${ETCD_CLIENT_URL}" \
    --advertise-client-urls "${ETCD_CLIENT_URL}" \
    --listen-peer-urls "${ETCD_PEER_URL}" \
    --initial-advertise-peer-urls "${ETCD_PEER_URL}" \
    --initial-cluster "weft-local=${ETCD_PEER_URL}" \
    --log-level warn
}

start_kube-apiserver() {
  local p="${PKI_DIR}"
  start_daemon kube-apiserver \
    --etcd-servers "${ETCD_CLIENT_URL}" \
    --bind-address "${NODE_IP}" \
    --advertise-address "${NODE_IP}" \
    --secure-port 6443 \
    --service-cluster-ip-range "${SERVICE_CIDR}" \
    --tls-cert-file "${p}/apiserver.crt" \
    --tls-private-key-file "${p}/apiserver.key" \
    --client-ca-file "${p}/ca.crt" \
    --kubelet-client-certificate "${p}/apiserver-kubelet-client.crt" \
    --kubelet-client-key "${p}/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority "${p}/ca.crt" \
    --kubelet-preferred-address-types InternalIP \
    --authorization-mode Node,RBAC \
    --enable-admission-plugins NodeRestriction \
    --allow-privileged=true \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "${p}/sa.pub" \
    --service-account-signing-key-file "${p}/sa.key" \
    --requestheader-client-ca-file "${p}/front-proxy-ca.crt" \
    --requestheader-allowed-names front-proxy-client \
    --requestheader-username-headers X-Remote-User \
    --requestheader-group-headers X-Remote-Group \
    --requestheader-extra-headers-prefix X-Remote-Extra- \
    --proxy-client-cert-file "${p}/front-proxy-client.crt" \
    --proxy-client-key-file "${p}/front-proxy-client.key" \
    --enable-aggregator-routing=true \
    --v 1
}

start_kube-controller-manager() {
  local kc="${WEFT_LOCAL_DIR}/controller-manager.kubeconfig"
  start_daemon kube-controller-manager \
    --kubeconfig "${kc}" \
    --authentication-kubeconfig "${kc}" \
    --authorization-kubeconfig "${kc}" \
    --bind-address 127.0.0.1 \
    --leader-elect=false \
    --controllers '*' \
    --use-service-account-credentials=true \
    --enable-garbage-collector=true \
    --service-account-private-key-file "${PKI_DIR}/sa.key" \
    --root-ca-file "${PKI_DIR}/ca.crt" \
    --cluster-signing-cert-file "${PKI_DIR}/ca.crt" \
    --cluster-signing-key-file "${PKI_DIR}/ca.key" \
    --cluster-cidr "${POD_CIDR}" \
    --service-cluster-ip-range "${SERVICE_CIDR}" \
    --v 1
}

start_kube-scheduler() {
  local kc="${WEFT_LOCAL_DIR}/scheduler.kubeconfig"
  start_daemon kube-scheduler \
    --kubeconfig "${kc}" \
    --authentication-kubeconfig "${kc}" \
    --authorization-kubeconfig "${kc}" \
    --bind-address 127.0.0.1 \
    --leader-elect=false \
    --v 1
}

start_containerd() {
  write_containerd_config
  write_registry_hosts
  start_daemon containerd --config "${CONTAINERD_CONFIG}"
}

write_kubelet_config() {
  cat > "${WEFT_LOCAL_DIR}/kubelet-config.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
# This machine has a cgroup v1 hierarchy; v1.37 refuses it unless told.
failCgroupV1: false
cgroupDriver: cgroupfs
containerRuntimeEndpoint: unix://${CONTAINERD_SOCKET}
address: ${NODE_IP}
healthzBindAddress: 127.0.0.1
healthzPort: 10248
tlsCertFile: ${PKI_DIR}/kubelet-serving.crt
tlsPrivateKeyFile: ${PKI_DIR}/kubelet-serving.key
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
  x509:
    clientCAFile: ${PKI_DIR}/ca.crt
authorization:
  mode: Webhook
clusterDomain: cluster.local
# CoreDNS on the host (hack/lib/dns.sh) answers for cluster.local.
clusterDNS: [${NODE_IP}]
resolvConf: /etc/resolv.conf
failSwapOn: false
# A developer machine's disk is often fuller than the defaults allow; the
# node must not taint itself with disk pressure and evict test pods.
evictionHard:
  memory.available: "100Mi"
  nodefs.available: "1%"
  nodefs.inodesFree: "1%"
  imagefs.available: "1%"
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
YAML
}

start_kubelet() {
  write_kubelet_config
  # wait_node_ready trusts only node heartbeats after this moment.
  KUBELET_STARTED_AT=$(date +%s)
  mkdir -p "${KUBELET_ROOT_DIR}"
  start_daemon kubelet \
    --config "${WEFT_LOCAL_DIR}/kubelet-config.yaml" \
    --kubeconfig "${WEFT_LOCAL_DIR}/kubelet.kubeconfig" \
    --hostname-override "${NODE_NAME}" \
    --node-ip "${NODE_IP}" \
    --root-dir "${KUBELET_ROOT_DIR}" \
    --v 1
}

start_kube-proxy() {
  start_daemon kube-proxy \
    --kubeconfig "${WEFT_LOCAL_DIR}/kube-proxy.kubeconfig" \
    --proxy-mode iptables \
    --cluster-cidr "${POD_CIDR}" \
    --hostname-override "${NODE_NAME}" \
    --healthz-bind-address 127.0.0.1:10256 \
    --metrics-bind-address 127.0.0.1:10249 \
    --conntrack-max-per-core 0 \
    --v 1
}

# ensure_component NAME [TIMEOUT]: start NAME unless it already runs, then
# wait until it is healthy. A running but unhealthy process gets the timeout
# too before we give up and point at its log.
ensure_component() {
  local name=$1 timeout=${2:-60}
  if component_running "${name}"; then
    if "healthy_${name}"; then
      log "${name}: running (pid $(component_pid "${name}"))"
      return
    fi
  else
    log "${name}: starting"
    "start_${name}"
  fi
  timer_start "${name} start"
  if ! wait_for "${timeout}" "healthy_${name}"; then
    tail -n 20 "${LOG_DIR}/${name}.log" >&2 || true
    die "${name} not healthy after ${timeout}s; log: ${LOG_DIR}/${name}.log"
  fi
  component_running "${name}" || die "${name} exited; log: ${LOG_DIR}/${name}.log"
  timer_end "${name} start"
}
