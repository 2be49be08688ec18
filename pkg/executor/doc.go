// Package executor is the program that runs inside every Weft workflow pod.
// It needs no Kubernetes API credentials: it reports a step's outputs through
// the main container's termination message, which the kubelet copies into the
// pod's status where the controller reads it.
//
// A workflow pod has an init container, named init, that runs
// "weft-executor install /var/run/weft": it copies the executor's static
// binary into an emptyDir volume that every container of the pod mounts at
// /var/run/weft. The main container then runs
//
//	/var/run/weft/weft-executor run -- COMMAND ARGS...
//
// with its Spec as JSON in the WEFT_EXECUTOR_SPEC environment variable. Run
// writes the template's script source to a file when there is one, starts the
// command, forwards SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2 to
// it, copies its standard output to its own (so kubectl logs shows it) while
// keeping the last bytes for the step's result, lets standard error through,
// reads the output parameter files, writes a Report as JSON to
// /dev/termination-log and exits with the command's exit code (128+N when the
// command was killed by signal N).
//
// # Limits
//
// Kubernetes keeps at most 4096 bytes (MaxReportBytes) of a container's
// termination message, so everything a step outputs must fit in 4096 bytes of
// JSON together:
//
//   - result, the command's standard output with one trailing newline
//     removed. Only the last MaxResultBytes (4096) bytes are kept; a longer
//     output cannot be reported.
//   - every output parameter read from a file (valueFrom.path), with one
//     trailing newline removed.
//
// When the report would not fit, the result is left out first, then the
// largest parameters, until it fits; their names are listed in
// Report.Overflow ("result" and the parameter names). The engine fails a node
// whose report lists an overflowing parameter, naming the parameter and the
// limit. An overflowing result fails the node too, unless the controller read
// the result from the pod's log (pods/log) instead; note that a pod's log
// holds standard error as well as standard output.
//
// A parameter file that cannot be read is listed in Report.Missing with the
// reason; the engine then uses the parameter's valueFrom.default, or fails the
// node.
//
// # Artifacts
//
// Before the command starts, Run places every Spec.InputArtifacts at its
// path with Options.Artifacts (package artifact's drivers, wired by the
// weft-executor command). When an input that is not optional cannot be
// placed, the command does not run: the report's ExitCode is
// ExitArtifactFailed (1), Error names the artifact and ArtifactErrors[name]
// says why. A signal that arrives while the inputs are being placed (the pod
// is being stopped) stops the placing: the command does not run and the exit
// code is 128+N for signal N.
//
// After the command exits, whatever its exit code, Run saves every
// Spec.OutputArtifacts whose path exists and lists it in SavedArtifacts; an
// output whose path does not exist is skipped when optional, else
// ArtifactErrors[name] is "path /x does not exist", and an output that could
// not be saved has the reason there too. The engine fails the node for any
// entry of ArtifactErrors. Each message is cut to MaxArtifactErrorBytes, and
// to 64 bytes when the report would not fit; the names of saved and failed
// artifacts are the last things left out.
//
// "weft-executor gc" deletes artifacts for the engine's artifact garbage
// collection: see GCSpec and GCReport.
package executor
