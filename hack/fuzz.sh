#!/usr/bin/env bash
# `make fuzz`: runs each of Weft's Go fuzz targets in turn.
#
# Targets are found, not listed: every package under cmd/ and pkg/ with a
# func Fuzz... in its tests, and the targets `go test -list` reports there.
# Each runs for FUZZTIME (default 30s) on one worker (-parallel 1), so that
# a shared 2-core machine stays usable. A crash stops the run with the
# failing input written under the package's testdata/fuzz/<target>/, where
# it stays as a regression seed that plain `go test` replays.
#
# FUZZTIME takes go test's -fuzztime values: 30s, 5m, or 10000x executions.
# FUZZMINIMIZETIME (default 5s) bounds the shrinking of each new input;
# go test's own 60s would spend most of a short run shrinking whole
# manifests instead of trying new ones.
# FUZZ narrows the run to the targets whose name matches a regular
# expression: FUZZ=Decode make fuzz.
set -o errexit -o nounset -o pipefail

WEFT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${WEFT_ROOT}"

GO="${GO:-go}"
FUZZTIME="${FUZZTIME:-30s}"
FUZZMINIMIZETIME="${FUZZMINIMIZETIME:-5s}"
FUZZ="${FUZZ:-.}"

mapfile -t packages < <(grep -rl --include='*_test.go' '^func Fuzz' cmd pkg | xargs -n1 dirname | sort -u)
if [[ ${#packages[@]} -eq 0 ]]; then
  echo "no fuzz targets under cmd/ or pkg/" >&2
  exit 1
fi

ran=0
for pkg in "${packages[@]}"; do
  mapfile -t targets < <("${GO}" test -list '^Fuzz' "./${pkg}" | grep '^Fuzz' | grep -E -- "${FUZZ}" || true)
  for target in "${targets[@]}"; do
    echo "=== ${pkg} ${target} (${FUZZTIME})"
    "${GO}" test "./${pkg}" -run '^$' -fuzz "^${target}\$" -fuzztime "${FUZZTIME}" \
      -fuzzminimizetime "${FUZZMINIMIZETIME}" -parallel 1
    ran=$((ran + 1))
  done
done
echo "fuzzed ${ran} targets for ${FUZZTIME} each"
