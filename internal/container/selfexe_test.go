package container

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/initbin"
)

// Every way of sealing a binary for the init must leave it unwritable, even
// reopened through /proc as root, and must hold the binary meant.
func TestSealedBinariesAreReadOnly(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount an overlay")
	}
	self, err := os.ReadFile("/proc/self/exe")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	kept := []byte("#!/bin/sh\necho a kept init\n")
	if err := os.WriteFile(filepath.Join(dir, "init"), kept, 0o500); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		open func() (*os.File, error)
		want []byte
	}{
		"self": {sealedSelf, self},
		"self-memfd": {func() (*os.File, error) {
			f, err := os.Open("/proc/self/exe")
			if err != nil {
				return nil, err
			}
			defer f.Close()
			return sealedCopy(f, int64(len(self)))
		}, self},
		"kept-overlay": {func() (*os.File, error) { return overlayOpen(dir, "init", int64(len(kept))) }, kept},
		"bytes-memfd":  {func() (*os.File, error) { return sealedCopy(bytes.NewReader(kept), int64(len(kept))) }, kept},
	} {
		t.Run(name, func(t *testing.T) {
			f, err := tc.open()
			if errors.Is(err, unix.EINVAL) {
				// Overlay's "lowerdir+" needs Linux 6.8; cell falls back to memfd.
				t.Skipf("this kernel refuses the overlay: %v", err)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			proc := fmt.Sprintf("/proc/self/fd/%d", f.Fd())
			if w, err := os.OpenFile(proc, os.O_WRONLY, 0); err == nil {
				_, err = w.Write([]byte("x"))
				w.Close()
				if err == nil {
					t.Fatal("wrote to the sealed binary")
				}
			}
			got, err := os.ReadFile(proc)
			if err != nil || !bytes.Equal(got, tc.want) {
				t.Fatalf("sealed binary differs from the one meant (%v)", err)
			}
		})
	}
	if _, err := overlayOpen(dir, "init", int64(len(kept))+1); err == nil {
		t.Error("overlayOpen took a file of another size")
	}
}

// keptInit writes the embedded init once per build, read-only, rewrites a
// copy that is not exactly that, and drops the copies of other builds.
func TestKeptInit(t *testing.T) {
	saved, savedSum := initbin.Binary, initbin.Sum
	t.Cleanup(func() { initbin.Binary, initbin.Sum = saved, savedSum })
	dir := filepath.Join(t.TempDir(), ".init")
	initbin.Binary, initbin.Sum = []byte("build one"), "one\n"
	path := filepath.Join(dir, "cell-init-one")
	check := func(step string) unix.Stat_t {
		t.Helper()
		name, err := keptInit(dir)
		if err != nil || filepath.Join(dir, name) != path {
			t.Fatalf("%s: keptInit = %s, %v", step, name, err)
		}
		var st unix.Stat_t
		got, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(got, initbin.Binary) || unix.Lstat(path, &st) != nil || st.Mode&0o7777 != 0o555 {
			t.Fatalf("%s: kept %q (%v), mode %o", step, got, err, st.Mode&0o7777)
		}
		return st
	}
	first := check("first")
	if again := check("again"); again.Ino != first.Ino {
		t.Error("rewrote a good copy")
	}
	if err := os.Chmod(path, 0o755); err != nil {
		t.Fatal(err)
	}
	check("writable copy")
	if err := os.Chmod(path, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("short"), 0o555); err != nil {
		t.Fatal(err)
	}
	check("truncated copy")
	initbin.Binary, initbin.Sum = []byte("build two"), "two\n"
	path = filepath.Join(dir, "cell-init-two")
	check("next build")
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("copies of other builds left: %v", ents)
	}
}
