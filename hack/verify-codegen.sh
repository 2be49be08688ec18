#!/usr/bin/env bash
# Fails when the generated code or the API violation report is stale: it runs
# hack/update-codegen.sh on a copy of the tree and compares the results.
set -o errexit -o nounset -o pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCRATCH="$(mktemp -d)"
trap 'rm -rf "${SCRATCH}"' EXIT

cd "${ROOT}"
tar --exclude=./.git --exclude=./bin --exclude=./_output --exclude=./web/node_modules -cf - . | tar -C "${SCRATCH}" -xf -
"${SCRATCH}/hack/update-codegen.sh" >/dev/null

stale=0
for path in pkg/apis pkg/generated hack/api-violations.list; do
  if ! diff -r -u "${ROOT}/${path}" "${SCRATCH}/${path}"; then
    stale=1
  fi
done
if [[ "${stale}" -ne 0 ]]; then
  echo "Generated code is stale: run hack/update-codegen.sh (make codegen) and commit the result." >&2
  exit 1
fi
echo "Generated code is up to date."
