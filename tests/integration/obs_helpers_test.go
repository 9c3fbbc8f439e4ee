package integration

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/tests/harness"
)

// background starts a long-running cell command whose stdout goes to a
// file; it is stopped with SIGTERM at cleanup. It returns the output path.
func (e *env) background(args ...string) (string, *exec.Cmd) {
	e.t.Helper()
	out := harness.TempFile(e.t)
	cmd := exec.Command(cellBin, append([]string{"--root", e.root}, args...)...)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() {
		_ = cmd.Process.Signal(unix.SIGTERM)
		_ = cmd.Wait()
	})
	return out.Name(), cmd
}

// event is one line of `cell events`.
type event struct {
	Type string          `json:"type"`
	ID   string          `json:"id"`
	Data json.RawMessage `json:"data"`
}

// readEvents parses the JSON lines of file, failing on one that is not an event.
func readEvents(t *testing.T, file string) []event {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var evs []event
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil || e.Type == "" {
			t.Fatalf("events output line %q is not an event (%v)", sc.Text(), err)
		}
		evs = append(evs, e)
	}
	return evs
}

// waitEvents waits (up to 20 s) until the events in file satisfy done.
func waitEvents(t *testing.T, file string, done func([]event) bool) []event {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		evs := readEvents(t, file)
		if done(evs) {
			return evs
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(file)
			t.Fatalf("timed out waiting for events; got:\n%s", b)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// has reports whether evs holds an event of type typ for id.
func has(evs []event, typ, id string) bool {
	return index(evs, typ, id) >= 0
}

func index(evs []event, typ, id string) int {
	for i, e := range evs {
		if e.Type == typ && e.ID == id {
			return i
		}
	}
	return -1
}

// waitFile waits (up to 20 s) until path exists.
func waitFile(t *testing.T, path string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(path); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never appeared", path)
		}
	}
}

// withMemory limits the container's memory.
func withMemory(limit int64) func(*specs.Spec) {
	return func(s *specs.Spec) {
		s.Linux.Resources.Memory = &specs.LinuxMemory{Limit: &limit}
	}
}

func withArgs(a ...string) func(*specs.Spec) {
	return func(s *specs.Spec) { s.Process.Args = a }
}

// all applies every cfg in turn.
func all(cfgs ...func(*specs.Spec)) func(*specs.Spec) {
	return func(s *specs.Spec) {
		for _, c := range cfgs {
			c(s)
		}
	}
}

func joinLines(evs []event) string {
	var b strings.Builder
	for _, e := range evs {
		b.WriteString(e.Type + " " + e.ID + " " + string(e.Data) + "\n")
	}
	return b.String()
}
