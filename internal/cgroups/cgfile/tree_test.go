package cgfile

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestReadProcs(t *testing.T) {
	root := t.TempDir()
	write := func(dir, procs string) {
		t.Helper()
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "cgroup.procs"), []byte(procs), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "g"), "1\n2\n")
	write(filepath.Join(root, "g", "sub"), "3\n")
	write(filepath.Join(root, "g", "sub", "deeper"), "4\n")
	if err := os.MkdirAll(filepath.Join(root, "g", "noprocs"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, dir string
		want      []int
	}{
		{"tree", "g", []int{1, 2, 3, 4}},
		{"subtree", "g/sub", []int{3, 4}},
		{"leaf", "g/sub/deeper", []int{4}},
		{"leaf without cgroup.procs", "g/noprocs", nil},
		{"missing", "nope", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadProcs(filepath.Join(root, tc.dir))
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("ReadProcs = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestMkdirAllParentRemoved races MkdirAll against a remover of the
// emptied parent: MkdirAll must still make its directory.
func TestMkdirAllParentRemoved(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "cell")
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
				_ = os.Remove(parent) // only succeeds while empty
			}
		}
	}()
	defer func() { close(stop); <-done }()
	for i := range 300 {
		d := filepath.Join(parent, fmt.Sprint(i))
		if made, err := MkdirAll(d); err != nil || !made {
			t.Fatalf("MkdirAll %s: made %v, %v", d, made, err)
		}
		if err := os.Remove(d); err != nil {
			t.Fatal(err)
		}
	}
}

// Only a directory MkdirAll made itself counts as made: one that was
// there may hold processes.
func TestMkdirAllMade(t *testing.T) {
	d := filepath.Join(t.TempDir(), "a", "b")
	if made, err := MkdirAll(d); err != nil || !made {
		t.Fatalf("new: made %v, %v", made, err)
	}
	if made, err := MkdirAll(d); err != nil || made {
		t.Fatalf("existing: made %v, %v", made, err)
	}
	if _, err := MkdirAll(filepath.Join(d, "x\x00")); err == nil {
		t.Fatal("a bad name: want an error")
	}
}
