package events

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/cgroups"
	"github.com/cell-runtime/cell/internal/network/link"
	"github.com/cell-runtime/cell/internal/usage"
)

func TestJournalTail(t *testing.T) {
	root := t.TempDir()
	if err := Record(root, Create, "x"); err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(root); len(ents) != 0 {
		t.Fatalf("a journal nobody watches was written: %v", ents)
	}
	tl, err := openTail(root)
	if err != nil {
		t.Fatal(err)
	}
	defer tl.close()
	for _, typ := range []string{Create, Start, Delete} {
		if err := Record(root, typ, "x"); err != nil {
			t.Fatal(err)
		}
	}
	evs, err := tl.next(time.Second)
	if err != nil || len(evs) != 3 || evs[0].Type != Create || evs[2].Type != Delete || evs[1].ID != "x" {
		t.Fatalf("events %+v, %v", evs, err)
	}
	// A journal past its size limit starts afresh; the tail follows.
	big := strings.Repeat("x", maxJournal+1)
	if err := os.WriteFile(filepath.Join(root, JournalName), []byte(big), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Record(root, Pause, "y"); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(filepath.Join(root, JournalName)); fi.Size() > 100 {
		t.Errorf("journal not truncated: %d bytes", fi.Size())
	}
	if evs, err = tl.next(time.Second); err != nil || len(evs) != 1 || evs[0].Type != Pause {
		t.Fatalf("after truncation: %+v, %v", evs, err)
	}
}

func TestTailParseKeepsPartialLines(t *testing.T) {
	tl := &tail{}
	got := tl.parse([]byte(`{"type":"start","id":"a"}` + "\n" + `not json` + "\n" + `{"type":"del`))
	if len(got) != 1 || got[0].Type != Start {
		t.Fatalf("first read: %+v", got)
	}
	got = tl.parse([]byte(`ete","id":"a"}` + "\n"))
	if len(got) != 1 || got[0].Type != Delete {
		t.Fatalf("second read: %+v", got)
	}
}

func TestShellStatus(t *testing.T) {
	cases := []struct {
		ws   unix.WaitStatus
		want int
	}{
		{0, 0},
		{3 << 8, 3},
		{unix.WaitStatus(unix.SIGKILL), 137},
		{unix.WaitStatus(unix.SIGTERM), 143},
	}
	for _, c := range cases {
		if got := shellStatus(c.ws); got != c.want {
			t.Errorf("shellStatus(%#x) = %d, want %d", uint32(c.ws), got, c.want)
		}
	}
}

// Events encode as runc's: type, id, data; stats data carries the cgroup
// figures and network_interfaces.
func TestEventJSON(t *testing.T) {
	st := &cgroups.Stats{}
	st.Pids.Current = 3
	s := &usage.Sample{ID: "c", Stats: st, Net: &link.Stats{RxBytes: 10, TxBytes: 20}, Veth: "veth0"}
	cases := []struct {
		e    Event
		want string
	}{
		{Event{Type: OOM, ID: "c"}, `{"type":"oom","id":"c"}`},
		{Event{Type: Exit, ID: "c", Data: ExitData{Status: 137}}, `{"type":"exit","id":"c","data":{"status":137}}`},
	}
	for _, c := range cases {
		if b, _ := json.Marshal(c.e); string(b) != c.want {
			t.Errorf("%s, want %s", b, c.want)
		}
	}
	b, _ := json.Marshal(StatsEvent(s))
	var back struct {
		Type string
		Data struct {
			Pids              struct{ Current int }
			NetworkInterfaces []map[string]any `json:"network_interfaces"`
		}
	}
	if err := json.Unmarshal(b, &back); err != nil || back.Type != Stats || back.Data.Pids.Current != 3 ||
		len(back.Data.NetworkInterfaces) != 1 || back.Data.NetworkInterfaces[0]["name"] != "veth0" ||
		back.Data.NetworkInterfaces[0]["tx_bytes"] != 20.0 {
		t.Errorf("stats event %s", b)
	}
}

func TestV2NotifierCountsOOM(t *testing.T) {
	dir := t.TempDir()
	events := filepath.Join(dir, "memory.events")
	write := func(oom int) {
		content := "low 0\nhigh 0\nmax 4\noom " + itoa(oom) + "\noom_kill " + itoa(oom) + "\n"
		if err := os.WriteFile(events, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(1)
	n, err := newOOMNotifier(map[string]string{"": dir})
	if err != nil {
		t.Fatal(err)
	}
	defer n.close()
	if n.fired() {
		t.Error("fired for an OOM before it started watching")
	}
	write(2)
	if !n.fired() || n.fired() {
		t.Error("want one firing for one new OOM")
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// A watch may start before the state root exists.
func TestTailMakesRoot(t *testing.T) {
	root := filepath.Join(t.TempDir(), "not", "yet")
	tl, err := openTail(root)
	if err != nil {
		t.Fatal(err)
	}
	tl.close()
	if err := Record(root, Create, "a"); err != nil {
		t.Fatal(err)
	}
}

// One exit is reported once, whether the journal or the pidfd tells first;
// an unknown status waits for the journal's.
func TestWatcherReportsEachExitOnce(t *testing.T) {
	cases := []struct {
		name  string
		steps func(w *watcher)
		want  string
	}{
		{"pidfd first", func(w *watcher) {
			w.monitored(Event{Type: Exit, ID: "a", Data: ExitData{Status: 137}})
			w.journaled(Event{Type: Exit, ID: "a", Data: map[string]any{"status": 137.0}})
		}, `{"type":"exit","id":"a","data":{"status":137}}`},
		{"journal first", func(w *watcher) {
			w.journaled(Event{Type: Exit, ID: "a", Data: map[string]any{"status": 3.0}})
			w.monitored(Event{Type: Exit, ID: "a", Data: ExitData{Status: 3}})
		}, `{"type":"exit","id":"a","data":{"status":3}}`},
		{"unknown status waits for the journal", func(w *watcher) {
			w.monitored(Event{Type: Exit, ID: "a", Data: ExitData{Status: -1}})
			w.journaled(Event{Type: Exit, ID: "a", Data: map[string]any{"status": 0.0}})
		}, `{"type":"exit","id":"a","data":{"status":0}}`},
		{"unknown status alone", func(w *watcher) {
			w.monitored(Event{Type: Exit, ID: "a", Data: ExitData{Status: -1}})
		}, `{"type":"exit","id":"a","data":{"status":-1}}`},
		{"a new container of the same id", func(w *watcher) {
			w.journaled(Event{Type: Exit, ID: "a", Data: map[string]any{"status": 1.0}})
			w.journaled(Event{Type: Create, ID: "a"})
			w.journaled(Event{Type: Exit, ID: "a", Data: map[string]any{"status": 2.0}})
		}, `{"type":"exit","id":"a","data":{"status":1}}` + "\n" + `{"type":"create","id":"a"}` + "\n" +
			`{"type":"exit","id":"a","data":{"status":2}}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			w := &watcher{stop: make(chan struct{}), watched: map[string]bool{}, exited: map[string]bool{}}
			w.emit = func(e Event) {
				w.mu.Lock()
				defer w.mu.Unlock()
				b, _ := json.Marshal(e)
				got = append(got, string(b))
			}
			c.steps(w)
			w.wg.Wait()
			if s := strings.Join(got, "\n"); s != c.want {
				t.Errorf("got %s, want %s", s, c.want)
			}
		})
	}
}
