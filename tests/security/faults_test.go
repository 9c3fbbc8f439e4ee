package security

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/tests/harness"
)

// subreaper makes the test process the reaper of orphans, so that a
// process a killed cell left behind becomes our child and can be found.
func subreaper(t *testing.T) {
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		t.Fatal(err)
	}
}

// strayChildren reaps exited orphans, waits a moment for the dying, and
// returns the children of the test process that are still alive (call it
// only when no exec.Cmd of ours is running).
func strayChildren() []string {
	var out []string
	for deadline := time.Now().Add(3 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		for {
			pid, err := unix.Wait4(-1, nil, unix.WNOHANG, nil)
			if pid <= 0 || err != nil {
				break
			}
		}
		out = out[:0]
		me := strconv.Itoa(os.Getpid())
		entries, _ := os.ReadDir("/proc")
		for _, e := range entries {
			b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
			if err != nil {
				continue
			}
			f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
			if len(f) > 1 && f[1] == me && f[0] != "Z" {
				cmd, _ := os.ReadFile("/proc/" + e.Name() + "/cmdline")
				out = append(out, e.Name()+" "+strings.ReplaceAll(string(cmd), "\x00", " "))
			}
		}
		if len(out) == 0 || time.Now().After(deadline) {
			return out
		}
	}
}

// killedAfter starts cell with args, SIGKILLs it after delay (if it is
// still running) and waits for it.
func (e *env) killedAfter(delay time.Duration, args ...string) {
	cmd, _, _ := e.command(args...)
	if err := cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	time.Sleep(delay)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
}

// killStep is one command of cell to kill: what must exist before it,
// and the command.
type killStep struct {
	name  string
	setup func()
	args  []string
}

// SIGKILL of cell at random points of create, start, exec, pause, delete
// and of `cell run` on a bridge network, then `delete --force`: no state,
// cgroup (in any hierarchy), mount (namespace files included; the
// read-only overlay of the cell binary is detached and never in a mount
// table), veth, address lease or process may be left. Each command is
// first timed whole, then killed after random delays up to a little more
// than that, so the kills land at different points of it.
func TestSecKilledRuntimeLeavesNothing(t *testing.T) {
	e := newEnv(t)
	subreaper(t)
	b := bundle(t, args("/bin/payload", "sleep", "30"))
	e.ok("network", "create", "seckill", "--subnet", "10.213.217.0/24", "--bridge", "seckill0")
	t.Cleanup(func() { e.cell("network", "rm", "seckill") })
	const id = "sec-kill"
	runD := func() { e.ok("run", "-d", "-b", b, id) }
	steps := []killStep{
		{"create", func() {}, []string{"create", "-b", b, id}},
		{"start", func() { e.ok("create", "-b", b, id) }, []string{"start", id}},
		{"exec", runD, []string{"exec", id, "/bin/payload", "true"}},
		{"pause", runD, []string{"pause", id}},
		{"delete", runD, []string{"delete", "--force", id}},
		{"run on a bridge", func() {}, []string{"run", "-d", "--name", id, "--net", "seckill",
			filepath.Join(b, "rootfs"), "--", "/bin/payload", "sleep", "30"}},
	}
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rnd := rand.New(rand.NewSource(seed))
	const kills = 12
	for _, st := range steps {
		st.setup()
		start := time.Now()
		e.ok(st.args...)
		whole := time.Since(start)
		t.Logf("%s takes %v", st.name, whole)
		e.assertCleaned(st.name+" (not killed)", id)
		for i := 0; i < kills; i++ {
			d := time.Duration(rnd.Int63n(int64(whole) * 5 / 4))
			st.setup()
			e.killedAfter(d, st.args...)
			e.assertCleaned(fmt.Sprintf("%s killed after %v of %v", st.name, d, whole), id)
		}
	}
}

// assertCleaned runs delete --force on id and checks that nothing of it
// is left: state, the bundle `cell run` made, cgroups, mounts, processes,
// and its network (namespace file, veth, endpoint and lease on network
// seckill).
func (e *env) assertCleaned(what, id string) {
	e.t.Helper()
	if _, errs, code := e.cell("delete", "--force", id); code != 0 && !strings.Contains(errs, "does not exist") {
		e.t.Errorf("%s: delete --force: %s", what, errs)
	}
	e.assertGone(id)
	if stray := strayChildren(); len(stray) > 0 {
		e.t.Errorf("%s: processes left: %v", what, stray)
	}
	if ents, _ := os.ReadDir(e.root); len(ents) != 1 || ents[0].Name() != "network" {
		e.t.Errorf("%s: state root holds %v, want only the network directory", what, ents)
	}
	if ents, _ := os.ReadDir(filepath.Join(e.root, "network", "netns")); len(ents) != 0 {
		e.t.Errorf("%s: namespace files left: %v", what, ents)
	}
	if ports, _ := os.ReadDir("/sys/class/net/seckill0/brif"); len(ports) != 0 {
		e.t.Errorf("%s: veths left on the bridge: %v", what, ports)
	}
	if out, _, _ := e.cell("network", "inspect", "seckill"); strings.Contains(out, id) {
		e.t.Errorf("%s: network endpoint left: %s", what, out)
	}
}

// 50 concurrent exec, kill, update (memory, pids), state, pause/resume
// and delete commands on one container are serialized: none crashes or
// gives more than a one-line error, and state.json is valid JSON at every
// moment it exists. A first round without delete --force must leave the
// limits the state records in the cgroup (the last update won both); a
// second round with a delete --force among them must leave no state,
// cgroup or process.
func TestSecConcurrentCommands(t *testing.T) {
	e := newEnv(t)
	subreaper(t)
	const id = "sec-conc"
	b := bundle(t, args("/bin/payload", "sleep", "60"))
	e.ok("run", "-d", "-b", b, id)
	ops := [][]string{
		{"exec", id, "/bin/payload", "true"}, {"kill", id, "SIGWINCH"}, {"state", id},
		{"update", "--memory", "64m", id}, {"pause", id}, {"update", "--pids-limit", "100", id},
		{"resume", id}, {"update", "--memory", "96m", "--pids-limit", "200", id}, {"delete", id},
	}
	wins := e.concurrently(id, ops, -1)
	if wins["update"] == 0 {
		t.Errorf("no update succeeded: %v", wins)
	}
	e.assertLimitsRecorded(id)
	e.concurrently(id, ops, 45)
	e.cell("delete", "--force", id)
	e.assertGone(id)
	if stray := strayChildren(); len(stray) > 0 {
		t.Errorf("processes left: %v", stray)
	}
}

// concurrently starts 50 commands from ops on id at once (the force-th a
// delete --force, when force >= 0), checks each ended with status 0 or 1
// and a one-line error, and that state.json never held anything but JSON.
// It returns how many commands of each name succeeded.
func (e *env) concurrently(id string, ops [][]string, force int) map[string]int {
	t := e.t
	stop := make(chan struct{})
	bad := make(chan string, 1)
	go watchStateJSON(filepath.Join(e.root, id, "state.json"), stop, bad)
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := map[string]int{}
	started := make(chan *os.Process, 50)
	for i := 0; i < 50; i++ {
		op := ops[i%len(ops)]
		if i == force {
			op = []string{"delete", "--force", id}
		}
		cmd, out, errb := e.command(op...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		started <- cmd.Process
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs, code := harness.Finish(t, cmd, cmd.Wait(), out, errb)
			// 137: an exec'd process killed by the concurrent delete --force.
			if (code > 1 && code != 137) || code < 0 || strings.Contains(errs, "panic") || strings.Contains(errs, "malformed") ||
				strings.Count(strings.TrimSpace(errs), "\n") > 0 {
				t.Errorf("cell %s: exit %d: %q", strings.Join(op, " "), code, errs)
			}
			if code == 0 {
				mu.Lock()
				wins[op[0]]++
				mu.Unlock()
			}
		}()
	}
	close(started)
	if !waitTimeout(&wg, 10*time.Second) {
		// A process exec'd just before a pause that no resume followed
		// stays frozen, and its `cell exec` waits for it, as under runc:
		// thaw the container as its user would.
		e.cell("resume", id)
	}
	if !waitTimeout(&wg, time.Minute) {
		t.Errorf("commands still hang after a minute: a deadlock")
		for p := range started {
			p.Kill()
		}
		wg.Wait()
	}
	close(stop)
	if msg, ok := <-bad; ok && msg != "" {
		t.Error(msg)
	}
	t.Logf("succeeded: %v", wins)
	return wins
}

// assertLimitsRecorded checks that the memory and pids limits state.json
// records for id are the ones in its cgroups.
func (e *env) assertLimitsRecorded(id string) {
	e.t.Helper()
	b, err := os.ReadFile(filepath.Join(e.root, id, "state.json"))
	if err != nil {
		e.t.Fatal(err)
	}
	var st struct {
		Spec struct {
			Linux struct {
				Resources struct {
					Memory struct{ Limit *int64 }
					Pids   struct{ Limit int64 }
				}
			}
		}
		CgroupPaths map[string]string
	}
	if err := json.Unmarshal(b, &st); err != nil {
		e.t.Fatalf("state.json: %v", err)
	}
	r := st.Spec.Linux.Resources
	for _, c := range []struct{ ctrl, file, want string }{
		{"memory", "memory.limit_in_bytes", fmt.Sprint(derefOr(r.Memory.Limit, -1))},
		{"pids", "pids.max", fmt.Sprint(r.Pids.Limit)},
	} {
		got, err := os.ReadFile(filepath.Join(st.CgroupPaths[c.ctrl], c.file))
		if err != nil || strings.TrimSpace(string(got)) != c.want {
			e.t.Errorf("%s: cgroup has %q (%v), state.json records %s", c.file, got, err, c.want)
		}
	}
}

func derefOr(p *int64, v int64) int64 {
	if p == nil {
		return v
	}
	return *p
}

// watchStateJSON reads path in a loop until stop and reports the first
// time it held something that is not a JSON object.
func watchStateJSON(path string, stop <-chan struct{}, bad chan<- string) {
	defer close(bad)
	for {
		select {
		case <-stop:
			return
		default:
		}
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		var v map[string]any
		if err := json.Unmarshal(b, &v); err != nil {
			bad <- fmt.Sprintf("state.json was corrupt: %v: %q", err, b)
			return
		}
	}
}

// Two creates of one id at the same moment: exactly one wins, the other
// says the container exists, and the winner's container is whole.
func TestSecConcurrentCreate(t *testing.T) {
	e := newEnv(t)
	const id = "sec-twin"
	b := bundle(t, args("/bin/payload", "sleep", "30"))
	for round := 0; round < 8; round++ {
		var wg sync.WaitGroup
		codes, errs := make([]int, 2), make([]string, 2)
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i], codes[i] = e.cell("create", "-b", b, id)
			}()
		}
		wg.Wait()
		if (codes[0] == 0) == (codes[1] == 0) {
			t.Errorf("round %d: exits %v (%q): want exactly one winner", round, codes, errs)
		}
		for i, c := range codes {
			if c != 0 && !strings.Contains(errs[i], "exists") {
				t.Errorf("round %d: the loser says %q, want that the container exists", round, errs[i])
			}
		}
		if st, ok := e.state(id); !ok || st.Status != "created" {
			t.Errorf("round %d: the winner's container is %+v", round, st)
		}
		e.ok("delete", "--force", id)
		e.assertGone(id)
	}
}

// waitTimeout waits for wg and reports whether it finished within d.
func waitTimeout(wg *sync.WaitGroup, d time.Duration) bool {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}
