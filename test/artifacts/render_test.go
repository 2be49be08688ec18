package artifacts

import (
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

// rendered is what a kustomization renders to: each object's YAML under
// "Kind/namespace/name".
type rendered map[string][]byte

// render builds the kustomization in dir as `kubectl apply -k dir` does,
// with kustomize's default restriction to files under dir and its bases.
func render(t *testing.T, dir string) rendered {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	resources, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(filesys.MakeFsOnDisk(), abs)
	if err != nil {
		t.Fatalf("kustomize %s: %v", dir, err)
	}
	objects := rendered{}
	for _, resource := range resources.Resources() {
		data, err := resource.AsYAML()
		if err != nil {
			t.Fatalf("kustomize %s: %s: %v", dir, resource.CurId(), err)
		}
		objects[objectKey(resource.GetKind(), resource.GetNamespace(), resource.GetName())] = data
	}
	return objects
}

func objectKey(kind, namespace, name string) string {
	return kind + "/" + namespace + "/" + name
}

// decode fills into with the object kind/namespace/name, which must exist.
func (r rendered) decode(t *testing.T, kind, namespace, name string, into any) {
	t.Helper()
	data, ok := r[objectKey(kind, namespace, name)]
	if !ok {
		t.Fatalf("no %s %s/%s among %s", kind, namespace, name, strings.Join(r.keys(), ", "))
	}
	if err := yaml.UnmarshalStrict(data, into); err != nil {
		t.Fatalf("%s %s/%s: %v", kind, namespace, name, err)
	}
}

func (r rendered) keys() []string {
	keys := make([]string, 0, len(r))
	for key := range r {
		keys = append(keys, key)
	}
	return keys
}

// flagValues reads --name=value and --name arguments: a bare flag has the
// value "true". A flag given twice is an error.
func flagValues(t *testing.T, args []string) map[string]string {
	t.Helper()
	values := map[string]string{}
	for _, arg := range args {
		name, value, found := strings.Cut(strings.TrimPrefix(arg, "--"), "=")
		if !strings.HasPrefix(arg, "--") {
			t.Fatalf("argument %q is not a --flag", arg)
		}
		if !found {
			value = "true"
		}
		if _, twice := values[name]; twice {
			t.Fatalf("--%s is given twice in %q", name, args)
		}
		values[name] = value
	}
	return values
}
