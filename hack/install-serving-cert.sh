#!/usr/bin/env bash
# Creates (or rotates) weft-apiserver's serving certificate and tells the
# kube-apiserver to trust it.
#
#   hack/install-serving-cert.sh            create once; a no-op when the Secret exists
#   hack/install-serving-cert.sh --rotate   new serving certificate from the same CA
#   hack/install-serving-cert.sh --new-ca   new CA and certificate (brief unavailability)
#
# The CA and the certificate live in the Secret weft-system/weft-apiserver-serving-cert
# (ca.crt, ca.key, tls.crt, tls.key); the APIService v1alpha1.weft.dev carries ca.crt as
# its caBundle. weft-apiserver reloads the files when the Secret changes: no restart.
set -o errexit -o nounset -o pipefail

NAMESPACE=weft-system
SECRET=weft-apiserver-serving-cert
SERVICE=weft-apiserver
KUBECTL="${KUBECTL:-kubectl}"
MODE="${1:-create}"

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

have_secret() { "${KUBECTL}" -n "${NAMESPACE}" get secret "${SECRET}" >/dev/null 2>&1; }

secret_field() {
  "${KUBECTL}" -n "${NAMESPACE}" get secret "${SECRET}" -o "jsonpath={.data.${1//./\\.}}" | base64 -d
}

new_ca() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=weft-apiserver-ca" \
    -keyout "${work}/ca.key" -out "${work}/ca.crt" 2>/dev/null
}

new_serving_cert() {
  local dns="DNS:${SERVICE},DNS:${SERVICE}.${NAMESPACE},DNS:${SERVICE}.${NAMESPACE}.svc,DNS:${SERVICE}.${NAMESPACE}.svc.cluster.local"
  openssl req -newkey rsa:2048 -nodes -subj "/CN=${SERVICE}.${NAMESPACE}.svc" \
    -keyout "${work}/tls.key" -out "${work}/tls.csr" 2>/dev/null
  openssl x509 -req -in "${work}/tls.csr" -CA "${work}/ca.crt" -CAkey "${work}/ca.key" -CAcreateserial \
    -days 365 -extfile <(printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "${dns}") \
    -out "${work}/tls.crt" 2>/dev/null
}

case "${MODE}" in
  create)
    if have_secret; then
      echo "Secret ${NAMESPACE}/${SECRET} exists; keeping it (use --rotate to renew)."
      secret_field ca.crt > "${work}/ca.crt"
    else
      new_ca
      new_serving_cert
    fi
    ;;
  --rotate)
    secret_field ca.crt > "${work}/ca.crt"
    secret_field ca.key > "${work}/ca.key"
    new_serving_cert
    ;;
  --new-ca)
    new_ca
    new_serving_cert
    ;;
  *)
    echo "usage: $0 [--rotate|--new-ca]" >&2
    exit 2
    ;;
esac

"${KUBECTL}" create namespace "${NAMESPACE}" --dry-run=client -o yaml | "${KUBECTL}" apply -f - >/dev/null
if [[ -f "${work}/tls.crt" ]]; then
  "${KUBECTL}" -n "${NAMESPACE}" create secret generic "${SECRET}" \
    --from-file=ca.crt="${work}/ca.crt" --from-file=ca.key="${work}/ca.key" \
    --from-file=tls.crt="${work}/tls.crt" --from-file=tls.key="${work}/tls.key" \
    --dry-run=client -o yaml | "${KUBECTL}" apply --server-side --force-conflicts --field-manager=weft-install -f - >/dev/null
  echo "Wrote Secret ${NAMESPACE}/${SECRET} (serving certificate valid 365 days)."
fi

ca_bundle="$(base64 -w0 < "${work}/ca.crt")"
if "${KUBECTL}" get apiservice v1alpha1.weft.dev >/dev/null 2>&1; then
  "${KUBECTL}" patch apiservice v1alpha1.weft.dev --type=merge -p "{\"spec\":{\"caBundle\":\"${ca_bundle}\"}}" >/dev/null
  echo "APIService v1alpha1.weft.dev trusts the serving CA."
else
  echo "APIService v1alpha1.weft.dev does not exist yet: apply artifacts/, then run this script again."
fi
