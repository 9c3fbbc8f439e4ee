package security

import (
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// consoleSocket listens on a unix socket for a pty master sent the way
// --console-socket does, and returns the socket path and a function to
// call once cell returned: it gives everything read from the master.
func consoleSocket(t *testing.T) (string, func() string) {
	path := filepath.Join(t.TempDir(), "console.sock")
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	var done atomic.Bool
	out := make(chan string, 1)
	go func() {
		defer l.Close()
		out <- readConsole(l, &done)
	}()
	return path, func() string {
		done.Store(true)
		select {
		case s := <-out:
			return s
		case <-time.After(20 * time.Second):
			t.Fatal("no console output")
			return ""
		}
	}
}

// readConsole accepts one connection, receives the master and reads it
// until done is set and nothing is left. A read fails with EIO while no
// slave is open, before the process opened it and after it closed it.
func readConsole(l *net.UnixListener, done *atomic.Bool) string {
	l.SetDeadline(time.Now().Add(15 * time.Second))
	c, err := l.AcceptUnix()
	if err != nil {
		return "accept: " + err.Error()
	}
	defer c.Close()
	buf, oob := make([]byte, 256), make([]byte, unix.CmsgSpace(4))
	_, oobn, _, _, err := c.ReadMsgUnix(buf, oob)
	if err != nil {
		return "recvmsg: " + err.Error()
	}
	msgs, err := unix.ParseSocketControlMessage(oob[:oobn])
	if err != nil || len(msgs) == 0 {
		return "no fd received"
	}
	fds, err := unix.ParseUnixRights(&msgs[0])
	if err != nil || len(fds) == 0 {
		return "no fd received"
	}
	defer unix.Close(fds[0])
	var b strings.Builder
	for {
		n, err := unix.Read(fds[0], buf)
		if n > 0 {
			b.Write(buf[:n])
			continue
		}
		if err == nil || done.Load() {
			return b.String()
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// consoleProbe prints the terminal, /dev/console and /dev/pts as the
// container sees them.
var consoleProbe = []string{"/bin/sh", "-c", "payload tty; payload ls -l /dev; payload ls -l /dev/pts"}

// CVE-2025-52565: /dev/console is the pty cell allocated, bound over a
// file cell created itself; a /dev/console the container placed (a
// symlink to a host file) is refused, never followed.
func TestSecConsoleIsThePty(t *testing.T) {
	e := newEnv(t)
	sock, output := consoleSocket(t)
	b := bundle(t, func(s *specs.Spec) {
		s.Process.Args, s.Process.Terminal = consoleProbe, true
	})
	_, errs, code := e.cell("run", "--console-socket", sock, "-b", b, "sec-52565")
	if code != 0 {
		t.Fatalf("run: exit %d: %s\n%s", code, errs, output())
	}
	out := output()
	assertConsoleIsPty(t, out)

	target, check := hostTarget(t)
	sock2, output2 := consoleSocket(t)
	evil := bundle(t, both(func(s *specs.Spec) {
		s.Process.Args, s.Process.Terminal = consoleProbe, true
	}, hostDev(t, func(dir string) {
		os.Symlink(target, filepath.Join(dir, "console"))
		os.Symlink("pts/ptmx", filepath.Join(dir, "ptmx"))
		unix.Mknod(filepath.Join(dir, "null"), unix.S_IFCHR|0o666, int(unix.Mkdev(1, 3)))
	}), func(s *specs.Spec) {
		s.Mounts = append(s.Mounts, specs.Mount{Destination: "/dev/pts", Type: "devpts", Source: "devpts",
			Options: []string{"newinstance", "ptmxmode=0666"}})
	}))
	_, errs, code = e.cell("run", "--console-socket", sock2, "-b", evil, "sec-52565-evil")
	out = output2()
	check()
	e.assertGone("sec-52565-evil")
	if code != 0 {
		if !strings.Contains(errs, "console") {
			t.Errorf("a /dev/console symlink to a host file: exit %d, %q; want a refusal naming the console", code, errs)
		}
		return
	}
	assertConsoleIsPty(t, out)
}

// assertConsoleIsPty checks, in consoleProbe's output, that /dev/console
// is the same device as the process's terminal.
func assertConsoleIsPty(t *testing.T, out string) {
	t.Helper()
	m := regexp.MustCompile(`"ttyname":"/dev/pts/(\d+)"`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("the process has no pty on stdin:\n%s", out)
	}
	console := regexp.MustCompile(`(?m)^c\S* \d+ \d+ (\d+:\d+) console`).FindStringSubmatch(out)
	pts := regexp.MustCompile(`(?m)^c\S* \d+ \d+ (\d+:\d+) ` + m[1] + `\s*$`).FindStringSubmatch(out)
	if console == nil || pts == nil || console[1] != pts[1] {
		t.Errorf("/dev/console is not the process's pty /dev/pts/%s:\n%s", m[1], out)
	}
}
