package commands

import (
	"fmt"
	"os/exec"
	"runtime"

	"github.com/weft-dev/weft/pkg/ui/server"
)

// announceUI says where weft ui serves and, when open, opens it in the
// browser; if that fails the URL printed is the way in.
func announceUI(env *Env, mode server.AuthMode, url string, open bool) {
	if mode == server.AuthToken {
		fmt.Fprintf(env.IO.Out, "weft ui serves at %s: log in with a bearer token. Ctrl-C stops it.\n", url)
	} else {
		fmt.Fprintf(env.IO.Out, "weft ui serves at this URL; whoever opens it acts as you, so keep it private. Ctrl-C stops it.\n\n  %s\n\n", url)
	}
	if !open {
		return
	}
	opener := "xdg-open"
	if runtime.GOOS == "darwin" {
		opener = "open"
	}
	cmd := exec.Command(opener, url)
	failed := func(err error) {
		fmt.Fprintf(env.IO.ErrOut, "Could not open a browser (%s: %v): open the URL above in yours.\n", opener, err)
	}
	if err := cmd.Start(); err != nil {
		failed(err)
		return
	}
	go func() {
		if err := cmd.Wait(); err != nil {
			failed(err)
		}
	}()
}
