package engine

import (
	"encoding/json"
	"time"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// nodeVars are the variables a finished step or task gives its template,
// under prefix ("steps.NAME" or "tasks.NAME").
func nodeVars(prefix string, n *v1alpha1.NodeStatus) map[string]string {
	vars := map[string]string{
		prefix + ".id":     n.ID,
		prefix + ".status": string(n.Phase),
	}
	if n.PodIP != "" {
		vars[prefix+".ip"] = n.PodIP
	}
	if n.HostNodeName != "" {
		vars[prefix+".hostNodeName"] = n.HostNodeName
	}
	if !n.StartedAt.IsZero() {
		vars[prefix+".startedAt"] = n.StartedAt.UTC().Format(time.RFC3339)
	}
	if !n.FinishedAt.IsZero() {
		vars[prefix+".finishedAt"] = n.FinishedAt.UTC().Format(time.RFC3339)
	}
	if out := n.Outputs; out != nil {
		if out.Result != nil {
			vars[prefix+".outputs.result"] = *out.Result
		}
		if out.ExitCode != nil {
			vars[prefix+".exitCode"] = *out.ExitCode
		}
		for _, p := range out.Parameters {
			if p.Value != nil {
				vars[prefix+".outputs.parameters."+p.Name] = string(*p.Value)
			}
		}
		addArtifactVars(vars, prefix, out.Artifacts)
	}
	return vars
}

// addAggregates adds the outputs of a loop's nodes, as Argo aggregates them:
// outputs.result is the JSON list of the succeeded items' results (each
// parsed as JSON when it is JSON), outputs.parameters the JSON list of their
// parameter maps, and outputs.parameters.NAME the JSON list of one
// parameter's values. Items are in loop order.
func addAggregates(vars map[string]string, prefix string, items []*v1alpha1.NodeStatus) {
	results := []json.RawMessage{}
	paramMaps := []map[string]string{}
	var names []string
	values := map[string][]string{}
	for _, n := range items {
		if n == nil || n.Outputs == nil || n.Phase != v1alpha1.NodeSucceeded {
			continue
		}
		if len(n.Outputs.Parameters) > 0 {
			m := map[string]string{}
			for _, p := range n.Outputs.Parameters {
				v := ""
				if p.Value != nil {
					v = string(*p.Value)
				}
				m[p.Name] = v
				if _, seen := values[p.Name]; !seen {
					names = append(names, p.Name)
				}
				values[p.Name] = append(values[p.Name], v)
			}
			paramMaps = append(paramMaps, m)
		}
		if r := n.Outputs.Result; r != nil {
			results = append(results, jsonOrString(*r))
		}
	}
	data, _ := json.Marshal(results)
	vars[prefix+".outputs.result"] = string(data)
	data, _ = json.Marshal(paramMaps)
	vars[prefix+".outputs.parameters"] = string(data)
	for _, name := range names {
		vars[prefix+".outputs.parameters."+name] = jsonList(values[name])
	}
}

// jsonOrString is s as a JSON value: itself when it is JSON, else a string.
func jsonOrString(s string) json.RawMessage {
	if json.Valid([]byte(s)) {
		return json.RawMessage(s)
	}
	b, _ := json.Marshal(s)
	return b
}

// jsonList is the JSON list of values, each parsed as JSON when all are JSON.
func jsonList(values []string) string {
	allJSON := true
	for _, v := range values {
		if !json.Valid([]byte(v)) {
			allJSON = false
			break
		}
	}
	if allJSON {
		raw := make([]json.RawMessage, len(values))
		for i, v := range values {
			raw[i] = json.RawMessage(v)
		}
		data, _ := json.Marshal(raw)
		return string(data)
	}
	data, _ := json.Marshal(values)
	return string(data)
}
