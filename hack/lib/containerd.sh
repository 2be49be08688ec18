#!/usr/bin/env bash
# containerd for the local node: its own config, content store and snapshots
# under ${WEFT_LOCAL_DIR}/containerd (so `make down` removes every image and
# container layer), its socket at the standard path kubelet expects.

CONTAINERD_DIR="${WEFT_LOCAL_DIR}/containerd"
CONTAINERD_CONFIG="${CONTAINERD_DIR}/config.toml"
CONTAINERD_STATE_DIR="/run/containerd"
REGISTRY_HOSTS_DIR="/etc/containerd/certs.d"
PAUSE_IMAGE="${IMAGE_HOST}/pause:3.10"

write_containerd_config() {
  mkdir -p "${CONTAINERD_DIR}/root" "${CONTAINERD_DIR}/opt"
  cat > "${CONTAINERD_CONFIG}" <<TOML
# Written by hack/lib/containerd.sh for the Weft local cluster.
version = 2
root = "${CONTAINERD_DIR}/root"
state = "${CONTAINERD_STATE_DIR}"

[grpc]
  address = "${CONTAINERD_SOCKET}"

[plugins]
  [plugins."io.containerd.internal.v1.opt"]
    path = "${CONTAINERD_DIR}/opt"
  [plugins."io.containerd.grpc.v1.cri"]
    # Nothing can be pulled from the internet: the sandbox (pause) image is
    # built locally and served by the local registry.
    sandbox_image = "${PAUSE_IMAGE}"
    # This kernel refuses negative oom_score_adj writes; without this runc
    # fails every sandbox with "can't get final child's PID from pipe: EOF".
    restrict_oom_score_adj = true
    [plugins."io.containerd.grpc.v1.cri".containerd]
      snapshotter = "overlayfs"
      default_runtime_name = "runc"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
        runtime_type = "io.containerd.runc.v2"
        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
          # cgroup v1 with the cgroupfs driver, matching kubelet.
          SystemdCgroup = false
    [plugins."io.containerd.grpc.v1.cri".cni]
      bin_dir = "${CNI_BIN_DIR}"
      conf_dir = "$(dirname "${CNI_CONF_FILE}")"
    [plugins."io.containerd.grpc.v1.cri".registry]
      config_path = "${REGISTRY_HOSTS_DIR}"
TOML
}

# Registries containerd resolves through the local registry: our own
# ${IMAGE_HOST}, and Docker Hub, whose names (busybox, argoproj/argosay:v2)
# the local registry serves stand-ins for (hack/lib/images.sh).
MIRRORED_REGISTRIES=("${IMAGE_HOST}" docker.io index.docker.io)

# registry_hosts_toml: one hosts.toml for every mirrored registry. The host
# entry and the server both point at ${REGISTRY} over plain HTTP, so
# containerd never looks up or dials the registry's own name (for docker.io
# it would otherwise fall back to registry-1.docker.io).
registry_hosts_toml() {
  cat <<TOML
# Written by hack/lib/containerd.sh for the Weft local cluster.
server = "http://${REGISTRY}"

[host."http://${REGISTRY}"]
  capabilities = ["pull", "resolve"]
TOML
}

# write_registry_hosts: writes each mirrored registry's hosts.toml unless it
# already says the same. containerd's CRI reads these files at every pull,
# so a running containerd follows a change without a restart.
write_registry_hosts() {
  local registry file content
  content=$(registry_hosts_toml)
  for registry in "${MIRRORED_REGISTRIES[@]}"; do
    file="${REGISTRY_HOSTS_DIR}/${registry}/hosts.toml"
    [[ -f ${file} && $(cat "${file}") == "${content}" ]] && continue
    mkdir -p "${file%/*}"
    printf '%s\n' "${content}" > "${file}.tmp"
    mv "${file}.tmp" "${file}"
    log "containerd: ${registry} resolves through ${REGISTRY} (${file})"
  done
}

remove_registry_hosts() {
  local registry file
  for registry in "${MIRRORED_REGISTRIES[@]}"; do
    file="${REGISTRY_HOSTS_DIR}/${registry}/hosts.toml"
    # Only files this script wrote: someone else's docker.io mirror stays.
    if [[ -f ${file} ]] && grep -q '^# Written by hack/lib/containerd.sh' "${file}"; then
      rm -f "${file}"
      rmdir "${file%/*}" 2>/dev/null || true
    fi
  done
  rmdir "${REGISTRY_HOSTS_DIR}" 2>/dev/null || true
}

containerd_healthy() {
  # Without the socket ctr would wait for its dial timeout.
  [[ -S ${CONTAINERD_SOCKET} ]] &&
    ctr --timeout 5s --address "${CONTAINERD_SOCKET}" version >/dev/null 2>&1
}

# Stops every pod sandbox and container through containerd (SIGKILL to each
# task). Used by local-down.sh after kubelet stopped, so nothing restarts them.
stop_all_containers() {
  if containerd_healthy; then
    local ns task
    for ns in $(ctr --address "${CONTAINERD_SOCKET}" namespaces list -q 2>/dev/null); do
      for task in $(ctr --address "${CONTAINERD_SOCKET}" -n "${ns}" tasks list -q 2>/dev/null); do
        ctr --address "${CONTAINERD_SOCKET}" -n "${ns}" tasks kill -s SIGKILL "${task}" >/dev/null 2>&1 || true
      done
    done
  fi
}

# The runc shims of our containerd outlive it by design. Each names its
# containerd's socket in its command line (-address); kill exactly those,
# by pid, after their containers were killed through containerd.
kill_leftover_shims() {
  local proc pid args shim
  shim=$(command -v containerd-shim-runc-v2 || echo /usr/bin/containerd-shim-runc-v2)
  for proc in /proc/[0-9]*; do
    pid=${proc#/proc/}
    [[ $(readlink "${proc}/exe" 2>/dev/null) == "${shim}" ]] || continue
    args=$(tr '\0' ' ' < "${proc}/cmdline" 2>/dev/null) || continue
    if [[ " ${args} " == *" -address ${CONTAINERD_SOCKET} "* ]]; then
      kill -KILL "${pid}" 2>/dev/null || true
    fi
  done
}
