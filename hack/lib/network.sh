#!/usr/bin/env bash
# Host networking for the local cluster: the cni0 bridge (whose address is
# also the node IP), the CNI config containerd reads, and the kernel
# switches pods and kube-proxy need. Undone by teardown_network.

CNI_CONF_FILE="/etc/cni/net.d/10-weft.conflist"
CNI_BIN_DIR="/usr/lib/cni"
# Kernel settings we, kubelet (panic and overcommit behaviour) and kube-proxy
# (route_localnet) change: saved before the first start so local-down.sh can
# put them back.
SYSCTL_SAVE_FILE="${WEFT_LOCAL_DIR}/run/sysctl.saved"
WEFT_SYSCTLS=(
  net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables net.ipv4.conf.all.route_localnet
  vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops
  kernel.keys.root_maxkeys kernel.keys.root_maxbytes
)

# Created before kube-apiserver and kubelet start: both need 10.88.0.1 to
# exist. The CNI bridge plugin finds the bridge with its gateway address
# already set and reuses it.
setup_bridge() {
  if ! ip link show "${BRIDGE_NAME}" >/dev/null 2>&1; then
    ip link add "${BRIDGE_NAME}" type bridge
  fi
  if ! ip -4 addr show dev "${BRIDGE_NAME}" | grep -q "inet ${NODE_IP}/16"; then
    ip addr add "${NODE_IP}/16" dev "${BRIDGE_NAME}"
  fi
  ip link set "${BRIDGE_NAME}" up
}

write_cni_config() {
  mkdir -p "$(dirname "${CNI_CONF_FILE}")"
  # containerd loads the first config in /etc/cni/net.d and brings up each
  # pod's lo with ${CNI_BIN_DIR}/loopback itself, so the chain holds only
  # bridge (+ host-local IPAM) and portmap for hostPort.
  cat > "${CNI_CONF_FILE}.tmp" <<CNI
{
  "cniVersion": "1.0.0",
  "name": "weft",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "${BRIDGE_NAME}",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{"subnet": "${POD_CIDR}", "gateway": "${NODE_IP}"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
CNI
  mv "${CNI_CONF_FILE}.tmp" "${CNI_CONF_FILE}"
  local plugin
  for plugin in bridge host-local portmap loopback; do
    [[ -x "${CNI_BIN_DIR}/${plugin}" ]] || die "CNI plugin ${CNI_BIN_DIR}/${plugin} missing (containernetworking-plugins)"
  done
}

# Pods reach Services only if the host forwards and, for pod-to-pod traffic
# on the same bridge, if bridged packets pass through kube-proxy's iptables.
enable_forwarding() {
  if [[ ! -f ${SYSCTL_SAVE_FILE} ]]; then
    local key
    for key in "${WEFT_SYSCTLS[@]}"; do
      sysctl -n "${key}" 2>/dev/null | sed "s/^/${key}=/"
    done > "${SYSCTL_SAVE_FILE}"
  fi
  sysctl -qw net.ipv4.ip_forward=1
  if [[ ! -e /proc/sys/net/bridge ]]; then
    modprobe br_netfilter 2>/dev/null || true
  fi
  if [[ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]]; then
    sysctl -qw net.bridge.bridge-nf-call-iptables=1
  else
    warn "br_netfilter unavailable: pod-to-Service traffic between pods may not work"
  fi
}

setup_network() {
  mkdir -p "${RUN_DIR}"
  setup_bridge
  write_cni_config
  enable_forwarding
}

# Deletes the iptables chains kube-proxy (KUBE-*) and the CNI plugins
# (CNI-*) created, in every table, after removing the jump rules to them.
# Rules of anything else on the machine are left alone.
flush_cluster_iptables() {
  local tool table chains chain
  for tool in iptables ip6tables; do
    command -v "${tool}" >/dev/null || continue
    for table in filter nat mangle raw; do
      "${tool}" -t "${table}" -S >/dev/null 2>&1 || continue
      # Rules in built-in chains that jump to our chains: delete them by
      # turning each "-A CHAIN spec" into "-D CHAIN spec".
      { "${tool}" -t "${table}" -S | grep -E '^-A (INPUT|OUTPUT|FORWARD|PREROUTING|POSTROUTING) .*-j (KUBE-|CNI-)' || true; } |
        while read -r rule; do
          eval "${tool} -t ${table} -D ${rule#-A }" 2>/dev/null || true
        done
      mapfile -t chains < <("${tool}" -t "${table}" -S | awk '$1 == "-N" && $2 ~ /^(KUBE-|CNI-)/ {print $2}')
      for chain in "${chains[@]}"; do "${tool}" -t "${table}" -F "${chain}" 2>/dev/null || true; done
      for chain in "${chains[@]}"; do "${tool}" -t "${table}" -X "${chain}" 2>/dev/null || true; done
    done
  done
}

restore_sysctls() {
  [[ -f ${SYSCTL_SAVE_FILE} ]] || return 0
  local line
  while read -r line; do
    [[ -n ${line} ]] && sysctl -qw "${line}" 2>/dev/null || true
  done < "${SYSCTL_SAVE_FILE}"
}

teardown_network() {
  flush_cluster_iptables
  if ip link show "${BRIDGE_NAME}" >/dev/null 2>&1; then
    ip link delete "${BRIDGE_NAME}"
  fi
  # Leftover pod veths are removed with their network namespaces; host-local
  # keeps its IP leases here.
  rm -f "${CNI_CONF_FILE}"
  rm -rf /var/lib/cni/networks/weft /var/lib/cni/results
  restore_sysctls
}
