package templateref

import (
	"context"
	"fmt"
	"strings"

	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"

	"github.com/weft-dev/weft/pkg/apis/weft"
)

// SetAuthorizer implements k8s.io/apiserver's initializer.WantsAuthorizer.
func (p *Plugin) SetAuthorizer(authz authorizer.Authorizer) {
	p.authorizer = authz
}

// unreadable returns the references of refs whose template the requesting
// user may not get: running a template is reading it, so a reference is
// only as good as the user's right to read what it names.
func (p *Plugin) unreadable(ctx context.Context, a admission.Attributes, refs []reference) ([]reference, error) {
	var refused []reference
	for _, ref := range refs {
		decision, _, err := p.authorizer.Authorize(ctx, readAttributes(a.GetUserInfo(), a.GetNamespace(), ref))
		if err != nil && decision != authorizer.DecisionAllow {
			return nil, fmt.Errorf("authorizing the read of %s %q: %w", kindOf(ref), ref.name, err)
		}
		if decision != authorizer.DecisionAllow {
			refused = append(refused, ref)
		}
	}
	return refused, nil
}

// readAttributes are those of a get of ref's template by u.
func readAttributes(u user.Info, namespace string, ref reference) authorizer.AttributesRecord {
	attrs := authorizer.AttributesRecord{
		User:            u,
		Verb:            "get",
		APIGroup:        weft.GroupName,
		APIVersion:      "*",
		Resource:        "workflowtemplates",
		Namespace:       namespace,
		Name:            ref.name,
		ResourceRequest: true,
	}
	if ref.clusterScope {
		attrs.Resource, attrs.Namespace = "clusterworkflowtemplates", ""
	}
	return attrs
}

// forbidden is the 403 of references to templates the user may not read.
// It does not say whether they exist.
func forbidden(a admission.Attributes, refused []reference) error {
	name := "unknown"
	if u := a.GetUserInfo(); u != nil {
		name = u.GetName()
	}
	parts := make([]string, 0, len(refused))
	for _, ref := range refused {
		where := fmt.Sprintf("in namespace %q", a.GetNamespace())
		if ref.clusterScope {
			where = "(cluster-scoped)"
		}
		parts = append(parts, fmt.Sprintf("%s: user %q may not get %s %q %s", ref.path.Child("name"), name, kindOf(ref), ref.name, where))
	}
	return admission.NewForbidden(a, fmt.Errorf("%s; a workflow may only use templates its creator may read: ask for read access to them "+
		"(for ClusterWorkflowTemplates, a binding of the ClusterRole weft-clusterworkflowtemplate-viewer)", strings.Join(parts, "; ")))
}
