package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/weft-dev/weft/pkg/executor"
)

// httpCommand makes the http template's request held in the environment
// and reports the response through the termination message.
func httpCommand(args []string, stderr io.Writer) int {
	if len(args) != 0 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	req, err := executor.LoadHTTPRequest()
	if err != nil {
		fmt.Fprintf(stderr, "weft-executor http: %v\n", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	code, err := executor.DoHTTP(ctx, *req, os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "weft-executor http: %v\n", err)
	}
	return code
}
