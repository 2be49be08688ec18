#!/usr/bin/env bash
# The local cluster's artifact store: SeaweedFS (built from source with the
# tools module hack/tools/seaweedfs) runs on the host as one `weed server`
# process (master, volume server, filer and S3 gateway), its S3 API on
# ${NODE_IP}:${ARTIFACT_STORE_PORT} for pods and on loopback for the host.
# Pods reach it as weft-artifact-store.weft-system.svc:9000 (a Service without
# selector in hack/local/artifact-store.yaml) or, in a namespace with the
# quick-start kit (artifacts/quick-start), as minio:9000. The credentials are
# Argo quick-start's fixed dev values: access key admin, secret password.

SEAWEEDFS_MODULE="${WEFT_ROOT}/hack/tools/seaweedfs"
# The pinned version is the one in the tools module's go.mod, so the cache
# key and the build can never disagree.
SEAWEEDFS_VERSION="$(awk '$1 == "github.com/seaweedfs/seaweedfs" { print $2 }' "${SEAWEEDFS_MODULE}/go.mod")"
SEAWEEDFS_BIN_DIR="${WEFT_CACHE_DIR}/bin/seaweedfs-${SEAWEEDFS_VERSION}"
WEED="${SEAWEEDFS_BIN_DIR}/weed"

ARTIFACT_STORE_DIR="${WEFT_LOCAL_DIR}/seaweedfs"
ARTIFACT_STORE_PORT=9000
ARTIFACT_STORE_BUCKET="my-bucket"
ARTIFACT_STORE_ACCESS_KEY="admin"
ARTIFACT_STORE_SECRET_KEY="password"
# The other servers of the process; each also listens on its port + 10000
# for gRPC. Chosen away from the defaults (8080, 8888...) that other
# development servers like to take.
SEAWEEDFS_MASTER_PORT=9333
SEAWEEDFS_VOLUME_PORT=9334
SEAWEEDFS_FILER_PORT=9335

build_seaweedfs() {
  if all_present "${SEAWEEDFS_BIN_DIR}" weed; then
    log "seaweedfs ${SEAWEEDFS_VERSION}: cached in ${SEAWEEDFS_BIN_DIR}"
    return
  fi
  log "seaweedfs ${SEAWEEDFS_VERSION}: building weed from source"
  timer_start "seaweedfs build"
  go_build_into "${SEAWEEDFS_BIN_DIR}" "${SEAWEEDFS_MODULE}" \
    "-s -w -X github.com/seaweedfs/seaweedfs/weed/util/version.COMMIT=${SEAWEEDFS_VERSION##*-}" \
    github.com/seaweedfs/seaweedfs/weed
  timer_end "seaweedfs build"
}

# build_seaweedfs_async: the weed build runs in the background beside the
# Kubernetes build; wait_seaweedfs_build collects it before the store starts.
SEAWEEDFS_BUILD_PID=""
build_seaweedfs_async() {
  if all_present "${SEAWEEDFS_BIN_DIR}" weed; then
    build_seaweedfs
    return
  fi
  build_seaweedfs &
  SEAWEEDFS_BUILD_PID=$!
}

wait_seaweedfs_build() {
  [[ -n ${SEAWEEDFS_BUILD_PID} ]] || return 0
  if ! wait "${SEAWEEDFS_BUILD_PID}"; then
    die "building SeaweedFS failed (see the go output above)"
  fi
  SEAWEEDFS_BUILD_PID=""
}

# On a failed `make up`, stop a weed build still running in the background.
stop_seaweedfs_build() {
  [[ -n ${SEAWEEDFS_BUILD_PID} ]] || return 0
  local child
  for child in $(pgrep -P "${SEAWEEDFS_BUILD_PID}" || true); do
    kill -INT "${child}" 2>/dev/null || true
  done
  kill "${SEAWEEDFS_BUILD_PID}" 2>/dev/null || true
}

# The S3 identities: only admin/password, with every action. Since an
# identity exists, SeaweedFS refuses anonymous requests.
write_s3_identities() {
  cat > "${ARTIFACT_STORE_DIR}/s3.json" <<JSON
{
  "identities": [
    {
      "name": "${ARTIFACT_STORE_ACCESS_KEY}",
      "credentials": [
        {"accessKey": "${ARTIFACT_STORE_ACCESS_KEY}", "secretKey": "${ARTIFACT_STORE_SECRET_KEY}"}
      ],
      "actions": ["Admin", "Read", "Write", "List", "Tagging"]
    }
  ]
}
JSON
  chmod 600 "${ARTIFACT_STORE_DIR}/s3.json"
}

# The gRPC sockets `weed server` makes in /tmp whatever it is told.
seaweedfs_sockets() {
  local port
  for port in "${SEAWEEDFS_MASTER_PORT}" "${SEAWEEDFS_VOLUME_PORT}" "${SEAWEEDFS_FILER_PORT}" "${ARTIFACT_STORE_PORT}"; do
    printf '%s\n' /tmp/seaweedfs-*-grpc-$(( port + 10000 )).sock
  done
}

# -ip without -ip.bind: every server listens on ${NODE_IP} and on loopback.
# Telemetry is off (this machine dials nothing outside), as are the Iceberg
# and Lance endpoints the store does not need. Small volumes keep the first
# write from preallocating gigabytes. The volume server's wait before it
# stops (10 s by default, for clients to move to another one) is cut to 1 s:
# there is no other, and make down gives a component 15 s.
start_seaweedfs() {
  mkdir -p "${ARTIFACT_STORE_DIR}/data"
  chmod 700 "${ARTIFACT_STORE_DIR}"
  write_s3_identities
  start_daemon seaweedfs -logtostderr=true \
    server \
    -ip "${NODE_IP}" \
    -dir "${ARTIFACT_STORE_DIR}/data" \
    -master.port "${SEAWEEDFS_MASTER_PORT}" \
    -master.telemetry=false \
    -master.volumeSizeLimitMB 64 \
    -volume.port "${SEAWEEDFS_VOLUME_PORT}" \
    -volume.max 0 \
    -volume.preStopSeconds 1 \
    -filer.port "${SEAWEEDFS_FILER_PORT}" \
    -filer.localSocket "${ARTIFACT_STORE_DIR}/filer.sock" \
    -s3 \
    -s3.port "${ARTIFACT_STORE_PORT}" \
    -s3.port.iceberg 0 \
    -s3.port.lance 0 \
    -s3.localSocket "${ARTIFACT_STORE_DIR}/s3.sock" \
    -s3.config "${ARTIFACT_STORE_DIR}/s3.json"
}

# s3_request METHOD PATH [CURL ARGS...]: a request signed as admin (SigV4)
# to the store on loopback; prints the HTTP status. HEAD goes as --head:
# with -X HEAD curl would wait for a body that never comes.
s3_request() {
  local method=$1 path=$2; shift 2
  local as_method=(-X "${method}")
  [[ ${method} != HEAD ]] || as_method=(--head)
  curl -s -m 30 -o /dev/null -w '%{http_code}' "${as_method[@]}" \
    --aws-sigv4 "aws:amz:us-east-1:s3" \
    --user "${ARTIFACT_STORE_ACCESS_KEY}:${ARTIFACT_STORE_SECRET_KEY}" \
    "$@" "http://127.0.0.1:${ARTIFACT_STORE_PORT}${path}"
}

# Serving once a signed ListBuckets succeeds (the S3 gateway is up with the
# identities loaded) and the master leads: after a restart it resumes its
# raft state and takes some seconds to elect itself, and until then the
# store answers reads but refuses writes.
healthy_seaweedfs() {
  [[ $(s3_request GET /) == 200 ]] &&
    curl -sf -m 5 "http://127.0.0.1:${SEAWEEDFS_MASTER_PORT}/cluster/status" | grep -q '"IsLeader":true'
}

# ensure_bucket: creates ${ARTIFACT_STORE_BUCKET} unless it exists. The
# volume server may take a moment to register with the master after the S3
# gateway answers, so the creation is retried.
ensure_bucket() {
  local path="/${ARTIFACT_STORE_BUCKET}"
  if [[ $(s3_request HEAD "${path}") == 200 ]]; then
    log "artifact store: bucket ${ARTIFACT_STORE_BUCKET} exists"
    return
  fi
  create_bucket() { [[ $(s3_request PUT "${path}") == 200 ]]; }
  wait_for 60 create_bucket || die "could not create bucket ${ARTIFACT_STORE_BUCKET}; log: ${LOG_DIR}/seaweedfs.log"
  log "artifact store: bucket ${ARTIFACT_STORE_BUCKET} created"
}

# ensure_artifact_store: waits for the weed build, starts the store unless it
# runs, and makes the bucket.
ensure_artifact_store() {
  wait_seaweedfs_build
  ensure_component seaweedfs 90
  ensure_bucket
  log "artifact store: S3 on http://${NODE_IP}:${ARTIFACT_STORE_PORT} and http://127.0.0.1:${ARTIFACT_STORE_PORT} (${ARTIFACT_STORE_ACCESS_KEY}/${ARTIFACT_STORE_SECRET_KEY})"
}

# The volume server and the filer have closed their ports: what they hold
# is on disk.
seaweedfs_storage_closed() {
  ! curl -s -o /dev/null -m 2 "http://127.0.0.1:${SEAWEEDFS_VOLUME_PORT}/status" &&
    ! curl -s -o /dev/null -m 2 "http://127.0.0.1:${SEAWEEDFS_FILER_PORT}/"
}

# stop_artifact_store: stops weed and removes the sockets it left in /tmp;
# its data goes with ${WEFT_LOCAL_DIR}. On SIGTERM weed stops its volume
# server and filer in a second or two, but its S3 gateway may go on retrying
# them for good: once they are closed, the process is killed.
stop_artifact_store() {
  if component_running seaweedfs; then
    local pid
    pid=$(component_pid seaweedfs)
    log "stopping seaweedfs (pid ${pid})"
    kill -TERM "${pid}" 2>/dev/null || true
    wait_for 15 seaweedfs_storage_closed || warn "seaweedfs did not close its volume server and filer in 15s"
    wait_for 2 eval '! process_alive '"${pid}" || kill -KILL "${pid}" 2>/dev/null || true
  fi
  stop_component seaweedfs
  local socket
  while IFS= read -r socket; do
    if [[ -S ${socket} ]]; then rm -f "${socket}"; fi
  done < <(seaweedfs_sockets)
}

# apply_quick_start_kit NAMESPACE: Argo's quick-start names (Service minio,
# Secret my-minio-cred, ConfigMap artifact-repositories) in NAMESPACE.
apply_quick_start_kit() {
  kubectl_admin apply -n "$1" -k "${WEFT_ROOT}/artifacts/quick-start" >/dev/null
  log "artifact store: quick-start kit applied to namespace $1"
}
