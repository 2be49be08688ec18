package manifest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	jsonserializer "k8s.io/apimachinery/pkg/runtime/serializer/json"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// Stdin is the path that names standard input.
const Stdin = "-"

// ArgoGroupVersion is the apiVersion of Argo Workflows objects.
const ArgoGroupVersion = "argoproj.io/v1alpha1"

// File is the objects of one file.
type File struct {
	// Source is the file's path, or "<stdin>".
	Source string
	// Documents are the file's non-empty documents, in order.
	Documents []Document
	// Converted says some document had the argoproj.io apiVersion.
	Converted bool
}

// Document is one object of a file.
type Document struct {
	// Source is the file's path, or "<stdin>".
	Source string
	// Index is the document's position among the file's documents, from 1.
	Index int
	// Of is how many documents the file holds.
	Of int
	// Kind is the object's group, version and kind, argoproj.io rewritten.
	Kind schema.GroupVersionKind
	// Object is the decoded weft.dev object, nil for any other kind.
	Object runtime.Object
	// UnknownFields are the strict decoding errors: fields Weft does not
	// know, which the server rejects, and duplicate fields.
	UnknownFields []string
}

// Location names the document in messages: the file, and the document's
// position when the file holds several.
func (d Document) Location() string {
	if d.Of > 1 {
		return fmt.Sprintf("%s (document %d)", d.Source, d.Index)
	}
	return d.Source
}

// IsWeft says the document holds a weft.dev object.
func (d Document) IsWeft() bool { return d.Object != nil }

// ReadFile reads the documents of the file at path, or of stdin when path
// is Stdin.
func ReadFile(path string, stdin io.Reader) (*File, error) {
	source, r := path, stdin
	if path == Stdin {
		source = "<stdin>"
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	file, err := Read(source, r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	return file, nil
}

// Read reads the documents of a YAML or JSON stream named source.
func Read(source string, r io.Reader) (*File, error) {
	file := &File{Source: source}
	reader := utilyaml.NewYAMLReader(bufio.NewReader(r))
	for {
		raw, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		data, err := yaml.YAMLToJSON(raw)
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", len(file.Documents)+1, err)
		}
		if t := bytes.TrimSpace(data); len(t) == 0 || bytes.Equal(t, []byte("null")) {
			continue
		}
		doc, converted, err := decode(data)
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", len(file.Documents)+1, err)
		}
		doc.Source = source
		doc.Index = len(file.Documents) + 1
		file.Converted = file.Converted || converted
		file.Documents = append(file.Documents, doc)
	}
	for i := range file.Documents {
		file.Documents[i].Of = len(file.Documents)
	}
	return file, nil
}

// decoder decodes weft.dev objects strictly: unknown and duplicate fields are
// reported, as the server reports them.
var decoder = jsonserializer.NewSerializerWithOptions(jsonserializer.DefaultMetaFactory, Scheme, Scheme,
	jsonserializer.SerializerOptions{Strict: true})

// decode decodes one JSON document, rewriting an argoproj.io apiVersion.
func decode(data []byte) (Document, bool, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return Document{}, false, fmt.Errorf("not an object: %w", err)
	}
	var meta struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if err := json.Unmarshal(data, &meta); err != nil {
		return Document{}, false, err
	}
	if meta.APIVersion == "" || meta.Kind == "" {
		return Document{}, false, errors.New("apiVersion and kind are required")
	}
	converted := false
	if meta.APIVersion == ArgoGroupVersion {
		meta.APIVersion = v1alpha1.SchemeGroupVersion.String()
		top["apiVersion"], _ = json.Marshal(meta.APIVersion)
		rewritten, err := json.Marshal(top)
		if err != nil {
			return Document{}, false, err
		}
		data, converted = rewritten, true
	}
	gv, err := schema.ParseGroupVersion(meta.APIVersion)
	if err != nil {
		return Document{}, false, err
	}
	doc := Document{Kind: gv.WithKind(meta.Kind)}
	if gv != v1alpha1.SchemeGroupVersion {
		return doc, converted, nil
	}
	obj, _, err := decoder.Decode(data, nil, nil)
	if err != nil && !runtime.IsStrictDecodingError(err) {
		return Document{}, false, err
	}
	if strict, ok := runtime.AsStrictDecodingError(err); ok {
		for _, e := range strict.Errors() {
			doc.UnknownFields = append(doc.UnknownFields, e.Error())
		}
	}
	doc.Object = obj
	return doc, converted, nil
}
