package executor

import (
	"encoding/json"
	"sort"
)

// fit returns the report as JSON of at most limit bytes: it leaves out the
// result, then the largest parameters, then the reasons of missing files,
// recording what it left out in Overflow.
func fit(r Report, limit int) []byte {
	data, _ := json.Marshal(r)
	if len(data) <= limit {
		return data
	}
	if r.Result != nil {
		r.ResultBytes = int64(len(*r.Result))
		r.Result = nil
		r.Overflow = append(r.Overflow, ResultOverflow)
		if data, _ = json.Marshal(r); len(data) <= limit {
			return data
		}
	}
	names := make([]string, 0, len(r.Parameters))
	for name := range r.Parameters {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := len(r.Parameters[names[i]]), len(r.Parameters[names[j]])
		if a != b {
			return a > b
		}
		return names[i] < names[j]
	})
	params := make(map[string]string, len(r.Parameters))
	for name, value := range r.Parameters {
		params[name] = value
	}
	r.Parameters = params
	for _, name := range names {
		delete(r.Parameters, name)
		r.Overflow = append(r.Overflow, name)
		if data, _ = json.Marshal(r); len(data) <= limit {
			return data
		}
	}
	missing := make(map[string]string, len(r.Missing))
	for name := range r.Missing {
		missing[name] = "unreadable"
	}
	r.Missing = missing
	r.Error = truncate(r.Error, 256)
	if data, _ = json.Marshal(r); len(data) <= limit {
		return data
	}
	data, _ = json.Marshal(Report{ExitCode: r.ExitCode, Overflow: []string{ResultOverflow}, Error: "the executor report does not fit in the termination message"})
	return data
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
