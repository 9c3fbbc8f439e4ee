package integration

import (
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

// consoleSocket listens where --console-socket points and hands over each
// pty master that arrives, as an engine's shim does.
func consoleSocket(t *testing.T) (string, <-chan *os.File) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "console.sock")
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	masters := make(chan *os.File, 4)
	go func() {
		for {
			c, err := l.AcceptUnix()
			if err != nil {
				return
			}
			if f := receiveFD(c); f != nil {
				masters <- f
			}
			c.Close()
		}
	}()
	return path, masters
}

// receiveFD reads one message carrying one fd with SCM_RIGHTS.
func receiveFD(c *net.UnixConn) *os.File {
	buf, oob := make([]byte, 256), make([]byte, unix.CmsgSpace(4))
	n, oobn, _, _, err := c.ReadMsgUnix(buf, oob)
	if err != nil {
		return nil
	}
	msgs, err := unix.ParseSocketControlMessage(oob[:oobn])
	if err != nil || len(msgs) != 1 {
		return nil
	}
	fds, err := unix.ParseUnixRights(&msgs[0])
	if err != nil || len(fds) != 1 {
		return nil
	}
	return os.NewFile(uintptr(fds[0]), string(buf[:n]))
}

func receive(t *testing.T, masters <-chan *os.File) *os.File {
	t.Helper()
	select {
	case m := <-masters:
		return m
	case <-time.After(20 * time.Second):
		t.Fatal("no pty master arrived on the console socket")
		return nil
	}
}

// TestConsoleSocket drives create and exec with --console-socket as an
// engine does: the pty masters arrive over the socket, and the container's
// shell and an exec'd shell answer through them on their own ptys.
func TestConsoleSocket(t *testing.T) {
	needBusybox(t)
	e := newEnv(t)
	sock, masters := consoleSocket(t)
	b := testrootfs.Bundle(t, terminal("/bin/sh"))
	e.ok("create", "--console-socket", sock, "-b", b, "core-cs1")
	initTerm := watch(t, receive(t, masters))
	e.ok("start", "core-cs1")
	initTerm.typeLine("busybox tty; echo C$((2+3))C")
	initTerm.expect("/dev/pts/0\r\n")
	initTerm.expect("C5C")

	e.ok("exec", "-t", "-d", "--console-socket", sock, "core-cs1", "/bin/sh")
	execTerm := watch(t, receive(t, masters))
	execTerm.typeLine("busybox tty; echo D$((3+4))D; exit")
	execTerm.expect("/dev/pts/1\r\n")
	execTerm.expect("D7D")

	initTerm.typeLine("exit 3")
	if !eventually(func() bool { return containsAll(e.ok("state", "core-cs1"), `"stopped"`) }) {
		t.Fatal("container did not stop after its shell exited")
	}
	e.ok("delete", "core-cs1")
	assertGone(t, e, "core-cs1")
}
