#!/usr/bin/env bash
# The local cluster's default StorageClass, local-path: rancher's
# local-path-provisioner built from source (hack/tools/local-path-provisioner,
# binary cached by version under ${WEFT_CACHE_DIR}/bin), packed as an image in
# the local registry and deployed from hack/local/local-path-provisioner.
# Volumes are directories under ${LOCAL_PATH_DIR}, inside the cluster's state
# directory, so make down removes them with everything else.

LOCAL_PATH_PROVISIONER_MODULE="${WEFT_ROOT}/hack/tools/local-path-provisioner"
# The version is the one the tools module requires: bump it there.
LOCAL_PATH_PROVISIONER_VERSION=$(awk '$1 == "github.com/rancher/local-path-provisioner" { print $2 }' \
  "${LOCAL_PATH_PROVISIONER_MODULE}/go.mod")
LOCAL_PATH_PROVISIONER_BIN_DIR="${WEFT_CACHE_DIR}/bin/local-path-provisioner-${LOCAL_PATH_PROVISIONER_VERSION}"
LOCAL_PATH_PROVISIONER_IMAGE="local-path-provisioner:${LOCAL_PATH_PROVISIONER_VERSION}"
LOCAL_PATH_MANIFESTS="${WEFT_ROOT}/hack/local/local-path-provisioner"
LOCAL_PATH_DIR="${WEFT_LOCAL_DIR}/local-path"

build_local_path_provisioner() {
  if all_present "${LOCAL_PATH_PROVISIONER_BIN_DIR}" local-path-provisioner; then
    log "local-path-provisioner ${LOCAL_PATH_PROVISIONER_VERSION}: cached in ${LOCAL_PATH_PROVISIONER_BIN_DIR}"
    return
  fi
  log "local-path-provisioner ${LOCAL_PATH_PROVISIONER_VERSION}: building from source"
  timer_start "local-path-provisioner build"
  go_build_into "${LOCAL_PATH_PROVISIONER_BIN_DIR}" "${LOCAL_PATH_PROVISIONER_MODULE}" \
    "-s -w -X main.VERSION=${LOCAL_PATH_PROVISIONER_VERSION}" github.com/rancher/local-path-provisioner
  timer_end "local-path-provisioner build"
}

# The image holds the static binary alone: it only talks to kube-apiserver.
rootfs_local_path_provisioner() {
  mkdir -p "$1/tmp"
  chmod 1777 "$1/tmp"
  cp "${LOCAL_PATH_PROVISIONER_BIN_DIR}/local-path-provisioner" "$1/local-path-provisioner"
}

# deploy_local_path_provisioner: builds what is missing, applies the
# manifests with the built image and this cluster's directory, and waits
# for the provisioner to run.
deploy_local_path_provisioner() {
  build_local_path_provisioner
  publish_image "${LOCAL_PATH_PROVISIONER_IMAGE}" rootfs_local_path_provisioner \
    --entrypoint /local-path-provisioner
  mkdir -p "${LOCAL_PATH_DIR}"
  local manifests
  manifests=$(kubectl_admin kustomize "${LOCAL_PATH_MANIFESTS}")
  manifests=${manifests//weft.localhost\/local-path-provisioner:latest/${IMAGE_HOST}/${LOCAL_PATH_PROVISIONER_IMAGE}}
  manifests=${manifests//\/var\/lib\/weft-local\/local-path/${LOCAL_PATH_DIR}}
  kubectl_admin apply -f - <<<"${manifests}" >/dev/null
  if ! kubectl_admin -n local-path-storage rollout status deployment/local-path-provisioner --timeout=120s >/dev/null; then
    die "local-path-provisioner not running after 120s: kubectl -n local-path-storage describe pods"
  fi
  log "StorageClass local-path (default): volumes in ${LOCAL_PATH_DIR}"
}
