#!/usr/bin/env bash
# Makes the certificates of the external etcd of artifacts/optional/external-etcd/
# and stores them as Secrets in weft-system, where the etcd members and
# weft-apiserver mount them.
#
#   hack/install-etcd-certs.sh            create; keeps the CA and every certificate that exists
#   hack/install-etcd-certs.sh --rotate   new server, peer and client certificates from the same CA
#
#   weft-etcd-ca      ca.crt, ca.key             the CA (10 years), only to issue certificates
#   weft-etcd-server  ca.crt, tls.crt, tls.key   what etcd shows its clients
#   weft-etcd-peer    ca.crt, tls.crt, tls.key   what the members show each other
#   weft-etcd-client  ca.crt, tls.crt, tls.key   what weft-apiserver shows etcd
#
# Certificates are valid 365 days. etcd runs with --client-cert-auth and
# --peer-client-cert-auth against this CA, so keep the CA for etcd alone: every
# certificate it signs reaches all of Weft's data. After --rotate, restart the
# etcd members one at a time, then weft-apiserver (kubectl rollout restart).
# CLUSTER_DOMAIN (default cluster.local) is the cluster's DNS domain.
set -o errexit -o nounset -o pipefail

NAMESPACE=weft-system
SERVICE=weft-etcd
CLUSTER_DOMAIN="${CLUSTER_DOMAIN:-cluster.local}"
KUBECTL="${KUBECTL:-kubectl}"
MODE="${1:-create}"
DAYS=365

if [[ "${MODE}" != create && "${MODE}" != --rotate ]]; then
  echo "usage: $0 [--rotate]" >&2
  exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

have_secret() { "${KUBECTL}" -n "${NAMESPACE}" get secret "$1" >/dev/null 2>&1; }

secret_field() {
  "${KUBECTL}" -n "${NAMESPACE}" get secret "$1" -o "jsonpath={.data.${2//./\\.}}" | base64 -d
}

# store_secret NAME KEY=FILE...: creates or replaces the Secret NAME.
store_secret() {
  local name="$1"
  shift
  local from_files=()
  for pair in "$@"; do
    from_files+=("--from-file=${pair}")
  done
  "${KUBECTL}" -n "${NAMESPACE}" create secret generic "${name}" "${from_files[@]}" --dry-run=client -o yaml |
    "${KUBECTL}" apply --server-side --force-conflicts --field-manager=weft-install -f - >/dev/null
  echo "Wrote Secret ${NAMESPACE}/${name}."
}

new_ca() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=weft-etcd-ca" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "${work}/ca.key" -out "${work}/ca.crt" 2>/dev/null
  store_secret weft-etcd-ca ca.crt="${work}/ca.crt" ca.key="${work}/ca.key"
}

# Every member's name, weft-etcd-N.weft-etcd.weft-system.svc, and loopback
# for etcdctl inside a member's pod.
member_names() {
  local svc="${SERVICE}.${NAMESPACE}.svc"
  printf 'DNS:*.%s,DNS:*.%s.%s,DNS:%s,DNS:%s.%s,DNS:localhost,IP:127.0.0.1' \
    "${svc}" "${svc}" "${CLUSTER_DOMAIN}" "${svc}" "${svc}" "${CLUSTER_DOMAIN}"
}

# issue SECRET COMMON_NAME EXTENSIONS: a certificate from the CA, stored with
# the CA certificate in the Secret SECRET.
issue() {
  local secret="$1" common_name="$2" extensions="$3"
  local dir="${work}/${secret}"
  mkdir -p "${dir}"
  openssl req -newkey rsa:2048 -nodes -subj "/CN=${common_name}" \
    -keyout "${dir}/tls.key" -out "${dir}/tls.csr" 2>/dev/null
  openssl x509 -req -in "${dir}/tls.csr" -CA "${work}/ca.crt" -CAkey "${work}/ca.key" -CAcreateserial \
    -days "${DAYS}" -extfile <(printf '%s\n' "${extensions}") -out "${dir}/tls.crt" 2>/dev/null
  store_secret "${secret}" ca.crt="${work}/ca.crt" tls.crt="${dir}/tls.crt" tls.key="${dir}/tls.key"
}

issue_server() {
  # clientAuth too: etcd's gRPC gateway dials the member itself with this certificate.
  issue weft-etcd-server "${SERVICE}" "$(printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth' "$(member_names)")"
}

issue_peer() {
  issue weft-etcd-peer "${SERVICE}-peer" "$(printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth' "$(member_names)")"
}

issue_client() {
  issue weft-etcd-client weft-apiserver 'extendedKeyUsage=clientAuth'
}

"${KUBECTL}" create namespace "${NAMESPACE}" --dry-run=client -o yaml | "${KUBECTL}" apply -f - >/dev/null

case "${MODE}" in
  create)
    if have_secret weft-etcd-ca; then
      echo "Secret ${NAMESPACE}/weft-etcd-ca exists; keeping it and the certificates it issued (use --rotate to renew)."
      secret_field weft-etcd-ca ca.crt > "${work}/ca.crt"
      secret_field weft-etcd-ca ca.key > "${work}/ca.key"
      have_secret weft-etcd-server || issue_server
      have_secret weft-etcd-peer || issue_peer
      have_secret weft-etcd-client || issue_client
    else
      new_ca
      issue_server
      issue_peer
      issue_client
    fi
    ;;
  --rotate)
    if ! have_secret weft-etcd-ca; then
      echo "Secret ${NAMESPACE}/weft-etcd-ca does not exist: run $0 without --rotate first." >&2
      exit 1
    fi
    secret_field weft-etcd-ca ca.crt > "${work}/ca.crt"
    secret_field weft-etcd-ca ca.key > "${work}/ca.key"
    issue_server
    issue_peer
    issue_client
    echo "Restart the etcd members one at a time, then weft-apiserver, to use the new certificates."
    ;;
esac
