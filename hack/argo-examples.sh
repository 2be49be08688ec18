#!/usr/bin/env bash
# Runs Argo Workflows' own examples, unchanged, on the cluster of make up and
# prints how each ended: the check behind "an Argo YAML runs after changing
# only its apiVersion" (weft submit does that change itself).
#
#   hack/argo-examples.sh [EXAMPLES_DIR] > results.tsv
#
# EXAMPLES_DIR defaults to examples/ of Argo v4.0.5, fetched from the Go
# module proxy. The examples run in the namespace argo-examples (recreated,
# with the artifact repository kit of artifacts/quick-start), PARALLEL at a
# time (default 4), each given TIMEOUT seconds (default 300). Objects that are
# not workflows (WorkflowTemplates, ConfigMaps...) are applied first, since
# examples refer to them. Output: one line per workflow file, tab-separated:
# file, phase (or Refused, Timeout), message.
set -o errexit -o nounset -o pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ARGO_VERSION="v4.0.5"
PARALLEL="${PARALLEL:-4}"
TIMEOUT="${TIMEOUT:-300}"
NAMESPACE="argo-examples"
export KUBECONFIG="${KUBECONFIG:-/var/lib/weft-local/kubeconfig}"

dir="${1:-}"
if [[ -z ${dir} ]]; then
  dir="$(go mod download -json "github.com/argoproj/argo-workflows/v4@${ARGO_VERSION}" |
    sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')/examples"
fi
[[ -d ${dir} ]] || { echo "argo-examples.sh: ${dir} is not a directory" >&2; exit 1; }

make -C "${ROOT}" --no-print-directory cli >&2
WEFT="${ROOT}/bin/weft"
kubectl delete namespace "${NAMESPACE}" --ignore-not-found --wait >&2
kubectl create namespace "${NAMESPACE}" >&2
kubectl apply -n "${NAMESPACE}" -k "${ROOT}/artifacts/quick-start" >&2

# What workflows refer to: every document that is not a Workflow or CronWorkflow.
mapfile -t files < <(find "${dir}" -name '*.yaml' | sort)
for file in "${files[@]}"; do
  if grep -qE '^kind: (WorkflowTemplate|ClusterWorkflowTemplate|ConfigMap|Secret)$' "${file}"; then
    sed 's#argoproj.io/v1alpha1#weft.dev/v1alpha1#' "${file}" |
      kubectl apply -n "${NAMESPACE}" -f - >/dev/null 2>&1 || true
  fi
done

# run_one FILE: submits the workflow of FILE, waits, prints its result line.
run_one() {
  local file=$1 name out errors phase message
  errors=$(mktemp)
  if ! out=$("${WEFT}" submit "${file}" -n "${NAMESPACE}" -o name 2>"${errors}"); then
    printf '%s\tRefused\t%s\n' "${file#"${dir}/"}" "$(grep -v '^weft: converted' "${errors}" | tr '\n\t' '  ')"
    rm -f "${errors}"
    return
  fi
  rm -f "${errors}"
  name=${out#workflow.weft.dev/}
  timeout "${TIMEOUT}" "${WEFT}" wait "${name}" -n "${NAMESPACE}" >/dev/null 2>&1 || true
  phase=$(kubectl get workflow.weft.dev "${name}" -n "${NAMESPACE}" -o jsonpath='{.status.phase}' 2>/dev/null || true)
  message=$(kubectl get workflow.weft.dev "${name}" -n "${NAMESPACE}" -o jsonpath='{.status.message}' 2>/dev/null || true)
  case ${phase} in
    Succeeded | Failed | Error) ;;
    *) message="still ${phase:-unknown} after ${TIMEOUT}s; ${message}"; phase=Timeout ;;
  esac
  printf '%s\t%s\t%s\n' "${file#"${dir}/"}" "${phase}" "$(tr '\n\t' '  ' <<<"${message}")"
}
export -f run_one
export WEFT NAMESPACE TIMEOUT dir

for file in "${files[@]}"; do
  grep -qE '^kind: Workflow$' "${file}" && printf '%s\0' "${file}"
done | xargs -0 -P "${PARALLEL}" -I{} bash -c 'run_one "$@"' _ {}
