#!/usr/bin/env bash
# Debian packages the local cluster needs. Installed only when missing, with
# a single `apt-get update` beforehand, so a warm run never touches apt.

# package:command-or-file pairs: the file proves the package is usable.
REQUIRED_PACKAGES=(
  containerd:/usr/bin/containerd
  runc:/usr/sbin/runc
  containernetworking-plugins:/usr/lib/cni/bridge
  iptables:/usr/sbin/iptables
  conntrack:/usr/sbin/conntrack
  busybox-static:/bin/busybox
  openssl:/usr/bin/openssl
  debootstrap:/usr/sbin/debootstrap
  gcc:/usr/bin/gcc
  libc6-dev:/usr/lib/x86_64-linux-gnu/libc.a
  iproute2:/usr/sbin/ip
  util-linux:/usr/bin/nsenter
  procps:/usr/bin/pgrep
  ca-certificates:/etc/ssl/certs/ca-certificates.crt
  curl:/usr/bin/curl
  git:/usr/bin/git
  # The browser tests of weft ui (test/e2e) drive headless Chromium.
  chromium:/usr/bin/chromium
)

missing_packages() {
  local entry pkg
  for entry in "${REQUIRED_PACKAGES[@]}"; do
    pkg=${entry%%:*}
    if ! dpkg-query -W -f='${Status}' "${pkg}" 2>/dev/null | grep -q 'install ok installed'; then
      printf '%s\n' "${pkg}"
    fi
  done
}

install_packages() {
  local missing
  mapfile -t missing < <(missing_packages)
  if (( ${#missing[@]} == 0 )); then
    log "packages: all present"
    return
  fi
  log "packages: installing ${missing[*]}"
  timer_start "package install"
  apt-get update -qq -o Acquire::http::Timeout=30 || warn "apt-get update reported errors; trying the install anyway"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts containerd as a service on install where systemd runs; this
  # script runs its own containerd with its own config, so stop any other.
  if command -v systemctl >/dev/null && systemctl is-active --quiet containerd 2>/dev/null; then
    systemctl disable --now containerd >/dev/null 2>&1 || true
  fi
  timer_end "package install"
}
