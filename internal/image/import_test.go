package image

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// sources builds each supported source format of the test image in dir.
func sources(t *testing.T) map[string]struct{ path, name string } {
	d := t.TempDir()
	layout := filepath.Join(d, "layout")
	makeOCILayout(t, layout, "example.com/test:oci")
	writeFile(t, filepath.Join(d, "test.oci.tar"), tarDir(t, layout))
	writeFile(t, filepath.Join(d, "test.oci.tar.gz"), gzipBytes(t, tarDir(t, layout)))
	makeDockerArchive(t, filepath.Join(d, "docker.tar"), "example.com/test:docker")
	return map[string]struct{ path, name string }{
		"oci-dir":        {layout, "example.com/test:oci"},
		"oci-archive":    {filepath.Join(d, "test.oci.tar"), "example.com/test:oci"},
		"oci-archive-gz": {filepath.Join(d, "test.oci.tar.gz"), "example.com/test:oci"},
		"docker-archive": {filepath.Join(d, "docker.tar"), "example.com/test:docker"},
	}
}

func TestImportFormats(t *testing.T) {
	needRoot(t)
	for format, src := range sources(t) {
		t.Run(format, func(t *testing.T) {
			s, err := Open(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			img, err := s.Import(src.path, "")
			if err != nil {
				t.Fatal(err)
			}
			if img.Name != src.name {
				t.Errorf("name %q, want %q", img.Name, src.name)
			}
			if !reflect.DeepEqual(img.Config, testRunConfig) {
				t.Errorf("config %+v, want %+v", img.Config, testRunConfig)
			}
			got, err := s.Get(src.name)
			if err != nil || !reflect.DeepEqual(got, img) {
				t.Fatalf("Get = %+v, %v; want %+v", got, err, img)
			}
			checkLayers(t, img)
		})
	}
}

// checkLayers looks at the unpacked layers of the test image.
func checkLayers(t *testing.T, img *Image) {
	t.Helper()
	if len(img.Layers) != 3 || img.Size != int64(len("basedoomedab#!c"+"new")) {
		t.Fatalf("layers %v size %d", img.Layers, img.Size)
	}
	readEq(t, filepath.Join(img.Layers[0], "etc/gone"), "doomed")
	readEq(t, filepath.Join(img.Layers[2], "etc/new"), "new")
	var st unix.Stat_t
	if err := unix.Lstat(filepath.Join(img.Layers[1], "etc/gone"), &st); err != nil {
		t.Fatal(err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFCHR || st.Rdev != 0 {
		t.Errorf("whiteout mode %o rdev %d, want char 0:0", st.Mode, st.Rdev)
	}
	buf := make([]byte, 8)
	n, err := unix.Lgetxattr(filepath.Join(img.Layers[1], "opq"), opaqueXattr, buf)
	if err != nil || string(buf[:n]) != "y" {
		t.Errorf("opaque xattr %q, %v", buf[:n], err)
	}
	if link, _ := os.Readlink(filepath.Join(img.Layers[2], "etc/link")); link != "/etc/new" {
		t.Errorf("symlink -> %q", link)
	}
	if fi, err := os.Stat(filepath.Join(img.Layers[0], "bin/sh")); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("bin/sh: %v %v", fi, err)
	}
}

func readEq(t *testing.T, path, want string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || string(b) != want {
		t.Errorf("%s = %q, %v; want %q", path, b, err, want)
	}
}

func TestReuseAndRemove(t *testing.T) {
	needRoot(t)
	srcs := sources(t)
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.Import(srcs["oci-archive"].path, "a")
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Import(srcs["docker-archive"].path, "b")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Layers, b.Layers) {
		t.Errorf("layers not shared: %v vs %v", a.Layers, b.Layers)
	}
	countLayers(t, s, 3)
	if imgs, err := s.List(); err != nil || len(imgs) != 2 || imgs[0].Name != "a" {
		t.Fatalf("List = %v, %v", imgs, err)
	}
	if err := s.Remove("a"); err != nil {
		t.Fatal(err)
	}
	countLayers(t, s, 3)
	if err := s.Remove("b"); err != nil {
		t.Fatal(err)
	}
	countLayers(t, s, 0)
	if _, err := s.Get("a"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get removed image: %v", err)
	}
	if err := s.Remove("a"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Remove removed image: %v", err)
	}
}

func countLayers(t *testing.T, s *Store, want int) {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(s.Root(), "layers"))
	if err != nil || len(ents) != want {
		t.Errorf("%d layers in store (%v), want %d", len(ents), err, want)
	}
}

func TestImportBadDigest(t *testing.T) {
	needRoot(t)
	layout := filepath.Join(t.TempDir(), "layout")
	makeOCILayout(t, layout, "x")
	blobs, _ := filepath.Glob(filepath.Join(layout, "blobs/sha256/*"))
	for _, b := range blobs { // corrupt the plain layers, keeping them tars
		if data, _ := os.ReadFile(b); len(data) > 1024 && data[0] != 0x1f {
			writeFile(t, b, tarBytes(t, file("evil", "x")))
		}
	}
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(layout, ""); !errors.Is(err, ErrDigest) {
		t.Fatalf("Import corrupted layout: %v, want ErrDigest", err)
	}
	countLayers(t, s, 0)
}

// TestImportDigests imports layouts whose manifest or config digests are
// hostile or in another algorithm: bad ones are refused before any file
// is named by them, and nothing is left in the store.
func TestImportDigests(t *testing.T) {
	needRoot(t)
	traversal := digest("sha256:../../../../" + strings.Repeat("0", 52))
	tests := []struct {
		name string
		edit func(*ociImage, []ociDescriptor)
		want error // nil: imported
	}{
		{"layer traversal", func(_ *ociImage, l []ociDescriptor) { l[0].Digest = "sha256:../../x" }, ErrFormat},
		{"layer upper case", func(_ *ociImage, l []ociDescriptor) { l[0].Digest = digest(strings.ToUpper(string(l[0].Digest))) }, ErrFormat},
		{"layer unknown algorithm", func(_ *ociImage, l []ociDescriptor) { l[0].Digest = "md5:d41d8cd98f00b204e9800998ecf8427e" }, ErrFormat},
		{"diff id traversal", func(c *ociImage, _ []ociDescriptor) { c.RootFS.DiffIDs[0] = traversal }, ErrFormat},
		{"diff id wrong", func(c *ociImage, _ []ociDescriptor) { c.RootFS.DiffIDs[0] = c.RootFS.DiffIDs[1] }, ErrDigest},
		{"diff ids in sha512", func(c *ociImage, _ []ociDescriptor) {
			for i, l := range testLayers(t) {
				c.RootFS.DiffIDs[i], _ = digestBytes("sha512", l)
			}
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			layout := filepath.Join(t.TempDir(), "layout")
			makeEditedOCILayout(t, layout, "x", tt.edit)
			s, err := Open(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			img, err := s.Import(layout, "")
			if !errors.Is(err, tt.want) {
				t.Fatalf("Import = %v, want %v", err, tt.want)
			}
			if tt.want == nil {
				checkLayers(t, img)
				return
			}
			countLayers(t, s, 0)
			if ents, _ := os.ReadDir(filepath.Join(s.Root(), "tmp")); len(ents) != 0 {
				t.Errorf("left in tmp: %v", ents)
			}
		})
	}
}

func TestImportNotAnImage(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(t.TempDir(), "x.tar")
	writeFile(t, src, tarBytes(t, file("hello", "world")))
	if _, err := s.Import(src, ""); !errors.Is(err, ErrFormat) {
		t.Fatalf("Import = %v, want ErrFormat", err)
	}
}

func TestDefaultName(t *testing.T) {
	tests := []struct {
		name  string
		names []string
		src   string
		want  string
	}{
		{"given", []string{"tag"}, "/a/b.tar", "given"},
		{"", []string{"repo:tag", "other"}, "/a/b.tar", "repo:tag"},
		{"", nil, "/a/alpine.tar", "alpine"},
		{"", nil, "/a/alpine.tar.gz", "alpine"},
		{"", nil, "/a/alpine.oci", "alpine"},
		{"", nil, "/a/layout/", "layout"},
	}
	for _, tt := range tests {
		if got := defaultName(tt.name, tt.names, tt.src); got != tt.want {
			t.Errorf("defaultName(%q, %v, %q) = %q, want %q", tt.name, tt.names, tt.src, got, tt.want)
		}
	}
}

func TestArgs(t *testing.T) {
	img := &Image{Config: testRunConfig}
	tests := []struct{ cmd, want []string }{
		{nil, []string{"/bin/sh", "-c", "echo hi"}},
		{[]string{"ls"}, []string{"/bin/sh", "-c", "ls"}},
	}
	for _, tt := range tests {
		if got := img.Args(tt.cmd); !slices.Equal(got, tt.want) {
			t.Errorf("Args(%q) = %q, want %q", tt.cmd, got, tt.want)
		}
	}
}

func TestConcurrentImports(t *testing.T) {
	needRoot(t)
	src := sources(t)["docker-archive"].path
	root := t.TempDir()
	errs := make(chan error, 4)
	for i := range 4 {
		go func() {
			s, err := Open(root)
			if err == nil {
				_, err = s.Import(src, string(rune('a'+i)))
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	s, _ := Open(root)
	countLayers(t, s, 3)
	if imgs, err := s.List(); len(imgs) != 4 {
		t.Errorf("List = %d images, %v", len(imgs), err)
	}
}
