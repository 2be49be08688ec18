package cron

import (
	"time"

	"github.com/robfig/cron/v3"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// OnTimeWindow is how late after its scheduled time a run still counts as
// on time rather than missed: the slack of the controller's queue and
// requeues. A later run needs spec.startingDeadlineSeconds.
const OnTimeWindow = 10 * time.Second

// schedules are the parsed schedules of a CronWorkflow.
type schedules []cron.Schedule

// parseSchedules parses spec.schedules and spec.schedule in spec.timezone,
// or in the controller's time zone when none is given. Validation has
// checked them, so an error means the stored object is not valid.
func parseSchedules(spec *v1alpha1.CronWorkflowSpec) (schedules, error) {
	texts := spec.Schedules
	if spec.Schedule != "" {
		texts = append(append([]string(nil), texts...), spec.Schedule)
	}
	out := make(schedules, 0, len(texts))
	for _, text := range texts {
		if spec.Timezone != "" {
			text = "CRON_TZ=" + spec.Timezone + " " + text
		}
		s, err := cron.ParseStandard(text)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// latest is the latest scheduled time after after, not before earliest
// and not after now, over all schedules. "@every" schedules count their
// intervals from after.
func (ss schedules) latest(after, earliest, now time.Time) (time.Time, bool) {
	var latest time.Time
	for _, s := range ss {
		t := lastNotAfter(s, after, earliest, now)
		if !t.Before(earliest) && t.After(latest) {
			latest = t
		}
	}
	return latest, !latest.IsZero()
}

// lastNotAfter is the last time of s after after and not after now, or zero;
// it may be before earliest, from which cron expressions are followed.
func lastNotAfter(s cron.Schedule, after, earliest, now time.Time) time.Time {
	if every, ok := s.(cron.ConstantDelaySchedule); ok {
		start := after.Truncate(time.Second)
		if !now.After(start) {
			return time.Time{}
		}
		n := now.Sub(start) / every.Delay
		if n < 1 {
			return time.Time{}
		}
		return start.Add(n * every.Delay)
	}
	from := after
	if earliest.After(from) {
		from = earliest.Add(-time.Nanosecond)
	}
	var last time.Time
	for t := s.Next(from); !t.IsZero() && !t.After(now); t = s.Next(t) {
		last = t
	}
	return last
}

// next is the earliest scheduled time after now, over all schedules, whose
// "@every" intervals count from after; zero when no schedule has one.
func (ss schedules) next(after, now time.Time) time.Time {
	var next time.Time
	for _, s := range ss {
		from := after
		if last := lastNotAfter(s, after, now, now); !last.IsZero() {
			from = last
		} else if now.After(from) {
			if _, every := s.(cron.ConstantDelaySchedule); !every {
				from = now
			}
		}
		t := s.Next(from)
		if !t.IsZero() && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	return next
}

// NextScheduledTime is when the CronWorkflow is next scheduled after now,
// for people: zero when it is suspended or stopped, or its schedules do not
// parse or never match.
func NextScheduledTime(c *v1alpha1.CronWorkflow, now time.Time) time.Time {
	if c.Spec.Suspend || c.Status.Phase == PhaseStopped {
		return time.Time{}
	}
	ss, err := parseSchedules(&c.Spec)
	if err != nil {
		return time.Time{}
	}
	after := c.CreationTimestamp.Time
	if last := c.Status.LastScheduledTime; last != nil && last.After(after) {
		after = last.Time
	}
	return ss.next(after, now)
}
