package main

import (
	"bufio"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildPayload compiles this package with CGO_ENABLED=0 into a temp dir.
func buildPayload(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a binary; skipped in -short mode")
	}
	bin := filepath.Join(t.TempDir(), "payload")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func TestBuiltBinary(t *testing.T) {
	bin := buildPayload(t)
	t.Run("static", func(t *testing.T) { checkStatic(t, bin) })
	t.Run("commands", func(t *testing.T) { checkCommands(t, bin) })
	t.Run("argv0", func(t *testing.T) { checkArgv0(t, bin) })
	t.Run("forkbomb", func(t *testing.T) { checkForkbomb(t, bin) })
	t.Run("sigwait", func(t *testing.T) { checkSigwait(t, bin) })
	t.Run("tcp", func(t *testing.T) { checkEcho(t, bin, "listen", "connect") })
	t.Run("udp", func(t *testing.T) { checkEcho(t, bin, "udp-listen", "udp") })
}

// checkEcho starts an echo server on a free loopback port and talks to it
// with the matching client command.
func checkEcho(t *testing.T, bin, server, client string) {
	srv := exec.Command(bin, server, "0", "1")
	stdout, err := srv.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Wait()
	defer srv.Process.Kill()
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	i := strings.LastIndex(line, ":")
	if !strings.HasPrefix(line, "listening ") || i < 0 {
		t.Fatalf("%s said %q", server, line)
	}
	addr := "127.0.0.1:" + strings.TrimSpace(line[i+1:])
	if out, code := runBin(t, bin, client, addr, "hello"); code != 0 || out != "hello\n" {
		t.Errorf("%s %s hello = %d %q", client, addr, code, out)
	}
}

func checkStatic(t *testing.T, bin string) {
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Fatal("payload has an ELF interpreter: not static")
		}
	}
}

func checkCommands(t *testing.T, bin string) {
	tests := []struct {
		args     []string
		wantCode int
		contains string
	}{
		{[]string{"true"}, 0, ""},
		{[]string{"exit", "3"}, 3, ""},
		{[]string{"echo", "x", "y"}, 0, "x y\n"},
		{[]string{"pid"}, 0, "pid="},
		{[]string{"caps"}, 0, "CapBnd:"},
		{[]string{"ns"}, 0, `"pid":"pid:[`},
		{[]string{"rlimits"}, 0, "RLIMIT_NOFILE "},
		{[]string{"memhog", "2"}, 0, "allocated 2\nholding\n"},
		{[]string{"cpus"}, 0, "cpu="},
		{[]string{"fds"}, 0, "0 "},
		{[]string{"tty"}, 0, `"isatty":false`},
		{[]string{"syscall", "reboot"}, 0, "ok"},
		{[]string{"commands"}, 0, "sigwait\n"},
	}
	for _, tt := range tests {
		out, code := runBin(t, bin, tt.args...)
		if code != tt.wantCode || !strings.Contains(out, tt.contains) {
			t.Errorf("payload %v = %d %q, want %d and %q", tt.args, code, out, tt.wantCode, tt.contains)
		}
	}
}

func runBin(t *testing.T, bin string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	out, err := cmd.Output()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("run %v: %v", args, err)
	}
	return string(out), cmd.ProcessState.ExitCode()
}

func checkArgv0(t *testing.T, bin string) {
	link := filepath.Join(t.TempDir(), "echo")
	if err := os.Symlink(bin, link); err != nil {
		t.Fatal(err)
	}
	if out, code := runBin(t, link, "via", "link"); code != 0 || out != "via link\n" {
		t.Errorf("echo symlink = %d %q", code, out)
	}
}

func checkForkbomb(t *testing.T, bin string) {
	out, code := runBin(t, bin, "forkbomb", "4")
	if code != 0 || out != "forked 4\n" {
		t.Errorf("forkbomb 4 = %d %q", code, out)
	}
}

func checkSigwait(t *testing.T, bin string) {
	cmd := exec.Command(bin, "sigwait")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(10*time.Second, func() { cmd.Process.Kill() })
	defer timer.Stop()
	r := bufio.NewReader(stdout)
	if line, _ := r.ReadString('\n'); line != "ready\n" {
		t.Fatalf("first line %q, want ready", line)
	}
	cmd.Process.Signal(syscall.SIGUSR1)
	line, _ := r.ReadString('\n')
	if err := cmd.Wait(); err != nil || line != "SIGUSR1\n" {
		t.Errorf("sigwait = %v %q, want SIGUSR1", err, line)
	}
}
