package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/cell-runtime/cell/internal/atomicfile"
)

func TestLockDoesNotRecreate(t *testing.T) {
	s := Store{Root: t.TempDir()}
	l, err := s.Create("c")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create("c"); !errors.Is(err, ErrExist) {
		t.Fatalf("second create: %v, want ErrExist", err)
	}
	if err := s.Remove("c"); err != nil {
		t.Fatal(err)
	}
	l.Unlock()
	if err := os.Mkdir(s.Dir("c"), 0o711); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Lock("c"); !errors.Is(err, ErrNotExist) {
		t.Fatalf("lock of a directory without a lock file: %v, want ErrNotExist", err)
	}
	if _, err := os.Stat(filepath.Join(s.Dir("c"), lockFile)); !os.IsNotExist(err) {
		t.Fatalf("Lock created the lock file: %v", err)
	}
}

func TestRemoveHalfMade(t *testing.T) {
	s := Store{Root: t.TempDir()}
	for _, tc := range []struct {
		name    string
		files   []string
		removed bool
	}{
		{"empty", nil, true},
		{"lock only", []string{lockFile}, true},
		// What a save killed before its rename leaves (see atomicfile).
		{"lock and temp state", []string{lockFile, atomicfile.TempPrefix(stateFile) + "123"}, true},
		{"with state", []string{lockFile, stateFile}, false},
		{"other data", []string{"networks.json"}, false},
	} {
		dir := s.Dir("c")
		os.RemoveAll(dir)
		os.MkdirAll(dir, 0o711)
		for _, f := range tc.files {
			os.WriteFile(filepath.Join(dir, f), []byte("{}"), 0o600)
		}
		removed, err := s.RemoveHalfMade("c")
		if err != nil || removed != tc.removed {
			t.Errorf("%s: removed %v, %v; want %v", tc.name, removed, err, tc.removed)
		}
		if _, err := os.Stat(dir); os.IsNotExist(err) != tc.removed {
			t.Errorf("%s: directory exists %v", tc.name, !os.IsNotExist(err))
		}
	}
}
