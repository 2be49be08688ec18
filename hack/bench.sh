#!/usr/bin/env bash
# `make bench`: Weft's benchmarks against clusters the script starts itself.
#
# Builds what the benchmarks run (Kubernetes, etcd, KWOK, cached by version
# under /var/cache/weft/bin; Weft's own binaries into bin/), starts the real
# single-node cluster of `make up` for the real-pod figures, then runs
# test/bench: throw-away loopback control planes with KWOK's simulated nodes
# for the API and controller paths. Prints one markdown table and writes
# every figure (median, min, max of the runs) as JSON under _output/bench/.
#
# QUICK=1 runs the short version (under 10 minutes) for a developer's loop;
# BENCH_ARGS passes further flags to test/bench (go run ./test/bench -h).
set -o errexit -o nounset -o pipefail

WEFT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=hack/lib/common.sh
source "${WEFT_ROOT}/hack/lib/common.sh"
# shellcheck source=hack/lib/build.sh
source "${WEFT_ROOT}/hack/lib/build.sh"

KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"
KWOK_BIN_DIR="${WEFT_CACHE_DIR}/bin/kwok-${KWOK_VERSION}"

build_kwok() {
  if all_present "${KWOK_BIN_DIR}" kwok; then
    log "kwok ${KWOK_VERSION}: cached in ${KWOK_BIN_DIR}"
    return
  fi
  log "kwok ${KWOK_VERSION}: building from source (about 80 seconds)"
  local tmp="${KWOK_BIN_DIR}.tmp.$$"
  rm -rf "${tmp}"; mkdir -p "${tmp}"
  # go install outside the repository: KWOK's module, not Weft's, decides its dependencies.
  (cd "${tmp}" && GOBIN="${tmp}" CGO_ENABLED=0 GOFLAGS=-buildvcs=false go install "sigs.k8s.io/kwok/cmd/kwok@${KWOK_VERSION}")
  rm -rf "${KWOK_BIN_DIR}"; mv "${tmp}" "${KWOK_BIN_DIR}"
}

main() {
  require_root
  "${WEFT_ROOT}/hack/local-up.sh"
  build_kubernetes
  build_etcd
  build_kwok
  make -C "${WEFT_ROOT}" --no-print-directory build

  local out_dir="${WEFT_ROOT}/_output/bench" stamp
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  mkdir -p "${out_dir}"
  local quick=false
  [[ "${QUICK:-}" == 1 ]] && quick=true
  # shellcheck disable=SC2086 # BENCH_ARGS is a list of flags.
  go -C "${WEFT_ROOT}" run ./test/bench \
    -quick="${quick}" \
    -kubernetes-dir "${K8S_BIN_DIR}" -etcd "${ETCD_BIN_DIR}/etcd" -kwok "${KWOK_BIN_DIR}/kwok" \
    -weft-dir "${WEFT_ROOT}/bin" -real-kubeconfig "${ADMIN_KUBECONFIG}" \
    -json "${out_dir}/bench-${stamp}.json" -markdown "${out_dir}/bench-${stamp}.md" ${BENCH_ARGS:-}
  ln -sf "bench-${stamp}.json" "${out_dir}/latest.json"
  ln -sf "bench-${stamp}.md" "${out_dir}/latest.md"
  log "figures: ${out_dir}/bench-${stamp}.json and .md"
}

main "$@"
