package executor

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// SetMember places a container in a containerSet template: it runs only
// after the containers it depends on ended, and not at all when one of them
// failed. Each member writes its exit code to Dir/NAME.exit when it ends.
type SetMember struct {
	// Name is the container's name in the set.
	Name string `json:"name"`
	// Dependencies name the containers that must end first.
	Dependencies []string `json:"dependencies,omitempty"`
	// Dir is the directory, shared by every container of the pod, holding
	// the exit markers.
	Dir string `json:"dir"`
	// Retries is how many more times a failed command runs again.
	Retries int `json:"retries,omitempty"`
	// RetryWait is the wait between two runs, such as "10s".
	RetryWait string `json:"retryWait,omitempty"`
}

// NotRunPrefix starts the report's error of a member that did not run.
const NotRunPrefix = "not run: "

// exitNotRun is the exit code of a member that did not run because a
// dependency failed.
const exitNotRun = 1

// markerPath is where a member's exit code is written.
func markerPath(dir, name string) string {
	return filepath.Join(dir, name+".exit")
}

// RunMember runs a containerSet member: it waits for its dependencies
// (looking every poll), runs the command through Run (again, after
// RetryWait, while it fails and retries are left), then writes its exit
// marker. A member whose dependency failed does not run: it reports why and
// exits with code 1, so its own dependents do not run either.
func RunMember(opts Options, m SetMember, poll time.Duration) (int, error) {
	wait, err := retryWait(m.RetryWait)
	if err != nil {
		return finishMember(opts, m, Report{ExitCode: exitNotRun, Error: err.Error()})
	}
	if failed, err := waitForDependencies(m, poll, opts.Signals); err != nil || failed != "" {
		msg := failed
		if err != nil {
			msg = err.Error()
		}
		return finishMember(opts, m, Report{ExitCode: exitNotRun, Error: msg})
	}
	var code int
	for attempt := 0; ; attempt++ {
		code, err = Run(opts)
		if code == 0 || err != nil || attempt >= m.Retries || code == exitNotFound || code == exitCannotExecute {
			break
		}
		time.Sleep(wait)
	}
	if markErr := writeMarker(m, code); markErr != nil && err == nil {
		err = markErr
	}
	return code, err
}

// finishMember reports a member that did not run and writes its marker.
func finishMember(opts Options, m SetMember, r Report) (int, error) {
	path := opts.Spec.ReportPath
	if path == "" {
		path = DefaultReportPath
	}
	err := os.WriteFile(path, fit(r, MaxReportBytes), 0o644)
	if err != nil {
		err = fmt.Errorf("writing the report to %s: %w", path, err)
	}
	if markErr := writeMarker(m, int(r.ExitCode)); markErr != nil && err == nil {
		err = markErr
	}
	return int(r.ExitCode), err
}

// waitForDependencies waits until every dependency wrote its marker; it
// returns why the member must not run when one of them failed. A signal
// (the pod being stopped) ends the wait with an error.
func waitForDependencies(m SetMember, poll time.Duration, signals <-chan os.Signal) (string, error) {
	pending := append([]string(nil), m.Dependencies...)
	for {
		var still []string
		for _, dep := range pending {
			code, done, err := readMarker(m.Dir, dep)
			switch {
			case err != nil:
				return "", err
			case !done:
				still = append(still, dep)
			case code != 0:
				return fmt.Sprintf(NotRunPrefix+"container %q it depends on failed (exit code %d)", dep, code), nil
			}
		}
		if len(still) == 0 {
			return "", nil
		}
		pending = still
		select {
		case sig := <-signals:
			return "", fmt.Errorf(NotRunPrefix+"stopped by %v while waiting for containers %s", sig, strings.Join(pending, ", "))
		case <-time.After(poll):
		}
	}
}

// readMarker reads a member's exit code; done is false while it runs.
func readMarker(dir, name string) (code int, done bool, err error) {
	data, err := os.ReadFile(markerPath(dir, name))
	if os.IsNotExist(err) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("reading the exit code of container %q: %w", name, err)
	}
	code, err = strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		return 0, false, fmt.Errorf("container %q wrote exit code %q, not a number", name, data)
	}
	return code, true, nil
}

// writeMarker writes a member's exit code, whole or not at all.
func writeMarker(m SetMember, code int) error {
	if err := os.MkdirAll(m.Dir, 0o755); err != nil {
		return fmt.Errorf("writing the exit code: %w", err)
	}
	tmp := markerPath(m.Dir, "."+m.Name)
	if err := os.WriteFile(tmp, []byte(strconv.Itoa(code)), 0o644); err != nil {
		return fmt.Errorf("writing the exit code: %w", err)
	}
	if err := os.Rename(tmp, markerPath(m.Dir, m.Name)); err != nil {
		return fmt.Errorf("writing the exit code: %w", err)
	}
	return nil
}

// retryWait parses the wait between runs; none when empty.
func retryWait(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		if n, nerr := strconv.Atoi(s); nerr == nil {
			return time.Duration(n) * time.Second, nil
		}
		return 0, fmt.Errorf("containerSet.retryStrategy.duration %q is not a duration such as 10s", s)
	}
	return d, nil
}
