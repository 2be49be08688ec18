#!/usr/bin/env bash
# Service DNS for pods: CoreDNS (hack/tools/k8s/coredns, only the plugins
# needed) runs on the host on ${NODE_IP}:53 and answers for cluster.local from
# the Kubernetes API. kubelet hands pods ${NODE_IP} as their nameserver.
#
# There is deliberately no forwarding: this machine reaches no network but
# its own, so names outside cluster.local are refused at once instead of
# being sent to the host's upstream resolver.

COREDNS_CONFIG="${WEFT_LOCAL_DIR}/Corefile"
COREDNS_READY_URL="http://127.0.0.1:10059/ready"

# RBAC for CoreDNS's client certificate (CN=system:coredns): what the
# kubernetes plugin reads, as in CoreDNS's own deployment manifests.
apply_coredns_rbac() {
  kubectl_admin apply -f - >/dev/null <<YAML
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: system:coredns
rules:
- apiGroups: [""]
  resources: [endpoints, services, pods, namespaces]
  verbs: [list, watch]
- apiGroups: [discovery.k8s.io]
  resources: [endpointslices]
  verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: system:coredns
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: system:coredns
subjects:
- apiGroup: rbac.authorization.k8s.io
  kind: User
  name: system:coredns
YAML
}

write_corefile() {
  cat > "${COREDNS_CONFIG}" <<COREFILE
# Written by hack/lib/dns.sh for the Weft local cluster.
cluster.local:53 in-addr.arpa:53 ip6.arpa:53 {
    bind ${NODE_IP}
    errors
    health 127.0.0.1:10058
    ready 127.0.0.1:10059
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig ${WEFT_LOCAL_DIR}/coredns.kubeconfig weft-local
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
    }
    cache 30
    loadbalance
}
COREFILE
}

start_coredns() {
  apply_coredns_rbac
  write_corefile
  start_daemon coredns -conf "${COREDNS_CONFIG}"
}

# Ready once the kubernetes plugin has synced Services and EndpointSlices.
healthy_coredns() { curl -sf -o /dev/null "${COREDNS_READY_URL}"; }
