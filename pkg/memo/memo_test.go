package memo

import (
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func TestEntryRoundTrip(t *testing.T) {
	at := metav1.NewTime(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	result := "hello"
	e := Entry{NodeID: "wf-123", Outputs: &v1alpha1.Outputs{Result: &result}, CreationTimestamp: at, LastHitTimestamp: at}
	text, err := Encode(e)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"nodeID":"wf-123","outputs":{"result":"hello"},"creationTimestamp":"2026-05-01T12:00:00Z","lastHitTimestamp":"2026-05-01T12:00:00Z"}`
	if text != want {
		t.Fatalf("encoded\n %s\nwant\n %s", text, want)
	}
	back, err := Decode(text)
	if err != nil || back.NodeID != e.NodeID || *back.Outputs.Result != result || !back.CreationTimestamp.Equal(&at) {
		t.Fatalf("decoded %+v %v", back, err)
	}
	if _, err := Decode("not json"); err == nil || !strings.Contains(err.Error(), "not an entry's JSON") {
		t.Fatalf("decoding garbage: %v", err)
	}
}

func TestValidateKey(t *testing.T) {
	cases := map[string]string{
		"hello-world.v1_2":       "",
		"":                       "is empty after substitution",
		"hello world":            "is not a valid ConfigMap key",
		"a/b":                    "is not a valid ConfigMap key",
		strings.Repeat("k", 254): "at most 253",
	}
	for key, want := range cases {
		err := ValidateKey(key)
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("ValidateKey(%q) = %v, want %q", key, err, want)
		}
	}
}

func TestMaxAge(t *testing.T) {
	cases := []struct {
		in   string
		want time.Duration
		err  bool
	}{{"", 0, false}, {"10s", 10 * time.Second, false}, {"24h", 24 * time.Hour, false}, {"180", 180 * time.Second, false}, {"1d", 0, true}, {"-5s", 0, true}}
	for _, c := range cases {
		got, err := ParseMaxAge(c.in)
		if got != c.want || (err != nil) != c.err {
			t.Errorf("ParseMaxAge(%q) = %v, %v; want %v, error %v", c.in, got, err, c.want, c.err)
		}
	}
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	if !Fresh(now.Add(-time.Hour), now, 0) {
		t.Error("no maxAge expired an entry")
	}
	if !Fresh(now.Add(-10*time.Second), now, 10*time.Second) {
		t.Error("an entry exactly maxAge old expired")
	}
	if Fresh(now.Add(-11*time.Second), now, 10*time.Second) {
		t.Error("an entry older than maxAge is fresh")
	}
}
