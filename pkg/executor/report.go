package executor

import (
	"encoding/json"
	"sort"
)

// fit returns the report as JSON of at most limit bytes: it leaves out the
// result, then the largest parameters, then the reasons of missing files and
// most of the artifact errors' messages, recording what it left out in
// Overflow. The names of saved and failed artifacts are kept longest.
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
	r.ArtifactErrors = shortenArtifactErrors(r.ArtifactErrors, shortArtifactErrorBytes)
	if data, _ = json.Marshal(r); len(data) <= limit {
		return data
	}
	last := Report{ExitCode: r.ExitCode, Overflow: []string{ResultOverflow}, Error: "the executor report does not fit in the termination message",
		SavedArtifacts: r.SavedArtifacts, ArtifactErrors: shortenArtifactErrors(r.ArtifactErrors, 0)}
	if data, _ = json.Marshal(last); len(data) <= limit {
		return data
	}
	last.SavedArtifacts, last.ArtifactErrors = nil, nil
	data, _ = json.Marshal(last)
	return data
}

// shortArtifactErrorBytes is how much of each artifact error a report that
// does not fit keeps.
const shortArtifactErrorBytes = 64

// shortenArtifactErrors cuts every message to n bytes; with n zero only the
// names are kept, with the message "failed".
func shortenArtifactErrors(errs map[string]string, n int) map[string]string {
	if errs == nil {
		return nil
	}
	short := make(map[string]string, len(errs))
	for name, message := range errs {
		if n == 0 {
			short[name] = "failed"
			continue
		}
		short[name] = truncateMessage(message, n)
	}
	return short
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
