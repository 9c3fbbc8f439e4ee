package integration

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

// exitStatus decodes the status of an exit event.
func exitStatus(t *testing.T, e event) int {
	t.Helper()
	var d struct{ Status int }
	if err := json.Unmarshal(e.Data, &d); err != nil {
		t.Fatalf("exit data %s: %v", e.Data, err)
	}
	return d.Status
}

// An OOM-killed container, watched by `cell events` (no ID), yields create,
// start, oom, exit 137 and delete, in that order.
func TestEventsLifecycleAndOOM(t *testing.T) {
	e := newEnv(t)
	out, _ := e.background("events")
	waitFile(t, filepath.Join(e.root, "events.log"))
	b := testrootfs.Bundle(t, all(withMemory(64<<20), withArgs("/bin/payload", "memhog", "200", "inf")))
	if _, errs, code := e.cell("run", "-b", b, "obs-oom1"); code != 137 {
		t.Fatalf("run exit %d, want 137 (OOM kill): %s", code, errs)
	}
	evs := waitEvents(t, out, func(evs []event) bool { return has(evs, "delete", "obs-oom1") })
	order := []string{"create", "start", "oom", "exit", "delete"}
	last := -1
	for _, typ := range order {
		i := index(evs, typ, "obs-oom1")
		if i <= last {
			t.Fatalf("want %v in order, got:\n%s", order, joinLines(evs))
		}
		last = i
	}
	if s := exitStatus(t, evs[index(evs, "exit", "obs-oom1")]); s != 137 {
		t.Errorf("exit status %d, want 137", s)
	}
}

// Pause and resume are reported; a container killed by a signal exits with
// 128+N.
func TestEventsPauseResumeKill(t *testing.T) {
	e := newEnv(t)
	out, _ := e.background("events")
	waitFile(t, filepath.Join(e.root, "events.log"))
	b := testrootfs.Bundle(t, withArgs("/bin/payload", "sleep", "3600"))
	e.ok("create", "-b", b, "obs-ev1")
	e.ok("start", "obs-ev1")
	e.ok("pause", "obs-ev1")
	e.ok("resume", "obs-ev1")
	e.ok("kill", "obs-ev1", "KILL")
	evs := waitEvents(t, out, func(evs []event) bool { return has(evs, "exit", "obs-ev1") })
	for _, typ := range []string{"create", "start", "pause", "resume"} {
		if !has(evs, typ, "obs-ev1") {
			t.Errorf("no %s event in:\n%s", typ, joinLines(evs))
		}
	}
	if s := exitStatus(t, evs[index(evs, "exit", "obs-ev1")]); s != 137 {
		t.Errorf("exit status %d, want 137 (SIGKILL)", s)
	}
	e.ok("delete", "obs-ev1")
}

// `cell events ID` streams stats, then the oom event and the exit of an
// init the OOM killer struck, and ends by itself.
func TestEventsStreamOOM(t *testing.T) {
	e := newEnv(t)
	b := testrootfs.Bundle(t, all(withMemory(64<<20), withArgs("/bin/sh", "-c",
		"while [ ! -e /dev/shm/go ]; do sleep 0.05; done; exec /bin/payload memhog 200 inf")))
	e.ok("run", "-d", "-b", b, "obs-oom2")
	out, cmd := e.background("events", "--interval", "200ms", "obs-oom2")
	waitEvents(t, out, func(evs []event) bool { return has(evs, "stats", "obs-oom2") })
	e.ok("exec", "obs-oom2", "/bin/payload", "write", "/dev/shm/go", "x")
	evs := waitEvents(t, out, func(evs []event) bool { return has(evs, "exit", "obs-oom2") })
	if i, j := index(evs, "oom", "obs-oom2"), index(evs, "exit", "obs-oom2"); i < 0 || i > j {
		t.Fatalf("want oom before exit:\n%s", joinLines(evs))
	}
	if s := exitStatus(t, evs[index(evs, "exit", "obs-oom2")]); s != 137 {
		t.Errorf("exit status %d, want 137", s)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("events stream after exit: %v", err)
	}
}

// `cell events --stats ID` prints one runc stats object; bad use fails
// with a message naming the problem.
func TestEventsStatsOnce(t *testing.T) {
	e := newEnv(t)
	b := testrootfs.Bundle(t, withArgs("/bin/payload", "memhog", "32", "3600"))
	e.ok("run", "-d", "-b", b, "obs-st1")
	var s struct {
		Type string
		ID   string
		Data struct {
			Memory struct{ Usage struct{ Usage, Limit uint64 } }
			Pids   struct{ Current uint64 }
			CPU    struct{ Usage struct{ Total uint64 } }
		}
	}
	for try := 0; try < 200 && s.Data.Memory.Usage.Usage < 32<<20; try++ {
		if err := json.Unmarshal([]byte(e.ok("events", "--stats", "obs-st1")), &s); err != nil {
			t.Fatal(err)
		}
	}
	if s.Type != "stats" || s.ID != "obs-st1" || s.Data.Pids.Current == 0 || s.Data.CPU.Usage.Total == 0 {
		t.Errorf("stats event %+v", s)
	}
	if u := s.Data.Memory.Usage.Usage; u > 48<<20 {
		t.Errorf("memory usage %d, want about 32 MiB", u)
	}
	for _, bad := range [][]string{{"events", "--stats"}, {"events", "--interval", "0", "obs-st1"}, {"events", "obs-none"}} {
		if _, errs, code := e.cell(bad...); code == 0 || errs == "" {
			t.Errorf("cell %v: exit %d, stderr %q: want a failure with a message", bad, code, errs)
		}
	}
}

// `cell run` for people reports create, start and the exit status, and
// its --name shows in stats.
func TestEventsPeopleRun(t *testing.T) {
	e := newEnv(t)
	out, _ := e.background("events")
	waitFile(t, filepath.Join(e.root, "events.log"))
	if _, errs, code := e.cell("run", "--net", "none", "--name", "obs-pp1", "--", "sh", "-c", "exit 3"); code != 3 {
		t.Fatalf("run exit %d, want 3: %s", code, errs)
	}
	e.people("-d", "--name", "obs-pp2", "--", "sleep", "3600")
	evs := waitEvents(t, out, func(evs []event) bool { return len(evs) >= 5 })
	var exit *event
	for i, ev := range evs {
		if ev.Type == "exit" {
			exit = &evs[i]
			break
		}
	}
	if exit == nil || exitStatus(t, *exit) != 3 || evs[0].Type != "create" || evs[1].Type != "start" {
		t.Fatalf("events:\n%s", joinLines(evs))
	}
	var st struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	if err := json.Unmarshal([]byte(e.ok("stats", "--no-stream", "--interval", "100ms", "--format", "json")), &st); err != nil {
		t.Fatal(err)
	}
	if st.Name != "obs-pp2" || st.ID == "" {
		t.Errorf("stats of a named container: id %q name %q", st.ID, st.Name)
	}
}
