package executor

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// HTTPSpecEnv is the environment variable that holds an HTTPRequest as JSON
// for "weft-executor http".
const HTTPSpecEnv = "WEFT_HTTP_REQUEST"

// maxHTTPBodyRead bounds how much of a response body is read: more than a
// termination message can hold, so the report can say how long it was.
const maxHTTPBodyRead = 1 << 20

// HTTPRequest is an http template's request, its references substituted.
type HTTPRequest struct {
	// Method is the request's method; GET when empty.
	Method string `json:"method,omitempty"`
	// URL is the request's URL.
	URL string `json:"url"`
	// Headers are the request's headers.
	Headers []RequestHeader `json:"headers,omitempty"`
	// Body is the request's body.
	Body []byte `json:"body,omitempty"`
	// TimeoutSeconds bounds the whole request; none when zero.
	TimeoutSeconds int64 `json:"timeoutSeconds,omitempty"`
	// InsecureSkipVerify skips the verification of the server's certificate.
	InsecureSkipVerify bool `json:"insecureSkipVerify,omitempty"`
	// ReportPath is where the Report is written; DefaultReportPath when empty.
	ReportPath string `json:"reportPath,omitempty"`
}

// RequestHeader is one header of an http template's request: its value, or the environment variable
// holding it (a secret's key, which the pod builder puts there).
type RequestHeader struct {
	// Name is the header's name.
	Name string `json:"name"`
	// Value is the header's value, when FromEnv is empty.
	Value string `json:"value,omitempty"`
	// FromEnv names the environment variable holding the value.
	FromEnv string `json:"fromEnv,omitempty"`
}

// HTTPResponse is what an http template's request got, in the Report.
type HTTPResponse struct {
	// StatusCode is the response's status code.
	StatusCode int `json:"statusCode"`
	// Headers are the response's headers, by canonical name.
	Headers map[string][]string `json:"headers,omitempty"`
	// Body is the response's body, cut short when BodyTruncated.
	Body string `json:"body"`
	// BodyBytes is the body's whole length, as read (up to 1 MiB).
	BodyBytes int64 `json:"bodyBytes"`
	// BodyTruncated says Body is only the start of the body, to fit the
	// termination message.
	BodyTruncated bool `json:"bodyTruncated,omitempty"`
	// HeadersDropped says headers were left out to fit the termination message.
	HeadersDropped bool `json:"headersDropped,omitempty"`
}

// LoadHTTPRequest reads the HTTPRequest from HTTPSpecEnv.
func LoadHTTPRequest() (*HTTPRequest, error) {
	data := os.Getenv(HTTPSpecEnv)
	if data == "" {
		return nil, fmt.Errorf("%s is empty: the pod must hold the request", HTTPSpecEnv)
	}
	var r HTTPRequest
	if err := json.Unmarshal([]byte(data), &r); err != nil {
		return nil, fmt.Errorf("%s: %w", HTTPSpecEnv, err)
	}
	return &r, nil
}

// DoHTTP sends the request, writes the report (the response, or why there
// is none) to req.ReportPath and returns the exit code: 0 when a response came,
// whatever its status (the engine judges it), 1 when none came. The error is
// only about writing the report.
func DoHTTP(ctx context.Context, req HTTPRequest, getenv func(string) string) (int, error) {
	report := Report{}
	resp, err := send(ctx, req, getenv)
	if err != nil {
		report.ExitCode, report.Error = 1, err.Error()
	} else {
		report.HTTP = resp
	}
	reportPath := req.ReportPath
	if reportPath == "" {
		reportPath = DefaultReportPath
	}
	if err := os.WriteFile(reportPath, fitHTTP(report, MaxReportBytes), 0o644); err != nil {
		return int(report.ExitCode), fmt.Errorf("writing the report to %s: %w", reportPath, err)
	}
	return int(report.ExitCode), nil
}

// send makes the request and reads the response.
func send(ctx context.Context, req HTTPRequest, getenv func(string) string) (*HTTPResponse, error) {
	if req.TimeoutSeconds > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(req.TimeoutSeconds)*time.Second)
		defer cancel()
	}
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	var body io.Reader
	if len(req.Body) > 0 {
		body = bytes.NewReader(req.Body)
	}
	r, err := http.NewRequestWithContext(ctx, method, req.URL, body)
	if err != nil {
		return nil, fmt.Errorf("http.url %q: %w", req.URL, err)
	}
	for _, h := range req.Headers {
		value := h.Value
		if h.FromEnv != "" {
			value = getenv(h.FromEnv)
		}
		r.Header.Add(h.Name, value)
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	if req.InsecureSkipVerify {
		transport.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // the template asked for it
	}
	client := &http.Client{Transport: transport}
	resp, err := client.Do(r)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, req.URL, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxHTTPBodyRead))
	if err != nil {
		return nil, fmt.Errorf("%s %s: reading the response body: %w", method, req.URL, err)
	}
	return &HTTPResponse{StatusCode: resp.StatusCode, Headers: resp.Header, Body: string(data), BodyBytes: int64(len(data))}, nil
}

// fitHTTP returns the report as JSON of at most limit bytes: it cuts the
// body short, then leaves headers out (the longest first).
func fitHTTP(r Report, limit int) []byte {
	data, _ := json.Marshal(r)
	if len(data) <= limit || r.HTTP == nil {
		if len(data) > limit {
			r.Error = truncate(r.Error, limit/2)
			data, _ = json.Marshal(r)
		}
		return data
	}
	resp := *r.HTTP
	r.HTTP = &resp
	if body := resp.Body; body != "" {
		// The longest start of the body that fits, found by bisection.
		resp.BodyTruncated = true
		lo, hi := 0, len(body)
		for lo < hi {
			mid := (lo + hi + 1) / 2
			resp.Body = cutUTF8(body, mid)
			if data, _ = json.Marshal(r); len(data) <= limit {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		resp.Body = cutUTF8(body, lo)
		data, _ = json.Marshal(r)
	}
	if len(data) <= limit {
		return data
	}
	names := make([]string, 0, len(resp.Headers))
	for name := range resp.Headers {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := len(strings.Join(resp.Headers[names[i]], "")), len(strings.Join(resp.Headers[names[j]], ""))
		if a != b {
			return a > b
		}
		return names[i] < names[j]
	})
	headers := make(map[string][]string, len(resp.Headers))
	for k, v := range resp.Headers {
		headers[k] = v
	}
	resp.Headers = headers
	for _, name := range names {
		delete(resp.Headers, name)
		resp.HeadersDropped = true
		if data, _ = json.Marshal(r); len(data) <= limit {
			return data
		}
	}
	return data
}

// cutUTF8 is the start of s of at most n bytes that ends on a whole character.
func cutUTF8(s string, n int) string {
	if n >= len(s) {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
