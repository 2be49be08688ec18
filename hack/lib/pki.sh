#!/usr/bin/env bash
# Certificates and kubeconfigs for the local cluster, made with openssl.
# Each file is created only if absent, so re-runs keep the cluster's identity
# (and the kubeconfigs users copied keep working).
#
# Layout under ${PKI_DIR}:
#   ca.crt/key               cluster CA: signs every client and serving cert;
#                            e2e tests sign user client certs with it too
#   front-proxy-ca.crt/key   aggregation: kube-apiserver proxies to Weft's
#                            apiserver with front-proxy-client.crt
#   sa.key/sa.pub            service-account token signing key pair

# openssl's config for the extensions of one certificate.
pki_ext_file() {
  local usage=$1 sans=$2
  printf 'basicConstraints = critical, CA:FALSE\n'
  printf 'keyUsage = critical, digitalSignature, keyEncipherment\n'
  case ${usage} in
    client) printf 'extendedKeyUsage = clientAuth\n' ;;
    server) printf 'extendedKeyUsage = serverAuth\n' ;;
    both)   printf 'extendedKeyUsage = serverAuth, clientAuth\n' ;;
  esac
  if [[ -n ${sans} ]]; then
    printf 'subjectAltName = %s\n' "${sans}"
  fi
}

# pki_ca NAME COMMON_NAME: a self-signed CA valid for ten years.
pki_ca() {
  local name=$1 cn=$2
  [[ -f "${PKI_DIR}/${name}.crt" ]] && return
  openssl genrsa -out "${PKI_DIR}/${name}.key" 2048 2>/dev/null
  openssl req -x509 -new -sha256 -days 3650 -key "${PKI_DIR}/${name}.key" \
    -subj "/CN=${cn}" -out "${PKI_DIR}/${name}.crt" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign"
}

# pki_cert NAME CA SUBJECT USAGE [SANS]: a key pair signed by CA.
# SUBJECT is openssl's form, e.g. /O=system:nodes/CN=system:node:weft-node.
pki_cert() {
  local name=$1 ca=$2 subject=$3 usage=$4 sans=${5:-}
  [[ -f "${PKI_DIR}/${name}.crt" ]] && return
  local ext="${PKI_DIR}/${name}.ext"
  pki_ext_file "${usage}" "${sans}" > "${ext}"
  openssl genrsa -out "${PKI_DIR}/${name}.key" 2048 2>/dev/null
  openssl req -new -sha256 -key "${PKI_DIR}/${name}.key" -subj "${subject}" \
    -out "${PKI_DIR}/${name}.csr"
  openssl x509 -req -sha256 -days 3650 -in "${PKI_DIR}/${name}.csr" \
    -CA "${PKI_DIR}/${ca}.crt" -CAkey "${PKI_DIR}/${ca}.key" -CAcreateserial \
    -extfile "${ext}" -out "${PKI_DIR}/${name}.crt" 2>/dev/null
  rm -f "${PKI_DIR}/${name}.csr" "${ext}"
}

pki_service_account_keys() {
  [[ -f "${PKI_DIR}/sa.pub" ]] && return
  openssl genrsa -out "${PKI_DIR}/sa.key" 2048 2>/dev/null
  openssl rsa -in "${PKI_DIR}/sa.key" -pubout -out "${PKI_DIR}/sa.pub" 2>/dev/null
}

# write_kubeconfig FILE USER_CERT_NAME: a kubeconfig with the CA and the
# client cert embedded, so it can be copied anywhere on this machine.
write_kubeconfig() {
  local file=$1 cert=$2
  [[ -f ${file} ]] && return
  local ca_data cert_data key_data
  ca_data=$(base64 -w0 < "${PKI_DIR}/ca.crt")
  cert_data=$(base64 -w0 < "${PKI_DIR}/${cert}.crt")
  key_data=$(base64 -w0 < "${PKI_DIR}/${cert}.key")
  cat > "${file}.tmp" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: weft-local
  cluster:
    server: ${APISERVER_URL}
    certificate-authority-data: ${ca_data}
users:
- name: ${cert}
  user:
    client-certificate-data: ${cert_data}
    client-key-data: ${key_data}
contexts:
- name: weft-local
  context:
    cluster: weft-local
    user: ${cert}
current-context: weft-local
KUBECONFIG
  chmod 600 "${file}.tmp"
  mv "${file}.tmp" "${file}"
}

create_pki() {
  mkdir -p "${PKI_DIR}"
  chmod 700 "${PKI_DIR}"
  pki_ca ca weft-local-ca
  pki_ca front-proxy-ca weft-local-front-proxy-ca
  pki_service_account_keys

  local apiserver_sans="IP:${NODE_IP},IP:${KUBERNETES_SERVICE_IP},IP:127.0.0.1"
  apiserver_sans+=",DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc"
  apiserver_sans+=",DNS:kubernetes.default.svc.cluster.local,DNS:localhost"
  pki_cert apiserver ca "/CN=kube-apiserver" server "${apiserver_sans}"
  # kube-apiserver's identity towards kubelets (logs, exec, port-forward).
  pki_cert apiserver-kubelet-client ca "/O=system:masters/CN=kube-apiserver-kubelet-client" client
  pki_cert front-proxy-client front-proxy-ca "/CN=front-proxy-client" client
  pki_cert admin ca "/O=system:masters/CN=weft-local-admin" client
  pki_cert controller-manager ca "/CN=system:kube-controller-manager" client
  pki_cert scheduler ca "/CN=system:kube-scheduler" client
  pki_cert kube-proxy ca "/CN=system:kube-proxy" client
  pki_cert coredns ca "/CN=system:coredns" client
  pki_cert kubelet ca "/O=system:nodes/CN=system:node:${NODE_NAME}" client
  pki_cert kubelet-serving ca "/O=system:nodes/CN=system:node:${NODE_NAME}" server \
    "IP:${NODE_IP},IP:127.0.0.1,DNS:${NODE_NAME},DNS:localhost"

  write_kubeconfig "${ADMIN_KUBECONFIG}" admin
  write_kubeconfig "${WEFT_LOCAL_DIR}/controller-manager.kubeconfig" controller-manager
  write_kubeconfig "${WEFT_LOCAL_DIR}/scheduler.kubeconfig" scheduler
  write_kubeconfig "${WEFT_LOCAL_DIR}/kube-proxy.kubeconfig" kube-proxy
  write_kubeconfig "${WEFT_LOCAL_DIR}/coredns.kubeconfig" coredns
  write_kubeconfig "${WEFT_LOCAL_DIR}/kubelet.kubeconfig" kubelet
}
