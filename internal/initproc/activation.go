package initproc

import (
	"os"
	"strconv"
	"strings"
)

// listenEnv returns env with LISTEN_FDS=n and LISTEN_PID set to our pid,
// which execve keeps: the socket activation protocol (sd_listen_fds(3))
// that lets the process find fds 3..3+n-1. Earlier values are replaced.
func listenEnv(env []string, n int) []string {
	out := make([]string, 0, len(env)+2)
	for _, e := range env {
		if !strings.HasPrefix(e, "LISTEN_FDS=") && !strings.HasPrefix(e, "LISTEN_PID=") && !strings.HasPrefix(e, "LISTEN_FDNAMES=") {
			out = append(out, e)
		}
	}
	return append(out, "LISTEN_FDS="+strconv.Itoa(n), "LISTEN_PID="+strconv.Itoa(os.Getpid()))
}
