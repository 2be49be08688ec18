// Package artifacts tests what a cluster admin applies from artifacts/ and
// the scripts beside it, without a cluster: the rendered kustomizations, the
// certificates hack/install-etcd-certs.sh makes, the audit policy example.
package artifacts

import (
	"os"
	"slices"
	"testing"

	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apiserver/pkg/apis/audit"
	auditpkg "k8s.io/apiserver/pkg/audit"
	"k8s.io/apiserver/pkg/audit/policy"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
)

const auditPolicyFile = "../../artifacts/optional/audit-policy.yaml"

// The users whose requests the policy singles out.
var (
	alice          = &user.DefaultInfo{Name: "alice", Groups: []string{"system:authenticated"}}
	weftController = &user.DefaultInfo{Name: "system:serviceaccount:weft-system:weft-controller", Groups: []string{"system:serviceaccounts"}}
	weftAPIServer  = &user.DefaultInfo{Name: "system:serviceaccount:weft-system:weft-apiserver", Groups: []string{"system:serviceaccounts"}}
)

// weftRequest is a request for a weft.dev resource in the namespace team-a.
func weftRequest(who user.Info, verb, resource, subresource string) authorizer.AttributesRecord {
	return authorizer.AttributesRecord{
		User: who, Verb: verb, Namespace: "team-a", APIGroup: "weft.dev", APIVersion: "v1alpha1",
		Resource: resource, Subresource: subresource, Name: "build-1", ResourceRequest: true,
	}
}

func TestAuditPolicyLevels(t *testing.T) {
	loaded, err := policy.LoadPolicyFromFile(auditPolicyFile)
	if err != nil {
		t.Fatalf("the kube-apiserver would refuse %s: %v", auditPolicyFile, err)
	}
	evaluator := policy.NewPolicyRuleEvaluator(loaded)

	cases := []struct {
		name    string
		request authorizer.AttributesRecord
		want    audit.Level
	}{
		{"get a workflow", weftRequest(alice, "get", "workflows", ""), audit.LevelMetadata},
		{"list workflows", weftRequest(alice, "list", "workflows", ""), audit.LevelMetadata},
		{"watch workflows", weftRequest(alice, "watch", "workflows", ""), audit.LevelMetadata},
		{"read a workflow's log", weftRequest(alice, "get", "workflows", "log"), audit.LevelMetadata},
		{"get a workflow template", weftRequest(alice, "get", "workflowtemplates", ""), audit.LevelMetadata},
		{"create a workflow", weftRequest(alice, "create", "workflows", ""), audit.LevelRequestResponse},
		{"update a workflow", weftRequest(alice, "update", "workflows", ""), audit.LevelRequestResponse},
		{"patch a workflow's status (resume)", weftRequest(alice, "patch", "workflows", "status"), audit.LevelRequestResponse},
		{"delete a workflow", weftRequest(alice, "delete", "workflows", ""), audit.LevelRequestResponse},
		{"delete all workflows", weftRequest(alice, "deletecollection", "workflows", ""), audit.LevelRequestResponse},
		{"create a workflow template", weftRequest(alice, "create", "workflowtemplates", ""), audit.LevelRequestResponse},
		{"update a cluster workflow template", weftRequest(alice, "update", "clusterworkflowtemplates", ""), audit.LevelRequestResponse},
		{"patch a cron workflow", weftRequest(alice, "patch", "cronworkflows", ""), audit.LevelRequestResponse},
		{"update a cron workflow's status", weftRequest(alice, "update", "cronworkflows", "status"), audit.LevelRequestResponse},
		{"delete a cron workflow", weftRequest(alice, "delete", "cronworkflows", ""), audit.LevelRequestResponse},
		{"controller creates a workflow (cron run)", weftRequest(weftController, "create", "workflows", ""), audit.LevelRequestResponse},
		{"controller writes a workflow's status", weftRequest(weftController, "update", "workflows", "status"), audit.LevelMetadata},
		{"controller writes a cron workflow's status", weftRequest(weftController, "patch", "cronworkflows", "status"), audit.LevelMetadata},
		{"watch core events", coreRequest(alice, "watch", "", "events"), audit.LevelNone},
		{"watch events.k8s.io events", coreRequest(alice, "watch", "events.k8s.io", "events"), audit.LevelNone},
		{"create an event", coreRequest(weftController, "create", "", "events"), audit.LevelMetadata},
		{"read a secret", coreRequest(alice, "get", "", "secrets"), audit.LevelMetadata},
		{"create a secret", coreRequest(alice, "create", "", "secrets"), audit.LevelMetadata},
		{"create a pod", coreRequest(alice, "create", "", "pods"), audit.LevelMetadata},
		{"weft-apiserver's subject access review", clusterRequest(weftAPIServer, "create", "authorization.k8s.io", "subjectaccessreviews"), audit.LevelNone},
		{"weft-apiserver's token review", clusterRequest(weftAPIServer, "create", "authentication.k8s.io", "tokenreviews"), audit.LevelNone},
		{"someone else's subject access review", clusterRequest(alice, "create", "authorization.k8s.io", "subjectaccessreviews"), audit.LevelMetadata},
		{"/healthz", pathRequest("/healthz"), audit.LevelNone},
		{"/livez", pathRequest("/livez"), audit.LevelNone},
		{"/readyz", pathRequest("/readyz"), audit.LevelNone},
		{"/readyz/etcd", pathRequest("/readyz/etcd"), audit.LevelNone},
		{"/metrics", pathRequest("/metrics"), audit.LevelMetadata},
	}
	for _, c := range cases {
		if got := evaluator.EvaluatePolicyRule(c.request).Level; got != c.want {
			t.Errorf("%s: level %s, want %s", c.name, got, c.want)
		}
	}

	created := evaluator.EvaluatePolicyRule(weftRequest(alice, "create", "workflows", ""))
	if !created.OmitManagedFields {
		t.Errorf("create a workflow: managedFields recorded, want them left out of the recorded objects")
	}
	if !slices.Contains(created.OmitStages, audit.StageRequestReceived) {
		t.Errorf("create a workflow: omitted stages %v, want RequestReceived among them (one event per request)", created.OmitStages)
	}
}

// TestAuditPolicyDecodesStrictly catches misspelt fields, which the
// kube-apiserver only warns about before ignoring them.
func TestAuditPolicyDecodesStrictly(t *testing.T) {
	data, err := os.ReadFile(auditPolicyFile)
	if err != nil {
		t.Fatal(err)
	}
	strict := serializer.NewCodecFactory(auditpkg.Scheme, serializer.EnableStrict).UniversalDecoder()
	if _, _, err := strict.Decode(data, nil, &audit.Policy{}); err != nil {
		t.Fatalf("%s: %v", auditPolicyFile, err)
	}
}

// coreRequest is a request for a namespaced resource of another group.
func coreRequest(who user.Info, verb, group, resource string) authorizer.AttributesRecord {
	return authorizer.AttributesRecord{
		User: who, Verb: verb, Namespace: "team-a", APIGroup: group, APIVersion: "v1",
		Resource: resource, Name: "x", ResourceRequest: true,
	}
}

// clusterRequest is a request for a cluster-scoped resource.
func clusterRequest(who user.Info, verb, group, resource string) authorizer.AttributesRecord {
	return authorizer.AttributesRecord{
		User: who, Verb: verb, APIGroup: group, APIVersion: "v1", Resource: resource, ResourceRequest: true,
	}
}

// pathRequest is a GET of a non-resource path by a probe.
func pathRequest(path string) authorizer.AttributesRecord {
	return authorizer.AttributesRecord{
		User: &user.DefaultInfo{Name: "system:anonymous"}, Verb: "get", Path: path,
	}
}
