package cgroups

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// helperEnv selects a helper role when the test binary re-runs itself as
// a child that tests place in a cgroup.
const helperEnv = "CELL_CGROUPS_TEST_HELPER"

// TestMain runs the helper roles instead of the tests when asked.
func TestMain(m *testing.M) {
	if role := os.Getenv(helperEnv); role != "" {
		runHelper(role, os.Args[len(os.Args)-1])
		return
	}
	os.Exit(m.Run())
}

// runHelper waits for one byte on stdin (the test has moved it into the
// cgroup by then) and plays its role.
func runHelper(role, arg string) {
	var b [1]byte
	if _, err := os.Stdin.Read(b[:]); err != nil {
		os.Exit(3)
	}
	switch role {
	case "alloc":
		mib, _ := strconv.Atoi(arg)
		hold := allocate(mib)
		fmt.Println("ready")
		time.Sleep(time.Minute)
		_ = hold
	case "spin":
		for {
		}
	case "open":
		f, err := os.Open(arg)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		f.Close()
	}
	os.Exit(0)
}

// allocate touches mib MiB of memory, one MiB at a time.
func allocate(mib int) [][]byte {
	var hold [][]byte
	for i := 0; i < mib; i++ {
		b := make([]byte, 1<<20)
		for j := range b {
			b[j] = byte(j)
		}
		hold = append(hold, b)
	}
	return hold
}

// child is a helper process the test places in a cgroup, then releases.
type child struct {
	cmd   *exec.Cmd
	start *os.File
	out   *os.File
}

// startHelper starts the test binary in role role, blocked until go().
func startHelper(t *testing.T, role, arg string) *child {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$", arg)
	cmd.Env = append(os.Environ(), helperEnv+"="+role, "GOMAXPROCS=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = r, outW, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r.Close()
	outW.Close()
	c := &child{cmd: cmd, start: w, out: outR}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		w.Close()
		outR.Close()
	})
	return c
}

// release lets the helper run its role.
func (c *child) release(t *testing.T) {
	t.Helper()
	if _, err := c.start.Write([]byte{1}); err != nil {
		t.Fatal(err)
	}
}

// waitReady waits for the helper's "ready" line.
func (c *child) waitReady(t *testing.T) {
	t.Helper()
	buf := make([]byte, 6)
	if _, err := c.out.Read(buf); err != nil {
		t.Fatalf("helper not ready: %v", err)
	}
}

// containsLine reports whether text has line as one of its lines.
func containsLine(text, line string) bool {
	for _, l := range strings.Split(text, "\n") {
		if l == line {
			return true
		}
	}
	return false
}
