package templateref

import (
	"context"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/generated/clientset/versioned/fake"
	"github.com/weft-dev/weft/pkg/generated/informers/externalversions"
)

// readRights allows get of the templates named in it, keyed by
// resource/namespace/name, and denies everything else.
type readRights map[string]bool

func (r readRights) Authorize(_ context.Context, a authorizer.Attributes) (authorizer.Decision, string, error) {
	if a.GetVerb() == "get" && r[a.GetResource()+"/"+a.GetNamespace()+"/"+a.GetName()] {
		return authorizer.DecisionAllow, "", nil
	}
	return authorizer.DecisionNoOpinion, "", nil
}

// newTestPlugin is the plugin over a cluster holding the WorkflowTemplate
// team-a/shared (template main) and the ClusterWorkflowTemplate global.
func newTestPlugin(t *testing.T, rights readRights) *Plugin {
	t.Helper()
	client := fake.NewSimpleClientset(
		&v1alpha1.WorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "shared", Namespace: "team-a"},
			Spec: v1alpha1.WorkflowSpec{Templates: []v1alpha1.Template{{Name: "main"}}}},
		&v1alpha1.ClusterWorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "global"},
			Spec: v1alpha1.WorkflowSpec{Templates: []v1alpha1.Template{{Name: "main"}}}},
	)
	factory := externalversions.NewSharedInformerFactory(client, 0)
	p := New()
	p.SetWeftInformerFactory(factory)
	p.SetWeftClient(client)
	p.SetAuthorizer(authorizer.AuthorizerFunc(rights.Authorize))
	if err := p.ValidateInitialization(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	factory.Start(ctx.Done())
	factory.WaitForCacheSync(ctx.Done())
	return p
}

// createdBy are the admission attributes of alice creating wf in team-a.
func createdBy(wf *weft.Workflow) admission.Attributes {
	wf.Namespace = "team-a"
	return admission.NewAttributesRecord(wf, nil, weft.Kind("Workflow").WithVersion("v1alpha1"), "team-a", "wf",
		weft.Resource("workflows").WithVersion("v1alpha1"), "", admission.Create, &metav1.CreateOptions{}, false,
		&user.DefaultInfo{Name: "alice", Groups: []string{"developers"}})
}

func referring(name string, clusterScope bool) *weft.Workflow {
	return &weft.Workflow{Spec: weft.WorkflowSpec{Templates: []weft.Template{{
		Name:  "main",
		Steps: [][]weft.WorkflowStep{{{Name: "call", TemplateRef: &weft.TemplateRef{Name: name, Template: "main", ClusterScope: clusterScope}}}},
	}}}}
}

func TestReferencesNeedTheRightToReadTheirTemplate(t *testing.T) {
	const path = "spec.templates[0].steps[0][0].templateRef.name"
	for _, tc := range []struct {
		name         string
		rights       readRights
		ref          string
		clusterScope bool
		// wantCode is the HTTP status of the refusal, 0 when admitted.
		wantCode int32
		want     string
	}{
		{name: "readable and there", rights: readRights{"workflowtemplates/team-a/shared": true}, ref: "shared"},
		{name: "unreadable", rights: readRights{}, ref: "shared", wantCode: 403,
			want: path + `: user "alice" may not get WorkflowTemplate "shared" in namespace "team-a"`},
		{name: "unreadable and missing: the same refusal, not a 422 that tells it is missing", rights: readRights{}, ref: "absent", wantCode: 403,
			want: path + `: user "alice" may not get WorkflowTemplate "absent" in namespace "team-a"`},
		{name: "readable and missing", rights: readRights{"workflowtemplates/team-a/absent": true}, ref: "absent", wantCode: 422,
			want: `no WorkflowTemplate named "absent" exists in namespace "team-a"`},
		{name: "read right in another namespace only", rights: readRights{"workflowtemplates/team-b/shared": true}, ref: "shared", wantCode: 403,
			want: `may not get WorkflowTemplate "shared"`},
		{name: "cluster template readable", rights: readRights{"clusterworkflowtemplates//global": true}, ref: "global", clusterScope: true},
		{name: "cluster template unreadable", rights: readRights{"workflowtemplates/team-a/global": true}, ref: "global", clusterScope: true, wantCode: 403,
			want: `may not get ClusterWorkflowTemplate "global" (cluster-scoped)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newTestPlugin(t, tc.rights)
			err := p.Validate(context.Background(), createdBy(referring(tc.ref, tc.clusterScope)), nil)
			if tc.wantCode == 0 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			status, ok := err.(apierrors.APIStatus)
			if !ok || status.Status().Code != tc.wantCode {
				t.Fatalf("got %v, want a %d", err, tc.wantCode)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%q does not say %q", err.Error(), tc.want)
			}
		})
	}
}
