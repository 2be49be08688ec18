#!/usr/bin/env bash
# Fails when the web app of `weft ui` does not type-check, or when the built
# app committed in pkg/ui/assets/dist/ (what the weft binary embeds) is not
# what web/ builds to: run make ui and commit the result.
set -o errexit -o nounset -o pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCRATCH="$(mktemp -d)"
trap 'rm -rf "${SCRATCH}"' EXIT

WEFT_UI_OUT="${SCRATCH}/dist" "${ROOT}/hack/build-ui.sh"
(cd "${ROOT}/web" && npm run --silent check)
if ! diff -r -u "${ROOT}/pkg/ui/assets/dist" "${SCRATCH}/dist" >"${SCRATCH}/diff"; then
  head -c 4000 "${SCRATCH}/diff" >&2
  echo "pkg/ui/assets/dist is stale: run make ui and commit the result." >&2
  exit 1
fi
echo "weft ui's built app is up to date."
