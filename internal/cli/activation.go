package cli

import (
	"os"
	"strconv"
)

// listenFDs is how many socket activation fds cell was given (LISTEN_FDS,
// when LISTEN_PID names this process, as sd_listen_fds(3) checks): they
// are fds 3.. and pass into the container. 0 when there are none.
func listenFDs() int {
	pid, err := strconv.Atoi(os.Getenv("LISTEN_PID"))
	if err != nil || pid != os.Getpid() {
		return 0
	}
	n, err := strconv.Atoi(os.Getenv("LISTEN_FDS"))
	if err != nil || n < 0 {
		return 0
	}
	return n
}
