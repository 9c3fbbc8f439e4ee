package rootfs

import (
	"os"
	"path/filepath"
	"testing"
)

// quickDir finds or makes a directory in the root with openat2, and
// never leaves the root however the rootfs's symlinks point.
func TestQuickDir(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "root")
	outside := filepath.Join(dir, "outside")
	for _, d := range []string{root + "/a/b", root + "/outside", outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// Both aim out of the root from the host's point of view.
	if err := os.Symlink("../../../../../../outside", root+"/up"); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, root+"/abs"); err != nil {
		t.Fatal(err)
	}
	r, err := openRoot(root)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, c := range []struct {
		dst, want string // want "" means: left to the full walk
	}{
		{"/a/b", root + "/a/b"},
		{"/a/new", root + "/a/new"}, // last component made
		{"/up", root + "/outside"},  // ".." stops at the root
		{"/up/made", root + "/outside/made"},
		{"/abs/x", ""}, // an absolute link is the root's path: missing there
		{"/missing/deeper", ""},
	} {
		f, ok := r.quickDir(c.dst)
		if ok != (c.want != "") {
			t.Errorf("quickDir(%q) ok = %v, want %v", c.dst, ok, c.want != "")
			continue
		}
		if !ok {
			continue
		}
		got, err := os.Readlink(fdPath(f))
		f.Close()
		if err != nil || got != c.want {
			t.Errorf("quickDir(%q) is at %q (%v), want %q", c.dst, got, err, c.want)
		}
	}
	if ents, _ := os.ReadDir(outside); len(ents) != 0 {
		t.Errorf("made %v outside the root", ents)
	}
}

// reopen finds a path without symlinks at root/path, and one through a
// symlink where the link leads inside the root.
func TestReopen(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(root+"/a/b", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/a", root+"/link"); err != nil {
		t.Fatal(err)
	}
	r, err := openRoot(root)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for dst, want := range map[string]string{"/a/b": root + "/a/b", "a/b/": root + "/a/b", "/link/b": root + "/a/b"} {
		f, err := r.reopen(dst)
		if err != nil {
			t.Errorf("reopen(%q): %v", dst, err)
			continue
		}
		got, err := os.Readlink(fdPath(f))
		f.Close()
		if err != nil || got != want {
			t.Errorf("reopen(%q) = %q (%v), want %q", dst, got, err, want)
		}
	}
	if _, err := r.reopen("/missing"); err == nil {
		t.Error("reopen of a missing path: want an error")
	}
}
