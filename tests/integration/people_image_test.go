package integration

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

// tarTree returns a tar of the tree at dir (directories, files, symlinks).
func tarTree(t *testing.T, dir string) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		link := ""
		if fi.Mode()&os.ModeSymlink != 0 {
			link, _ = os.Readlink(p)
		}
		hdr, err := tar.FileInfoHeader(fi, link)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		hdr.Name = rel
		if err := tw.WriteHeader(hdr); err != nil || !fi.Mode().IsRegular() {
			return err
		}
		b, err := os.ReadFile(p)
		if err == nil {
			_, err = tw.Write(b)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	tw.Close()
	return buf.Bytes()
}

// tarFiles returns a tar of name/body pairs.
func tarFiles(t *testing.T, kv ...string) []byte {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for i := 0; i < len(kv); i += 2 {
		if err := tw.WriteHeader(&tar.Header{Name: kv[i], Mode: 0o644, Size: int64(len(kv[i+1])), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(kv[i+1]))
	}
	tw.Close()
	return buf.Bytes()
}

func sha(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

// dockerArchive writes a `docker save` archive of layers with config cfg
// (its rootfs diff IDs filled in) tagged tag, and returns its path.
func dockerArchive(t *testing.T, tag string, cfg map[string]any, layers ...[]byte) string {
	t.Helper()
	var diffIDs, names []string
	kv := []string{}
	for _, l := range layers {
		diffIDs = append(diffIDs, "sha256:"+sha(l))
		names = append(names, sha(l)+"/layer.tar")
		kv = append(kv, sha(l)+"/layer.tar", string(l))
	}
	cfg["rootfs"] = map[string]any{"type": "layers", "diff_ids": diffIDs}
	cfg["architecture"], cfg["os"] = "amd64", "linux"
	cb, _ := json.Marshal(cfg)
	man, _ := json.Marshal([]map[string]any{{"Config": sha(cb) + ".json", "RepoTags": []string{tag}, "Layers": names}})
	kv = append(kv, sha(cb)+".json", string(cb), "manifest.json", string(man))
	path := filepath.Join(t.TempDir(), "image.tar")
	if err := os.WriteFile(path, tarFiles(t, kv...), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// imageEnv is an env whose image store is private to the test.
func imageEnv(t *testing.T) *env {
	e := newEnv(t)
	t.Setenv("CELL_IMAGES", filepath.Join(t.TempDir(), "images"))
	return e
}

func TestPeopleImage(t *testing.T) {
	e := imageEnv(t)
	rootfs := t.TempDir()
	if err := testrootfs.Populate(rootfs); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(rootfs, "etc", "pp-deleted"), []byte("old\n"), 0o644)
	top := tarFiles(t, "etc/.wh.pp-deleted", "", "etc/pp-added", "new\n")
	cfg := map[string]any{"config": map[string]any{
		"Entrypoint": []string{"/bin/sh", "-c"},
		"Cmd":        []string{`echo "$PP_IMG $(pwd) $(id -u)"; cat /etc/pp-added; ls /etc/pp-deleted 2>/dev/null || echo deleted`},
		"Env":        []string{"PATH=/bin", "PP_IMG=from-image"},
		"WorkingDir": "/etc",
		"User":       "user",
	}}
	archive := dockerArchive(t, "pp-img:1", cfg, tarTree(t, rootfs), top)
	if out := e.ok("image", "import", archive, "pp-img"); strings.TrimSpace(out) != "pp-img" {
		t.Fatalf("import printed %q", out)
	}
	if out := e.ok("image", "ls"); !strings.Contains(out, "pp-img") {
		t.Fatalf("image ls:\n%s", out)
	}
	out := e.people("--rm", "pp-img")
	if want := "from-image /etc 1000\nnew\ndeleted\n"; out != want {
		t.Errorf("image defaults: got %q, want %q", out, want)
	}
	out = e.people("--rm", "-u", "0", "-e", "PP_IMG=flag", "pp-img", "--", `echo "$PP_IMG $(id -u)"; echo w > /etc/pp-added`)
	if out != "flag 0\n" {
		t.Errorf("flags over image defaults: %q", out)
	}
	if out := e.people("--rm", "pp-img", "--", "cat /etc/pp-added"); out != "new\n" {
		t.Errorf("a container's writes reached the image: %q", out)
	}
	assertEmptyRoot(t, e)
	e.ok("image", "rm", "pp-img")
	if _, errs, code := e.cell("run", "--net", "none", "pp-img"); code == 0 || !strings.Contains(errs, "pp-img") {
		t.Errorf("run of a removed image: exit %d %s", code, errs)
	}
}

func TestPeopleImageRefusesEscapes(t *testing.T) {
	e := imageEnv(t)
	outside := filepath.Join(t.TempDir(), "pp-escape")
	rel, _ := filepath.Rel("/", outside)
	bad := tarFiles(t, "../../../../../../../../"+rel, "x")
	archive := dockerArchive(t, "pp-bad:1", map[string]any{}, bad)
	if _, errs, code := e.cell("image", "import", archive, "pp-bad"); code == 0 || errs == "" {
		t.Errorf("import of a ../ layer: exit %d %s", code, errs)
	}
	if _, err := os.Stat(outside); err == nil {
		t.Errorf("the import wrote %s", outside)
	}
	if out := e.ok("image", "ls"); strings.Contains(out, "pp-bad") {
		t.Errorf("the bad image is listed:\n%s", out)
	}
}

func TestPeopleRootfsDir(t *testing.T) {
	e := newEnv(t)
	rootfs := t.TempDir()
	if err := testrootfs.Populate(rootfs); err != nil {
		t.Fatal(err)
	}
	out := e.people("--rm", "--hostname", "pp-dir", rootfs, "--", "sh", "-c", "hostname; cat /etc/hostname; grep -c pp-dir /etc/hosts; ls /bin/payload")
	if out != "pp-dir\npp-dir\n1\n/bin/payload\n" {
		t.Errorf("ROOTFS run: %q", out)
	}
	if b, _ := os.ReadFile(filepath.Join(rootfs, "etc", "hostname")); string(b) != "cell\n" {
		t.Errorf("the container's /etc/hostname was written into the ROOTFS, not bound over it")
	}
	assertEmptyRoot(t, e)
}
