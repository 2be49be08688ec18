#!/usr/bin/env bash
# Regenerates everything under pkg/generated and the zz_generated files of
# pkg/apis with k8s.io/code-generator's kube_codegen.sh, at the version go.mod pins.
# With --verify-only it writes into a copy of the tree and fails when the
# committed files differ (hack/verify-codegen.sh uses it).
set -o errexit -o nounset -o pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODULE="github.com/weft-dev/weft"
REPORT_FLAG=(--update-report)
if [[ "${1:-}" == "--verify-only" ]]; then
  REPORT_FLAG=()
fi

cd "${ROOT}"
CODEGEN_PKG="$(go list -m -f '{{.Dir}}' k8s.io/code-generator)"
# shellcheck source=/dev/null
source "${CODEGEN_PKG}/kube_codegen.sh"
# openapi-gen writes a model-name file into every input package; the core and
# policy types live in the read-only module cache, which root could otherwise
# overwrite (go mod verify then fails).
KUBE_CODEGEN_READONLY_PKGS+=(k8s.io/api/core/v1 k8s.io/api/policy/v1)

BOILERPLATE="${ROOT}/hack/boilerplate.go.txt"

# Weft's types embed Kubernetes core and policy types; their apply
# configurations are client-go's own, one mapping per type that has one.
CLIENT_GO="$(go list -m -f '{{.Dir}}' k8s.io/client-go)"
EXTERNALS=""
for group in core/v1 policy/v1; do
  for type in $(sed -n 's/^type \([A-Za-z0-9]*\)ApplyConfiguration struct.*/\1/p' "${CLIENT_GO}/applyconfigurations/${group}"/*.go); do
    EXTERNALS+="${EXTERNALS:+,}k8s.io/api/${group}.${type}:k8s.io/client-go/applyconfigurations/${group}"
  done
done

kube::codegen::gen_helpers \
  --boilerplate "${BOILERPLATE}" \
  "${ROOT}/pkg/apis"

kube::codegen::gen_openapi \
  --output-dir "${ROOT}/pkg/generated/openapi" \
  --output-pkg "${MODULE}/pkg/generated/openapi" \
  --extra-pkgs k8s.io/api/core/v1 \
  --extra-pkgs k8s.io/api/policy/v1 \
  --extra-pkgs k8s.io/apimachinery/pkg/util/intstr \
  --report-filename "${ROOT}/hack/api-violations.list" \
  --output-model-name-file zz_generated.model_name.go \
  "${REPORT_FLAG[@]}" \
  --boilerplate "${BOILERPLATE}" \
  "${ROOT}/pkg/apis"

kube::codegen::gen_client \
  --with-watch \
  --with-applyconfig \
  --applyconfig-externals "${EXTERNALS}" \
  --output-dir "${ROOT}/pkg/generated" \
  --output-pkg "${MODULE}/pkg/generated" \
  --boilerplate "${BOILERPLATE}" \
  "${ROOT}/pkg/apis"
