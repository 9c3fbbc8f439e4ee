package engines

import (
	"bytes"
	"context"
	"io"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/cell-runtime/cell/internal/console"
)

// withPty runs a client on a new terminal, as from a person's shell (ctr,
// podman and docker refuse -t otherwise), writes input to it, and returns
// what it printed.
func withPty(t *testing.T, argv ...string) string {
	t.Helper()
	return withPtyInput(t, "", argv...)
}

func withPtyInput(t *testing.T, input string, argv ...string) string {
	t.Helper()
	master, slave, err := console.OpenPty()
	if err != nil {
		t.Fatal(err)
	}
	defer master.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close()
	if input != "" {
		go func() { _, _ = io.WriteString(master, input) }()
	}
	var out bytes.Buffer
	done := make(chan struct{})
	go func() { _, _ = io.Copy(&out, master); close(done) }() // ends with EIO when the last slave fd closes
	err = cmd.Wait()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
	}
	if err != nil {
		t.Errorf("%v on a terminal: %v\n%s", argv, err, out.String())
	}
	return out.String()
}
