#!/usr/bin/env bash
# Fixtures for http and git artifacts, served from the host to pods: static
# files by busybox httpd on ${NODE_IP}:${FIXTURES_HTTP_PORT}, and one small
# repository by git daemon on ${NODE_IP}:${FIXTURES_GIT_PORT}. Pods name them
# http://weft-fixtures.weft-system.svc/FILE and
# git://weft-fixtures.weft-system.svc/weft-example.git (a Service without
# selector in hack/local/fixtures.yaml). Their content is made here, the same
# on every machine, so tests may check it byte for byte.

FIXTURES_DIR="${WEFT_LOCAL_DIR}/fixtures"
FIXTURES_HTTP_DIR="${FIXTURES_DIR}/http"
FIXTURES_GIT_DIR="${FIXTURES_DIR}/git"
FIXTURES_HTTP_PORT=9080
FIXTURES_GIT_PORT=9418
FIXTURES_REPOSITORY="weft-example.git"
# One fixed identity and date for every commit and archive, so object names
# and bytes never change.
FIXTURES_DATE="2026-01-01T00:00:00Z"

# write_http_fixtures: hello.txt, and hello.tar.gz holding the directory
# hello/ with hello.txt and README.md (fixed owner, order and dates).
write_http_fixtures() {
  local tmp
  tmp=$(mktemp -d)
  mkdir -p "${tmp}/hello" "${FIXTURES_HTTP_DIR}"
  printf 'hello world\n' > "${tmp}/hello/hello.txt"
  printf '# hello\n\nA fixture archive of the Weft local cluster.\n' > "${tmp}/hello/README.md"
  cp "${tmp}/hello/hello.txt" "${FIXTURES_HTTP_DIR}/hello.txt"
  tar -C "${tmp}" --sort=name --owner=0 --group=0 --numeric-owner --mode=u=rwX,go=rX \
    --mtime="${FIXTURES_DATE}" -cf - hello | gzip -n -9 > "${FIXTURES_HTTP_DIR}/hello.tar.gz.tmp"
  mv "${FIXTURES_HTTP_DIR}/hello.tar.gz.tmp" "${FIXTURES_HTTP_DIR}/hello.tar.gz"
  rm -rf "${tmp}"
}

# fixture_git ARGS...: git with a fixed author, committer and date, and no
# user or system configuration.
fixture_git() {
  GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null \
    GIT_AUTHOR_NAME="Weft Fixtures" GIT_AUTHOR_EMAIL="fixtures@weft.localhost" \
    GIT_COMMITTER_NAME="Weft Fixtures" GIT_COMMITTER_EMAIL="fixtures@weft.localhost" \
    GIT_AUTHOR_DATE="${FIXTURES_DATE}" GIT_COMMITTER_DATE="${FIXTURES_DATE}" \
    git "$@"
}

# write_git_fixture: the bare repository weft-example.git, branch main, one
# commit (README.md and hello.txt) tagged v1. Made in a temporary directory
# and renamed into place, so an interrupted run leaves none half made.
write_git_fixture() {
  local repo="${FIXTURES_GIT_DIR}/${FIXTURES_REPOSITORY}"
  if git --git-dir="${repo}" rev-parse -q --verify refs/tags/v1 >/dev/null 2>&1; then
    return
  fi
  local tmp
  tmp=$(mktemp -d)
  local bare="${tmp}/${FIXTURES_REPOSITORY}"
  fixture_git init -q --bare -b main "${bare}"
  mkdir -p "${tmp}/work"
  printf '# weft-example\n\nA small repository the Weft local cluster serves for git artifacts.\n' > "${tmp}/work/README.md"
  printf 'hello world\n' > "${tmp}/work/hello.txt"
  fixture_git --git-dir="${bare}" --work-tree="${tmp}/work" add README.md hello.txt
  fixture_git --git-dir="${bare}" --work-tree="${tmp}/work" commit -q -m "weft-example: README and hello.txt"
  fixture_git --git-dir="${bare}" tag v1
  mkdir -p "${FIXTURES_GIT_DIR}"
  rm -rf "${repo}"
  mv "${bare}" "${repo}"
  rm -rf "${tmp}"
}

start_fixtures-http() {
  write_http_fixtures
  start_daemon fixtures-http httpd -f -p "${NODE_IP}:${FIXTURES_HTTP_PORT}" -h "${FIXTURES_HTTP_DIR}"
}

start_fixtures-git() {
  write_git_fixture
  start_daemon fixtures-git \
    --reuseaddr --listen="${NODE_IP}" --port="${FIXTURES_GIT_PORT}" \
    --base-path="${FIXTURES_GIT_DIR}" --export-all --informative-errors \
    "${FIXTURES_GIT_DIR}"
}

healthy_fixtures-http() { curl -sf -o /dev/null "http://${NODE_IP}:${FIXTURES_HTTP_PORT}/hello.txt"; }
healthy_fixtures-git() {
  GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null \
    git ls-remote "git://${NODE_IP}:${FIXTURES_GIT_PORT}/${FIXTURES_REPOSITORY}" refs/tags/v1 | grep -q v1
}

ensure_fixtures() {
  ensure_component fixtures-http
  ensure_component fixtures-git
  log "fixtures: http://${NODE_IP}:${FIXTURES_HTTP_PORT}/ and git://${NODE_IP}:${FIXTURES_GIT_PORT}/${FIXTURES_REPOSITORY}"
}

stop_fixtures() {
  stop_component fixtures-http
  stop_component fixtures-git
}
