package executor

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

func TestDoHTTP(t *testing.T) {
	var got *http.Request
	var gotBody string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		b, _ := io.ReadAll(r.Body)
		gotBody = string(b)
		switch r.URL.Path {
		case "/big":
			w.Header().Set("X-Long", strings.Repeat("h", 5000))
			_, _ = io.WriteString(w, strings.Repeat("é", 5000))
		case "/missing":
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, "no such thing")
		default:
			w.Header().Set("Server", "weft-test")
			w.WriteHeader(http.StatusCreated)
			_, _ = io.WriteString(w, "hello")
		}
	}))
	defer srv.Close()
	env := map[string]string{"TOKEN": "s3cret"}
	tests := []struct {
		name  string
		req   HTTPRequest
		check func(t *testing.T, code int, r *Report)
	}{
		{
			name: "a request with headers from values and the environment, and a body",
			req: HTTPRequest{Method: "POST", URL: srv.URL + "/post", Body: []byte(`{"a":1}`),
				Headers: []RequestHeader{{Name: "X-Plain", Value: "v"}, {Name: "Authorization", FromEnv: "TOKEN"}}},
			check: func(t *testing.T, code int, r *Report) {
				if code != 0 || r.HTTP == nil || r.HTTP.StatusCode != 201 || r.HTTP.Body != "hello" || r.HTTP.Headers["Server"][0] != "weft-test" {
					t.Fatalf("code %d report %+v", code, r)
				}
				if got.Method != "POST" || got.Header.Get("X-Plain") != "v" || got.Header.Get("Authorization") != "s3cret" || gotBody != `{"a":1}` {
					t.Fatalf("server got %s %v %q", got.Method, got.Header, gotBody)
				}
			},
		},
		{
			name: "a status that is not 2xx is reported, not judged",
			req:  HTTPRequest{URL: srv.URL + "/missing"},
			check: func(t *testing.T, code int, r *Report) {
				if code != 0 || r.HTTP.StatusCode != 404 || r.HTTP.Body != "no such thing" || got.Method != "GET" {
					t.Fatalf("code %d report %+v", code, r)
				}
			},
		},
		{
			name: "a long body and headers are cut to fit the termination message, and say so",
			req:  HTTPRequest{URL: srv.URL + "/big"},
			check: func(t *testing.T, code int, r *Report) {
				if code != 0 || !r.HTTP.BodyTruncated || r.HTTP.BodyBytes != 10000 || r.HTTP.Body != "" || !r.HTTP.HeadersDropped {
					t.Fatalf("code %d http %+v", code, r.HTTP)
				}
			},
		},
		{
			name: "no response is exit code 1 with the reason",
			req:  HTTPRequest{URL: "http://127.0.0.1:1/"},
			check: func(t *testing.T, code int, r *Report) {
				if code != 1 || r.HTTP != nil || !strings.Contains(r.Error, "GET http://127.0.0.1:1/") {
					t.Fatalf("code %d report %+v", code, r)
				}
			},
		},
		{
			name: "a malformed URL says which field",
			req:  HTTPRequest{URL: "http://[::1"},
			check: func(t *testing.T, code int, r *Report) {
				if code != 1 || !strings.HasPrefix(r.Error, "http.url") {
					t.Fatalf("code %d report %+v", code, r)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.ReportPath = filepath.Join(t.TempDir(), "report")
			code, err := DoHTTP(context.Background(), tt.req, func(k string) string { return env[k] })
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, code, readReport(t, tt.req.ReportPath))
		})
	}
}

func TestFitHTTPKeepsWhatFits(t *testing.T) {
	body := strings.Repeat("a", 3000) + strings.Repeat("\u0001", 300)
	data := fitHTTP(Report{HTTP: &HTTPResponse{StatusCode: 200, Body: body, BodyBytes: int64(len(body))}}, MaxReportBytes)
	var r Report
	if err := json.Unmarshal(data, &r); err != nil || len(data) > MaxReportBytes {
		t.Fatalf("%d bytes: %v", len(data), err)
	}
	if !r.HTTP.BodyTruncated || !strings.HasPrefix(body, r.HTTP.Body) || len(r.HTTP.Body) < 3000 {
		t.Fatalf("body kept %d bytes, truncated %v", len(r.HTTP.Body), r.HTTP.BodyTruncated)
	}
}

func TestLoadHTTPRequest(t *testing.T) {
	t.Setenv(HTTPSpecEnv, "")
	if _, err := LoadHTTPRequest(); err == nil || !strings.Contains(err.Error(), HTTPSpecEnv) {
		t.Fatalf("err %v", err)
	}
	t.Setenv(HTTPSpecEnv, `{"url":"http://x/","timeoutSeconds":3}`)
	if r, err := LoadHTTPRequest(); err != nil || r.URL != "http://x/" || r.TimeoutSeconds != 3 {
		t.Fatal(r, err)
	}
}
