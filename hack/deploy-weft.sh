#!/usr/bin/env bash
# Deploys Weft into the cluster of make up, as a cluster admin would from
# artifacts/: builds and pushes the images, gives the apiserver's embedded
# etcd a persistent volume, applies artifacts/ with the images pinned by
# digest (through the overlay hack/local, which adds the in-cluster weft ui),
# installs the serving certificate, and waits until the APIService is
# Available. hack/local-up.sh runs it; it is safe to run again after a change.
set -o errexit -o nounset -o pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WEFT_LOCAL_DIR="${WEFT_LOCAL_DIR:-/var/lib/weft-local}"
# Run by hand after make up, it finds the tools make up built in the cache.
WEFT_CACHE_DIR="${WEFT_CACHE_DIR:-/var/cache/weft}"
cached() { command -v "$1" 2>/dev/null || ls "${WEFT_CACHE_DIR}"/bin/"$2"-*/"$1" 2>/dev/null | tail -n 1; }
KUBECTL="${KUBECTL:-$(cached kubectl k8s)}"
CRANE="${CRANE:-$(cached crane crane)}"
[[ -x "${KUBECTL}" && -x "${CRANE}" ]] || { echo "deploy-weft.sh: kubectl or crane not found: run make up first" >&2; exit 1; }
export KUBECTL REGISTRY="${REGISTRY:-127.0.0.1:5000}" CRANE
export KUBECONFIG="${KUBECONFIG:-${WEFT_LOCAL_DIR}/kubeconfig}"

started=$(date +%s)
# weft-ui is the weft CLI, for the optional in-cluster UI that hack/local
# adds (artifacts/optional/ui).
images=(weft-apiserver weft-ui)
for optional in weft-controller weft-executor; do
  [[ -d "${ROOT}/cmd/${optional#weft-}" ]] && images+=("${optional}")
done
echo "Building Weft images: ${images[*]}"
declare -A ref
# Built first, not read through a process substitution, so that a failed
# build stops the deployment before it applies images that do not exist.
built="$("${ROOT}/hack/build-images.sh" "${images[@]}")"
while IFS='=' read -r name image; do
  ref["${name}"]="${image}"
done <<<"${built}"

# The embedded etcd's volume: a hostPath PersistentVolume bound to the claim
# the StatefulSet makes, since this single node has no storage provisioner.
volume_dir="${WEFT_LOCAL_DIR}/volumes/weft-apiserver-etcd"
mkdir -p "${volume_dir}"
chown 65532:65532 "${volume_dir}"
"${KUBECTL}" apply -f - >/dev/null <<YAML
apiVersion: v1
kind: PersistentVolume
metadata:
  name: weft-apiserver-etcd-local
  labels:
    app.kubernetes.io/part-of: weft
spec:
  capacity:
    storage: 2Gi
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  hostPath:
    path: ${volume_dir}
    type: Directory
  claimRef:
    namespace: weft-system
    name: etcd-data-weft-apiserver-0
YAML

manifests="$("${KUBECTL}" kustomize "${ROOT}/hack/local")"
for name in "${!ref[@]}"; do
  manifests="${manifests//weft.localhost\/${name}:latest/${ref[${name}]}}"
done
echo "Applying hack/local (artifacts/ and the local cluster's settings)"
applied="$("${KUBECTL}" apply -f - <<<"${manifests}")"
# The controller reads its configuration at start.
if grep -q '^configmap/weft-controller-config configured' <<<"${applied}"; then
  "${KUBECTL}" -n weft-system rollout restart deployment/weft-controller >/dev/null
fi
"${ROOT}/hack/install-serving-cert.sh"

echo "Waiting for weft-apiserver and the APIService"
"${KUBECTL}" -n weft-system rollout status statefulset/weft-apiserver --timeout=180s
if [[ -n "${ref[weft-controller]:-}" ]]; then
  "${KUBECTL}" -n weft-system rollout status deployment/weft-controller --timeout=180s
fi
"${KUBECTL}" wait --for=condition=Available apiservice/v1alpha1.weft.dev --timeout=120s
# Started with the others, it is ready by now: this catches a broken image.
"${KUBECTL}" -n weft-system rollout status deployment/weft-ui --timeout=60s
echo "Weft deployed in $(( $(date +%s) - started ))s: ${ref[*]}"
