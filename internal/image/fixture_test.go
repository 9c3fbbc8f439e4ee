package image

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// Media types of the test layout's blobs, as the OCI image spec names them.
const (
	mediaTypeImageManifest  = "application/vnd.oci.image.manifest.v1+json"
	mediaTypeImageConfig    = "application/vnd.oci.image.config.v1+json"
	mediaTypeImageLayer     = "application/vnd.oci.image.layer.v1.tar"
	mediaTypeImageLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip"
)

// entry is one tar entry of a test archive.
type entry struct {
	name, body, link string
	typ              byte
	mode             int64
}

func dir(name string) entry { return entry{name: name, typ: tar.TypeDir, mode: 0o755} }
func file(name, body string) entry {
	return entry{name: name, body: body, typ: tar.TypeReg, mode: 0o644}
}
func symlink(name, target string) entry {
	return entry{name: name, link: target, typ: tar.TypeSymlink, mode: 0o777}
}
func hardlink(name, target string) entry {
	return entry{name: name, link: target, typ: tar.TypeLink, mode: 0o644}
}
func whiteoutEntry(name string) entry    { return file(name, "") }
func withMode(e entry, mode int64) entry { e.mode = mode; return e }

// tarBytes builds a tar archive of ents.
func tarBytes(t testing.TB, ents ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range ents {
		hdr := &tar.Header{Name: e.name, Typeflag: e.typ, Mode: e.mode, Linkname: e.link,
			Size: int64(len(e.body)), ModTime: time.Unix(1700000000, 0), Format: tar.FormatPAX}
		if e.typ != tar.TypeReg {
			hdr.Size = 0
		}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(e.body)[:hdr.Size]); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gzipBytes(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// testLayers: the second deletes etc/gone and makes opq opaque.
func testLayers(t testing.TB) [][]byte {
	return [][]byte{
		tarBytes(t, dir("etc/"), file("etc/os-release", "base"), file("etc/gone", "doomed"),
			dir("opq/"), file("opq/a", "a"), file("opq/b", "b"),
			dir("bin/"), withMode(file("bin/sh", "#!"), 0o755)),
		tarBytes(t, dir("etc/"), whiteoutEntry("etc/.wh.gone"),
			dir("opq/"), whiteoutEntry("opq/.wh..wh..opq"), file("opq/c", "c")),
		tarBytes(t, file("etc/new", "new"), symlink("etc/link", "/etc/new")),
	}
}

var testRunConfig = ImageConfig{
	Entrypoint: []string{"/bin/sh", "-c"}, Cmd: []string{"echo hi"},
	Env: []string{"PATH=/bin", "FOO=bar"}, WorkingDir: "/work", User: "1000:1000",
}

// testImage is the config of an image of the (uncompressed) layers.
func testImage(layers [][]byte) ociImage {
	created := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	cfg := ociImage{
		Created:      &created,
		Architecture: runtime.GOARCH,
		OS:           "linux",
		Config:       testRunConfig,
		RootFS:       ociRootFS{Type: "layers"},
	}
	for _, l := range layers {
		cfg.RootFS.DiffIDs = append(cfg.RootFS.DiffIDs, canonicalDigest(l))
	}
	return cfg
}

func mustJSON(t testing.TB, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeBlob stores b in the layout at root and returns its descriptor.
func writeBlob(t testing.TB, root, mediaType string, b []byte) ociDescriptor {
	d := canonicalDigest(b)
	writeFile(t, filepath.Join(root, "blobs", "sha256", d.encoded()), b)
	return ociDescriptor{MediaType: mediaType, Digest: d, Size: int64(len(b))}
}

// makeOCILayout writes an OCI layout of the test image (second layer
// gzip'd) to root, annotated with refName.
func makeOCILayout(t testing.TB, root, refName string) {
	makeEditedOCILayout(t, root, refName, nil)
}

// makeEditedOCILayout is makeOCILayout with the image config and the
// manifest's layer descriptors changed by edit (when not nil) before they
// are written.
func makeEditedOCILayout(t testing.TB, root, refName string, edit func(*ociImage, []ociDescriptor)) {
	layers := testLayers(t)
	var m ociImageManifest
	for i, l := range layers {
		mt := mediaTypeImageLayer
		if i == 1 {
			l, mt = gzipBytes(t, l), mediaTypeImageLayerGzip
		}
		m.Layers = append(m.Layers, writeBlob(t, root, mt, l))
	}
	cfg := testImage(layers)
	if edit != nil {
		edit(&cfg, m.Layers)
	}
	m.SchemaVersion = 2
	m.Config = writeBlob(t, root, mediaTypeImageConfig, mustJSON(t, cfg))
	md := writeBlob(t, root, mediaTypeImageManifest, mustJSON(t, m))
	md.Annotations = map[string]string{annotationRefName: refName}
	idx := ociIndex{SchemaVersion: 2, Manifests: []ociDescriptor{md}}
	writeFile(t, filepath.Join(root, "index.json"), mustJSON(t, idx))
	writeFile(t, filepath.Join(root, "oci-layout"), []byte(`{"imageLayoutVersion":"1.0.0"}`))
}

// tarDir returns a tar of the regular files below root.
func tarDir(t testing.TB, root string) []byte {
	var ents []entry
	err := filepath.Walk(root, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		ents = append(ents, file(rel, string(b)))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return tarBytes(t, ents...)
}

// makeDockerArchive writes a `docker save` archive of the test image (second
// layer gzip'd) tagged tag.
func makeDockerArchive(t testing.TB, path, tag string) {
	layers := testLayers(t)
	cfg := mustJSON(t, testImage(layers))
	ents := []entry{file(canonicalDigest(cfg).encoded()+".json", string(cfg))}
	var names []string
	for i, l := range layers {
		if i == 1 {
			l = gzipBytes(t, l)
		}
		name := canonicalDigest(l).encoded() + "/layer.tar"
		names = append(names, name)
		ents = append(ents, file(name, string(l)))
	}
	man := []dockerEntry{{Config: ents[0].name, RepoTags: []string{tag}, Layers: names}}
	ents = append(ents, file("manifest.json", string(mustJSON(t, man))))
	writeFile(t, path, tarBytes(t, ents...))
}

func needRoot(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root: whiteouts are device nodes and trusted.* xattrs")
	}
}
