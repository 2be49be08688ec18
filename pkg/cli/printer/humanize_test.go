package printer

import (
	"testing"
	"time"
)

func TestDuration(t *testing.T) {
	cases := []struct {
		d    time.Duration
		want string
	}{
		{-time.Second, "0s"},
		{0, "0s"},
		{999 * time.Millisecond, "0s"},
		{4 * time.Second, "4s"},
		{59 * time.Second, "59s"},
		{time.Minute, "1m"},
		{90 * time.Second, "1m30s"},
		{59*time.Minute + 59*time.Second, "59m59s"},
		{time.Hour, "1h"},
		{2*time.Hour + 3*time.Minute + 59*time.Second, "2h3m"},
		{24 * time.Hour, "1d"},
		{3*24*time.Hour + 4*time.Hour + 5*time.Minute, "3d4h"},
	}
	for _, c := range cases {
		if got := Duration(c.d); got != c.want {
			t.Errorf("Duration(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

func TestSince(t *testing.T) {
	now := seedStart
	cases := []struct {
		ago  time.Duration
		want string
	}{
		{0, "now"},
		{500 * time.Millisecond, "now"},
		{time.Second, "1 second ago"},
		{4 * time.Second, "4 seconds ago"},
		{61 * time.Second, "1 minute ago"},
		{59 * time.Minute, "59 minutes ago"},
		{2 * time.Hour, "2 hours ago"},
		{25 * time.Hour, "1 day ago"},
		{15 * 24 * time.Hour, "2 weeks ago"},
		{400 * 24 * time.Hour, "1 year ago"},
		{-5 * time.Second, "in 5 seconds"},
	}
	for _, c := range cases {
		if got := Since(now.Add(-c.ago), now); got != c.want {
			t.Errorf("Since(now-%v) = %q, want %q", c.ago, got, c.want)
		}
	}
}

func TestTimestamp(t *testing.T) {
	got := Timestamp(seedStart, seedStart.Add(4*time.Second), seedZone)
	if want := "Tue May 05 03:42:58 +0800 (4 seconds ago)"; got != want {
		t.Errorf("Timestamp = %q, want %q", got, want)
	}
}
