#!/usr/bin/env bash
# Builds the web app of `weft ui` (web/) into pkg/ui/assets/dist/, which the
# weft binary embeds; WEFT_UI_OUT names another output directory (make verify
# builds into a scratch one and compares). Installs web/'s npm dependencies
# from package-lock.json first, unless node_modules already holds that lock.
set -o errexit -o nounset -o pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WEB="${ROOT}/web"

for tool in node npm; do
  if ! command -v "${tool}" >/dev/null; then
    echo "weft ui's web app needs ${tool} (Debian: apt-get install nodejs npm)." >&2
    exit 1
  fi
done

stamp="${WEB}/node_modules/.weft-package-lock.sha256"
want=$(sha256sum "${WEB}/package-lock.json" | cut -d' ' -f1)
if [[ ! -f "${stamp}" || "$(cat "${stamp}")" != "${want}" ]]; then
  echo "web: installing npm dependencies (npm ci)" >&2
  (cd "${WEB}" && npm ci --no-audit --no-fund --loglevel=error)
  echo "${want}" > "${stamp}"
fi
(cd "${WEB}" && npm run --silent build)
