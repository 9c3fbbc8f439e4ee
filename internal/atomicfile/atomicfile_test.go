package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	for i, w := range []struct {
		write func(string, []byte, os.FileMode) error
		perm  os.FileMode
	}{{Write, 0o600}, {WriteSync, 0o644}, {Write, 0o555}} {
		data, perm := []byte{'a' + byte(i)}, w.perm
		if err := w.write(path, data, perm); err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
		got, err := os.ReadFile(path)
		st, serr := os.Stat(path)
		if err != nil || serr != nil || string(got) != string(data) || st.Mode().Perm() != perm {
			t.Fatalf("write %d: got %q (%v), mode %v (%v); want %q, %v", i, got, err, st.Mode(), serr, data, perm)
		}
	}
	if err := Write(filepath.Join(dir, "missing", "f"), []byte("x"), 0o600); err == nil {
		t.Error("write into a missing directory: want an error")
	}
	// A failed rename (path is a directory) leaves no temporary file.
	if err := os.Mkdir(filepath.Join(dir, "d"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Write(filepath.Join(dir, "d"), []byte("x"), 0o600); err == nil {
		t.Error("write over a directory: want an error")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 2 {
		t.Errorf("left in the directory: %v, want f and d", ents)
	}
}
