package printer

import (
	"fmt"
	"time"
)

// Duration is d for people, to the second: "4s", "1m30s", "2h3m", "3d4h".
// Negative durations are "0s".
func Duration(d time.Duration) string {
	s := int64(d / time.Second)
	if s < 0 {
		s = 0
	}
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", s)
	case s < 3600:
		return joinUnits(s/60, "m", s%60, "s")
	case s < 86400:
		return joinUnits(s/3600, "h", s%3600/60, "m")
	default:
		return joinUnits(s/86400, "d", s%86400/3600, "h")
	}
}

// joinUnits writes a value in two units, leaving out a zero second one.
func joinUnits(major int64, majorUnit string, minor int64, minorUnit string) string {
	if minor == 0 {
		return fmt.Sprintf("%d%s", major, majorUnit)
	}
	return fmt.Sprintf("%d%s%d%s", major, majorUnit, minor, minorUnit)
}

// Since is how long ago t was, seen at now, in words: "now",
// "4 seconds ago", "1 minute ago", "3 days ago"; a time ahead of now is
// "in 4 seconds".
func Since(t, now time.Time) string {
	d := now.Sub(t)
	if d > -time.Second && d < time.Second {
		return "now"
	}
	if d < 0 {
		return "in " + amount(-d)
	}
	return amount(d) + " ago"
}

// amount is d in its largest whole unit, in words.
func amount(d time.Duration) string {
	units := []struct {
		size time.Duration
		name string
	}{
		{365 * 24 * time.Hour, "year"},
		{30 * 24 * time.Hour, "month"},
		{7 * 24 * time.Hour, "week"},
		{24 * time.Hour, "day"},
		{time.Hour, "hour"},
		{time.Minute, "minute"},
		{time.Second, "second"},
	}
	for _, u := range units {
		if n := int64(d / u.size); n >= 1 {
			if n == 1 {
				return "1 " + u.name
			}
			return fmt.Sprintf("%d %ss", n, u.name)
		}
	}
	return "0 seconds"
}

// Timestamp is t as `get` prints it in loc, with how long ago it was:
// "Tue May 05 03:42:58 +0800 (4 seconds ago)".
func Timestamp(t, now time.Time, loc *time.Location) string {
	return fmt.Sprintf("%s (%s)", t.In(loc).Format("Mon Jan 02 15:04:05 -0700"), Since(t, now))
}
