package people

import (
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/cell-runtime/cell/internal/container"
	"github.com/cell-runtime/cell/internal/handshake"
	"github.com/cell-runtime/cell/internal/store"
)

func TestExecStatus(t *testing.T) {
	for _, c := range []struct {
		err  error
		want int
	}{
		{nil, 0},
		{errors.New(`exec "x": executable file not found in $PATH`), 0}, // not the init's
		{fmt.Errorf("create: %w", &handshake.RemoteError{Text: `exec "x": executable file not found in $PATH`}), 127},
		{&handshake.RemoteError{Text: `exec "/x": no such file or directory`}, 127},
		{&handshake.RemoteError{Text: `exec "/etc": permission denied`}, 126},
		{&handshake.RemoteError{Text: `mount "proc": permission denied`}, 0},
	} {
		if got := ExecStatus(c.err); got != c.want {
			t.Errorf("ExecStatus(%v) = %d, want %d", c.err, got, c.want)
		}
	}
}

func TestExitRecord(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(BundleDir(root, "pp-x"), 0o700); err != nil {
		t.Fatal(err)
	}
	if e := ExitOf(root, "pp-x"); e != nil {
		t.Fatalf("ExitOf before any exit: %+v", e)
	}
	if err := recordExit(root, "pp-x", 1); err != nil || ExitOf(root, "pp-x") != nil {
		t.Fatalf("a container not in the store got a record (%v)", err)
	}
	st := store.Store{Root: root}
	lock, err := st.Create("pp-x")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Save("pp-x", &container.State{ID: "pp-x"}); err != nil {
		t.Fatal(err)
	}
	lock.Unlock()
	if err := recordExit(root, "pp-x", 137); err != nil {
		t.Fatal(err)
	}
	if e := ExitOf(root, "pp-x"); e == nil || e.Code != 137 || e.At.IsZero() {
		t.Errorf("ExitOf = %+v, want code 137 and a time", e)
	}
}
