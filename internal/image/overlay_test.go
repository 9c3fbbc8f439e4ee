package image

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/sys/unix"
)

func TestOverlayOptions(t *testing.T) {
	two := &Image{Layers: []string{"/l/0", "/l/1"}}
	tests := []struct {
		name        string
		img         *Image
		upper, work string
		want        string
		wantErr     bool
	}{
		{"top first", two, "/u", "/w", "lowerdir=/l/1:/l/0,upperdir=/u,workdir=/w", false},
		{"single layer", &Image{Layers: []string{"/l/0"}}, "/u", "/w", "lowerdir=/l/0,upperdir=/u,workdir=/w", false},
		{"read-only", two, "", "", "lowerdir=/l/1:/l/0", false},
		{"read-only single", &Image{Layers: []string{"/l/0"}}, "", "", "", true},
		{"no layers", &Image{}, "/u", "/w", "", true},
		{"upper without work", two, "/u", "", "", true},
		{"colon", two, "/u:x", "/w", "", true},
	}
	for _, tt := range tests {
		got, err := OverlayOptions(tt.img, tt.upper, tt.work)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("%s: got %q, %v; want %q, err %v", tt.name, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestOverlayMount(t *testing.T) {
	needRoot(t)
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	img, err := s.Import(sources(t)["docker-archive"].path, "")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "root")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := img.Mount(target, filepath.Join(dir, "upper"), filepath.Join(dir, "work")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Unmount(target, unix.MNT_DETACH) })
	if _, err := os.Lstat(filepath.Join(target, "etc/gone")); !os.IsNotExist(err) {
		t.Errorf("whited-out etc/gone: %v", err)
	}
	ents, err := os.ReadDir(filepath.Join(target, "opq"))
	if err != nil || len(ents) != 1 || ents[0].Name() != "c" {
		t.Errorf("opaque dir holds %v (%v), want [c]", ents, err)
	}
	readEq(t, filepath.Join(target, "etc/os-release"), "base")
	readEq(t, filepath.Join(target, "etc/new"), "new")
	names, _ := os.ReadDir(filepath.Join(target, "etc"))
	var got []string
	for _, e := range names {
		got = append(got, e.Name())
	}
	if want := []string{"link", "new", "os-release"}; !slices.Equal(got, want) {
		t.Errorf("etc holds %v, want %v", got, want)
	}
}
