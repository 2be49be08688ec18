package server

import (
	"strings"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// proxiedPathsHelp names the paths the proxy forwards, for its refusals.
const proxiedPathsHelp = "/apis/weft.dev/v1alpha1/[namespaces/NS/]{workflows,workflowtemplates,clusterworkflowtemplates,cronworkflows}[/NAME], " +
	"/apis/weft.dev/v1alpha1/namespaces/NS/workflows/NAME/log, /api/v1/namespaces[/NS], " +
	"/api/v1/namespaces/NS/events, /api/v1/namespaces/NS/pods/NAME"

// weftResources are the weft.dev resources the proxy forwards.
var weftResources = map[string]bool{
	"workflows": true, "workflowtemplates": true, "clusterworkflowtemplates": true, "cronworkflows": true,
}

// proxiedPath says the proxy forwards GETs of the API server's path p:
// what the app shows and nothing else (no Secrets, no pod exec).
func proxiedPath(p string) bool {
	segments := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for _, s := range segments {
		if s == "" || s == "." || s == ".." {
			return false
		}
	}
	if rest, ok := cutSegments(segments, "apis", v1alpha1.GroupName, v1alpha1.SchemeGroupVersion.Version); ok {
		return weftPath(rest)
	}
	if rest, ok := cutSegments(segments, "api", "v1", "namespaces"); ok {
		return namespacesPath(rest)
	}
	return false
}

// weftPath says the proxy forwards the path of weft.dev/v1alpha1 made of
// segments: a resource of weftResources, in a namespace or not, one of
// them by name, and a workflow's log.
func weftPath(segments []string) bool {
	if rest, ok := cutSegments(segments, "namespaces"); ok && len(rest) > 1 {
		segments = rest[1:]
	}
	if len(segments) == 0 || !weftResources[segments[0]] {
		return false
	}
	switch len(segments) {
	case 1, 2:
		return true
	case 3:
		return segments[0] == "workflows" && segments[2] == "log"
	}
	return false
}

// namespacesPath says the proxy forwards the path under /api/v1/namespaces
// made of segments: the namespaces, one of them, its events, a pod.
func namespacesPath(segments []string) bool {
	switch len(segments) {
	case 0, 1:
		return true
	case 2:
		return segments[1] == "events"
	case 3:
		return segments[1] == "pods"
	}
	return false
}

// cutSegments is segments after prefix, if they start with it.
func cutSegments(segments []string, prefix ...string) ([]string, bool) {
	if len(segments) < len(prefix) {
		return nil, false
	}
	for i, p := range prefix {
		if segments[i] != p {
			return nil, false
		}
	}
	return segments[len(prefix):], true
}
