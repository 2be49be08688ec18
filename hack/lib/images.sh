#!/usr/bin/env bash
# Container images built without docker: a root filesystem made on the host
# (gcc, busybox-static, debootstrap), packed as one layer tar, turned into an
# image with crane and pushed to the local registry. Finished images are
# cached as OCI layouts under ${IMAGE_CACHE_DIR}, keyed by name, tag and
# ${IMAGES_REVISION}, so later runs only push them (a second or two each).

# Bump when a rootfs recipe below changes, to rebuild every cached image.
IMAGES_REVISION="r1"
IMAGE_CACHE_DIR="${WEFT_CACHE_DIR}/images"
IMAGE_SOURCES_DIR="${WEFT_ROOT}/hack/images"
DEBIAN_SUITE="bookworm"
DEFAULT_PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
IMAGES_LOG="${LOG_DIR}/images.log"

# apt_mirror_url: the Debian archive this machine's apt already uses (deb822
# .sources or one-line .list files), so debootstrap fetches from the same
# place, never from an address the machine was not configured for.
apt_mirror_url() {
  local url
  url=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk -v suite="${DEBIAN_SUITE}" '
      /^$/ { if (uri != "" && has_suite) { print uri; exit } uri = ""; has_suite = 0 }
      /^URIs:/ { uri = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) has_suite = 1 }
      END { if (uri != "" && has_suite) print uri }' | head -n 1)
  if [[ -z ${url} ]]; then
    url=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk -v suite="${DEBIAN_SUITE}" '$1 == "deb" && $3 == suite { print $2; exit }' || true)
  fi
  [[ -n ${url} ]] || die "no apt source for ${DEBIAN_SUITE} found in /etc/apt; debootstrap needs a mirror"
  printf '%s' "${url}"
}

# --- root filesystems ---------------------------------------------------------

rootfs_pause() {
  local root=$1
  mkdir -p "${root}"
  gcc -static -Os -o "${root}/pause" "${IMAGE_SOURCES_DIR}/pause/pause.c"
  strip "${root}/pause"
}

rootfs_busybox() {
  local root=$1 applet
  mkdir -p "${root}"/{bin,etc,root,tmp,var/tmp,home,dev,proc,sys}
  chmod 1777 "${root}/tmp" "${root}/var/tmp"
  chmod 700 "${root}/root"
  cp /bin/busybox "${root}/bin/busybox"
  # The applets as symlinks in /bin, as in the busybox image on Docker Hub.
  for applet in $("${root}/bin/busybox" --list); do
    [[ ${applet} == busybox ]] || ln -sf busybox "${root}/bin/${applet}"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "${root}/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "${root}/etc/group"
  cp "${IMAGE_SOURCES_DIR}/busybox/os-release" "${root}/etc/os-release"
}

# debootstrap_into ROOT [PACKAGE,...]: a Debian minbase system. The .debs are
# kept in a cache directory shared by every Debian image.
debootstrap_into() {
  local root=$1 include=${2:-}
  local debs="${IMAGE_CACHE_DIR}/debootstrap-debs"
  mkdir -p "${debs}"
  local args=(--variant=minbase --cache-dir="${debs}")
  [[ -n ${include} ]] && args+=(--include="${include}")
  if ! debootstrap "${args[@]}" "${DEBIAN_SUITE}" "${root}" "$(apt_mirror_url)" > "${root}.debootstrap.log" 2>&1; then
    tail -n 20 "${root}.debootstrap.log" >&2
    unmount_under "${root}"
    die "debootstrap failed; log: ${root}.debootstrap.log"
  fi
  unmount_under "${root}"
  rm -f "${root}.debootstrap.log"
  # Host-specific files: kubelet mounts its own resolv.conf and hostname.
  : > "${root}/etc/resolv.conf"
  : > "${root}/etc/hostname"
  rm -rf "${root}"/var/cache/apt/archives/*.deb "${root}"/dev/*
}

# Appends a VARIANT to Debian's os-release (/etc/os-release is a symlink to
# /usr/lib/os-release; the image gets its own regular file).
os_release_variant() {
  local root=$1 variant_file=$2
  cp --remove-destination "${root}/usr/lib/os-release" "${root}/etc/os-release"
  cat "${variant_file}" >> "${root}/etc/os-release"
}

# debian_minbase ROOT: a copy of a cached minbase system; debian:12 and
# debian:12-slim start from the same one, so debootstrap runs once for both.
debian_minbase() {
  local cached="${IMAGE_CACHE_DIR}/rootfs-${DEBIAN_SUITE}-minbase-${IMAGES_REVISION}"
  if [[ ! -f "${cached}/.complete" ]]; then
    unmount_under "${cached}.tmp"
    rm -rf "${cached}.tmp"
    debootstrap_into "${cached}.tmp"
    touch "${cached}.tmp/.complete"
    rm -rf "${cached}"
    mv "${cached}.tmp" "${cached}"
  fi
  cp -a "${cached}" "$1"
  rm -f "$1/.complete"
}

rootfs_debian() { debian_minbase "$1"; }

rootfs_debian_slim() {
  local root=$1
  debian_minbase "${root}"
  rm -rf "${root}"/usr/share/doc/* "${root}"/usr/share/man/* "${root}"/usr/share/locale/* \
    "${root}"/var/cache/apt/* "${root}"/var/lib/apt/lists/*
  os_release_variant "${root}" "${IMAGE_SOURCES_DIR}/debian-slim/os-release.variant"
}

rootfs_python3() {
  local root=$1
  debootstrap_into "${root}" python3-minimal,python3
  os_release_variant "${root}" "${IMAGE_SOURCES_DIR}/python3/os-release.variant"
}

# --- packing and publishing ------------------------------------------------------

# publish_image REPO:TAG ROOTFS_FUNCTION CONFIG_FLAGS...: makes sure the
# registry serves REPO:TAG, building it only if the cache lacks it.
publish_image() { publish_image_revision "${IMAGES_REVISION}" "$@"; }

# publish_image_revision REVISION REPO:TAG ROOTFS_FUNCTION CONFIG_FLAGS...:
# publish_image with the cache keyed by the given recipe revision.
publish_image_revision() {
  local revision=$1 ref=$2 rootfs_fn=$3; shift 3
  local key=${ref//[:\/]/-}
  local layout="${IMAGE_CACHE_DIR}/${key}-${revision}/oci"
  if registry_has "${ref}"; then
    log "image ${IMAGE_HOST}/${ref}: in the registry"
    return
  fi
  if [[ -f "${layout}/index.json" ]]; then
    push_layout "${layout}" "${ref}" 2>>"${IMAGES_LOG}"
    log "image ${IMAGE_HOST}/${ref}: pushed from cache"
    return
  fi
  log "image ${IMAGE_HOST}/${ref}: building"
  timer_start "image ${ref}"
  local work="${IMAGE_CACHE_DIR}/${key}-${revision}/work"
  unmount_under "${work}"
  rm -rf "${work}"
  mkdir -p "${work}"
  "${rootfs_fn}" "${work}/rootfs"
  tar --numeric-owner --xattrs -C "${work}/rootfs" -cf "${work}/layer.tar" .
  # crane reports every blob on stderr: keep that in the images log.
  "${CRANE}" append --insecure -f "${work}/layer.tar" -t "${REGISTRY}/${ref}" >/dev/null 2>>"${IMAGES_LOG}"
  # An image on crane's empty base has no platform; containerd's CRI skips
  # manifests whose config does not say linux/amd64.
  "${CRANE}" mutate --insecure "${REGISTRY}/${ref}" -t "${REGISTRY}/${ref}" \
    --set-platform "linux/$(dpkg --print-architecture)" "$@" >/dev/null 2>>"${IMAGES_LOG}"
  pull_layout "${ref}" "${layout}.tmp" 2>>"${IMAGES_LOG}"
  rm -rf "${layout}"
  mv "${layout}.tmp" "${layout}"
  rm -rf "${work}"
  timer_end "image ${ref}"
}

publish_pause_image() {
  publish_image pause:3.10 rootfs_pause --entrypoint /pause
}

# The four test images. Like their Docker Hub namesakes they set CMD, not
# ENTRYPOINT, so a pod's command/args replace it the usual way.
publish_test_images() {
  publish_image busybox:1.35 rootfs_busybox --cmd sh -e "PATH=${DEFAULT_PATH}"
  publish_image debian:12 rootfs_debian --cmd bash -e "PATH=${DEFAULT_PATH}"
  publish_image debian:12-slim rootfs_debian_slim --cmd bash -e "PATH=${DEFAULT_PATH}"
  publish_image python3:3.11 rootfs_python3 --cmd python3 -e "PATH=${DEFAULT_PATH}" -e LANG=C.UTF-8
}

# --- stand-ins for Docker Hub images ---------------------------------------------
# Argo's examples name Docker Hub images (busybox, alpine:3.23,
# argoproj/argosay:v2, ...). The registry serves stand-ins under the
# repository names containerd asks for when it mirrors docker.io to it
# (library/busybox for "busybox"), each with the real image's ENTRYPOINT,
# CMD and PATH. Most share two root filesystems: the cached images above and
# debian-tools:12 (one debootstrap). The rest are small layers and configs on
# top, made in the registry in seconds, so only debian-tools is cached, and
# node:9.1-alpine, the one other debootstrap (about a minute cold).

# Bump when rootfs_debian_tools changes (the images above keep theirs).
HUB_IMAGES_REVISION="h1"
# What the real argosay images add to the PATH (cowsay lives in /usr/games).
GAMES_PATH="${DEFAULT_PATH}:/usr/games"

rootfs_debian_tools() {
  debootstrap_into "$1" ca-certificates,curl,jq,cowsay
}

# Debian's Node.js 18 for node:9.1-alpine: a second debootstrap, since
# libnode and ICU would double debian-tools, which most stand-ins share.
rootfs_node() {
  debootstrap_into "$1" nodejs
  rm -rf "$1"/usr/share/doc/* "$1"/usr/share/man/* "$1"/var/lib/apt/lists/*
}

overlay_alpine() {
  local root=$1
  mkdir -p "${root}/etc"
  cp "${IMAGE_SOURCES_DIR}/alpine/os-release" "${IMAGE_SOURCES_DIR}/alpine/alpine-release" "${root}/etc/"
}

overlay_python() {
  mkdir -p "$1/usr/local/bin"
  ln -s /usr/bin/python3 "$1/usr/local/bin/python"
}

overlay_argosay() {
  install -D -m 0755 "${IMAGE_SOURCES_DIR}/argosay/argosay" "$1/argosay"
}

overlay_whalesay() {
  install -D -m 0755 "${IMAGE_SOURCES_DIR}/whalesay/cowsay" "$1/usr/local/bin/cowsay"
  install -D -m 0644 "${IMAGE_SOURCES_DIR}/whalesay/whale.cow" "$1/usr/local/share/cows/whale.cow"
}

overlay_nginx() {
  local root=$1 src="${IMAGE_SOURCES_DIR}/nginx"
  install -D -m 0755 "${src}/nginx" "${root}/usr/sbin/nginx"
  install -D -m 0755 "${src}/docker-entrypoint.sh" "${root}/docker-entrypoint.sh"
  install -D -m 0644 "${src}/index.html" "${root}/usr/share/nginx/html/index.html"
}

overlay_curl() {
  install -D -m 0755 "${IMAGE_SOURCES_DIR}/curl/entrypoint.sh" "$1/entrypoint.sh"
  # The real image's sh is Alpine's busybox ash ($RANDOM, ...), not dash.
  # Under /usr/bin: Debian's /bin is a symlink to it.
  install -D -m 0755 /bin/busybox "$1/usr/bin/busybox"
  ln -s busybox "$1/usr/bin/sh"
}

overlay_jq() {
  mkdir -p "$1/usr/local/bin"
  ln -s /usr/bin/jq "$1/usr/local/bin/jq"
}

overlay_influxdb() {
  local root=$1 src="${IMAGE_SOURCES_DIR}/influxdb" file
  install -D -m 0755 "${src}/influxd" "${root}/usr/bin/influxd"
  install -D -m 0755 "${src}/entrypoint.sh" "${root}/entrypoint.sh"
  install -D -m 0755 "${src}/serve-request" "${root}/usr/lib/weft-influxdb/serve-request"
  for file in line-protocol.awk statement.awk select.awk pretty-json.awk; do
    install -D -m 0644 "${src}/${file}" "${root}/usr/lib/weft-influxdb/${file}"
  done
  mkdir -p "${root}/var/lib/influxdb"
}

overlay_ubuntu() {
  # Debian's /etc/os-release is a symlink into /usr/lib; the layer replaces it.
  install -D -m 0644 "${IMAGE_SOURCES_DIR}/ubuntu/os-release" "$1/etc/os-release"
}

# publish_derived REPO:TAG BASE OVERLAY_FUNCTION CONFIG_FLAGS...: makes sure
# the registry serves REPO:TAG, made from BASE (a REPO:TAG it serves) plus a
# layer of the files OVERLAY_FUNCTION puts in a directory ("" for none) and
# the config flags of crane mutate.
publish_derived() {
  local ref=$1 base=$2 overlay_fn=$3; shift 3
  if registry_has "${ref}"; then
    log "image docker.io/${ref}: in the registry"
    return
  fi
  local args=() work=""
  if [[ -n ${overlay_fn} ]]; then
    mkdir -p "${IMAGE_CACHE_DIR}"
    work=$(mktemp -d "${IMAGE_CACHE_DIR}/overlay.XXXXXX")
    mkdir "${work}/rootfs"
    "${overlay_fn}" "${work}/rootfs"
    # Fixed owners and times: the same sources give the same layer digest.
    tar --numeric-owner --owner=0 --group=0 --mtime=@0 --sort=name \
      -C "${work}/rootfs" -cf "${work}/layer.tar" .
    args+=(--append "${work}/layer.tar")
  fi
  "${CRANE}" mutate --insecure "${REGISTRY}/${base}" -t "${REGISTRY}/${ref}" \
    "${args[@]}" "$@" >/dev/null 2>>"${IMAGES_LOG}"
  [[ -z ${work} ]] || rm -rf "${work}"
  log "image docker.io/${ref}: made from ${base}"
}

# publish_alias REPO:TAG SOURCE: the registry serves SOURCE (a REPO:TAG it
# serves) under a second name too.
publish_alias() {
  local ref=$1 source=$2
  if registry_has "${ref}"; then
    return
  fi
  "${CRANE}" copy --insecure "${REGISTRY}/${source}" "${REGISTRY}/${ref}" >/dev/null 2>>"${IMAGES_LOG}"
  log "image docker.io/${ref}: same as ${source}"
}

# The Docker Hub names Argo's examples use, as their stand-ins.
publish_hub_images() {
  local path="PATH=${DEFAULT_PATH}"
  publish_image_revision "${HUB_IMAGES_REVISION}" debian-tools:12 rootfs_debian_tools -e "${path}"

  publish_alias library/busybox:1.35 busybox:1.35
  publish_alias library/busybox:latest busybox:1.35

  publish_derived library/alpine:3.23 busybox:1.35 overlay_alpine --cmd /bin/sh -e "${path}"
  publish_alias library/alpine:3.7 library/alpine:3.23
  publish_alias library/alpine:latest library/alpine:3.23
  publish_alias library/alpine:3.6 library/alpine:3.23

  publish_derived library/python:3.8 python3:3.11 overlay_python --cmd python3 -e "${path}" -e LANG=C.UTF-8
  local tag
  for tag in latest alpine3.6 alpine3.23; do
    publish_alias "library/python:${tag}" library/python:3.8
  done

  publish_alias library/debian:12 debian:12
  publish_alias library/debian:latest debian:12
  publish_alias library/debian:12-slim debian:12-slim
  # Argo's loop examples print /etc/os-release of these: Debian 12's.
  publish_alias library/debian:9.1 debian:12
  publish_alias library/debian:8.9 debian:12
  publish_derived library/ubuntu:17.10 debian:12 overlay_ubuntu --cmd bash -e "${path}"

  publish_derived argoproj/argosay:v1 debian-tools:12 "" --cmd cowsay -e "PATH=${GAMES_PATH}"
  publish_derived argoproj/argosay:v2 debian-tools:12 overlay_argosay --entrypoint /argosay -e "PATH=${GAMES_PATH}"
  publish_derived docker/whalesay:latest debian-tools:12 overlay_whalesay --cmd /bin/bash -e "${path}"

  publish_derived library/nginx:1.13 busybox:1.35 overlay_nginx \
    --cmd 'nginx,-g,daemon off;' --exposed-ports 80/tcp -e "${path}"
  publish_derived library/nginx:latest library/nginx:1.13 "" \
    --entrypoint /docker-entrypoint.sh --cmd 'nginx,-g,daemon off;'

  publish_derived library/influxdb:1.2 busybox:1.35 overlay_influxdb \
    --entrypoint /entrypoint.sh --cmd influxd --exposed-ports 8086/tcp -e "${path}"

  publish_image_revision "${HUB_IMAGES_REVISION}" library/node:9.1-alpine rootfs_node --cmd node -e "${path}"

  publish_derived curlimages/curl:latest debian-tools:12 overlay_curl --entrypoint /entrypoint.sh --cmd curl -e "${path}"
  publish_derived stedolan/jq:latest debian-tools:12 overlay_jq --entrypoint /usr/local/bin/jq -e "${path}"
}
