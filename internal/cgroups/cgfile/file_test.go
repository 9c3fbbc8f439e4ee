package cgfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadWrite(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("cache 4096\n", 300) // grows Read's buffer
	for _, want := range []string{"", "max", "10 20\n30", strings.TrimRight(long, "\n")} {
		if err := os.WriteFile(filepath.Join(dir, "f"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := Write(dir, "f", want+"\n"); err != nil {
			t.Fatalf("Write %q: %v", want, err)
		}
		got, err := Read(dir, "f")
		if err != nil || got != want {
			t.Errorf("Read after Write %q = %q, %v", want, got, err)
		}
	}
}

func TestMissingFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := Read(dir, "nope"); !IsNotExist(err) || !strings.Contains(err.Error(), "nope") {
		t.Errorf("Read of a missing file: %v, want a not-exist error naming it", err)
	}
	err := Write(dir, "nope", "1")
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), filepath.Join(dir, "nope")) {
		t.Errorf("Write to a missing file: %v, want a not-exist error naming it", err)
	}
}
