package image

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// outsidePath returns a fresh path outside any test directory that must
// never come to exist.
func outsidePath(t *testing.T, prefix string) string {
	p := filepath.Join(os.TempDir(), fmt.Sprintf("%s-%d", prefix, rand.Uint64()))
	t.Cleanup(func() { os.RemoveAll(p) })
	return p
}

func TestExtractHostile(t *testing.T) {
	outLink := outsidePath(t, "cell-outside")
	outAbs := outsidePath(t, "cell-abs")
	outDir := t.TempDir() // exists: a symlink to it must not be written through
	tests := []struct {
		name    string
		ents    []entry
		wantErr bool   // refused
		unsafe  bool   // refused with ErrUnsafePath
		inside  string // a path that must exist in the layer afterwards
	}{
		{"dotdot", []entry{file("../escape", "x")}, true, true, ""},
		{"dotdot deep", []entry{file("a/../../escape", "x")}, true, true, ""},
		{"absolute made relative", []entry{file(outAbs, "x")}, false, false, outAbs},
		// A symlink whose target is missing inside the layer cannot be a
		// parent: pathrs refuses to create directories through it.
		{"dangling symlink parent", []entry{symlink("link", outLink), file("link/file", "x")}, true, false, ""},
		{"symlink parent to host dir", []entry{symlink("link", outDir), file("link/file", "x")}, true, false, ""},
		{"absolute symlink parent scoped", []entry{dir("real/"), symlink("link", "/real"), file("link/file", "x")}, false, false, "real/file"},
		{"relative symlink parent scoped", []entry{dir("real/"), symlink("link", "../../../real"), file("link/file", "x")}, false, false, "real/file"},
		{"hardlink to host file", []entry{hardlink("pw", "/etc/passwd")}, true, true, ""},
		{"hardlink dotdot", []entry{hardlink("pw", "../../../../etc/passwd")}, true, true, ""},
		{"hardlink via symlink", []entry{symlink("e", "/etc"), hardlink("pw", "e/passwd")}, true, true, ""},
		{"hardlink inside", []entry{file("a", "x"), hardlink("b", "a")}, false, false, "b"},
		{"whiteout dotdot", []entry{whiteoutEntry(".wh..."), file("x", "")}, true, true, ""},
		{"file named root", []entry{file(".", "x")}, true, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			layer := filepath.Join(t.TempDir(), "layer")
			if err := os.Mkdir(layer, 0o755); err != nil {
				t.Fatal(err)
			}
			_, err := extract(bytes.NewReader(tarBytes(t, tt.ents...)), layer)
			if (err != nil) != tt.wantErr {
				t.Fatalf("extract: %v, want error %v", err, tt.wantErr)
			}
			if tt.unsafe && !errors.Is(err, ErrUnsafePath) {
				t.Errorf("error %v does not wrap ErrUnsafePath", err)
			}
			if tt.inside != "" {
				if _, err := os.Lstat(filepath.Join(layer, tt.inside)); err != nil {
					t.Errorf("contained entry missing: %v", err)
				}
			}
			onlyLayer(t, filepath.Dir(layer))
			for _, p := range []string{outLink, outAbs, filepath.Join(outDir, "file")} {
				if _, err := os.Lstat(p); !os.IsNotExist(err) {
					t.Errorf("%s written outside the layer", p)
				}
			}
		})
	}
}

// onlyLayer fails unless dir holds nothing but "layer".
func onlyLayer(t testing.TB, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil || len(ents) != 1 || ents[0].Name() != "layer" {
		t.Errorf("%s holds %v (%v), want only layer", dir, ents, err)
	}
}

func TestEntryPath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a/b", "a/b"}, {"./a//b/", "a/b"}, {"/abs/x", "abs/x"}, {"//", "."}, {"./", "."},
		{"..", ""}, {"a/..", ""}, {"a/../b", ""}, {"x\x00y", ""},
	}
	for _, tt := range tests {
		got, err := entryPath(tt.in)
		if got != tt.want || (err != nil) != (tt.want == "") {
			t.Errorf("entryPath(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestExtractReplaces(t *testing.T) {
	layer := filepath.Join(t.TempDir(), "layer")
	if err := os.Mkdir(layer, 0o755); err != nil {
		t.Fatal(err)
	}
	ents := []entry{dir("d/"), file("d/x", "1"), file("d", "now a file"), symlink("s", "t"), file("s", "plain")}
	if _, err := extract(bytes.NewReader(tarBytes(t, ents...)), layer); err != nil {
		t.Fatal(err)
	}
	readEq(t, filepath.Join(layer, "d"), "now a file")
	if fi, err := os.Lstat(filepath.Join(layer, "s")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("s: %v, %v; want a regular file", fi, err)
	}
	if _, err := os.Lstat(filepath.Join(layer, "t")); !os.IsNotExist(err) {
		t.Errorf("write went through the old symlink: %v", err)
	}
}

// FuzzExtract feeds arbitrary tar bytes to extract: it must not panic and
// must not create anything beside the layer directory. Device entries are
// fine: they land inside the temporary layer.
//
//cell:fuzzexecs 30000
func FuzzExtract(f *testing.F) {
	f.Add(tarBytes(f, file("a", "x"), dir("d/"), symlink("d/l", "/"), file("d/l/etc/x", "y")))
	f.Add(tarBytes(f, hardlink("h", "/etc/passwd"), file("../x", "")))
	f.Add(tarBytes(f, whiteoutEntry("d/.wh..wh..opq"), whiteoutEntry(".wh.a")))
	f.Fuzz(func(t *testing.T, data []byte) {
		parent := t.TempDir()
		layer := filepath.Join(parent, "layer")
		if err := os.Mkdir(layer, 0o755); err != nil {
			t.Fatal(err)
		}
		_, _ = extract(bytes.NewReader(data), layer)
		onlyLayer(t, parent)
	})
}
