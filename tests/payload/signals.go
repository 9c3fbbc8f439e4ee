package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"
)

func init() {
	register("sigwait", "", sigwait)
}

// sigwait prints "ready" once its handlers are installed, waits for
// SIGTERM, SIGINT or SIGUSR1, prints the signal's name ("SIGTERM") and
// exits 0: a test can check that a kill reached the container's process.
func sigwait(out io.Writer, _ []string) error {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, unix.SIGTERM, unix.SIGINT, unix.SIGUSR1)
	fmt.Fprintln(out, "ready")
	sig := <-ch
	_, err := fmt.Fprintln(out, unix.SignalName(sig.(syscall.Signal)))
	return err
}
