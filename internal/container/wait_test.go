package container

import (
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// signalHelper is set in the environment of the test binary re-executed by
// TestForwardSignals; its value says what the helper does.
const signalHelper = "CELL_TEST_FORWARD_SIGNALS"

func TestMain(m *testing.M) {
	switch os.Getenv(signalHelper) {
	case "":
		os.Exit(m.Run())
	case "forward":
		// Relay to a child, get SIGUSR1 ourselves: the child dies of it
		// and we report how.
		child := exec.Command("sleep", "10")
		if err := child.Start(); err != nil {
			os.Exit(3)
		}
		stop := ForwardSignals(child.Process.Pid)
		_ = unix.Kill(os.Getpid(), unix.SIGUSR1)
		code := WaitPid(child.Process.Pid)
		stop()
		os.Exit(code - 128) // SIGUSR1 is 10
	case "stopped":
		// After stop, SIGTERM must end us as it ends any Go program.
		child := exec.Command("true")
		if err := child.Start(); err != nil {
			os.Exit(3)
		}
		stop := ForwardSignals(child.Process.Pid)
		WaitPid(child.Process.Pid)
		stop()
		_ = unix.Kill(os.Getpid(), unix.SIGTERM)
		time.Sleep(5 * time.Second)
		os.Exit(4)
	}
}

func TestForwardSignals(t *testing.T) {
	run := func(mode string) *exec.ExitError {
		t.Helper()
		cmd := exec.Command("/proc/self/exe")
		cmd.Env = append(os.Environ(), signalHelper+"="+mode)
		err := cmd.Run()
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%s: want the helper to fail, got %v", mode, err)
		}
		return ee
	}
	if ee := run("forward"); ee.ExitCode() != int(unix.SIGUSR1) {
		t.Errorf("forward: the child did not die of the relayed SIGUSR1: %v", ee)
	}
	ee := run("stopped")
	ws := ee.Sys().(syscall.WaitStatus)
	if !ws.Signaled() || ws.Signal() != unix.SIGTERM {
		t.Errorf("stopped: want the helper killed by SIGTERM after stop, got %v", ee)
	}
}
