package image

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	json "github.com/go-json-experiment/json/v1"
)

// maxJSON bounds the size of a metadata file or blob read into memory.
const maxJSON = 32 << 20

// stage returns a root over the source's files: the directory itself, or
// the archive unpacked into a temporary directory of the store. All reads
// of the source go through the root, so its symlinks cannot reach out.
func (s *Store) stage(src string) (*os.Root, func(), error) {
	fi, err := os.Stat(src)
	if err != nil {
		return nil, nil, fmt.Errorf("import %q: %w", src, err)
	}
	if fi.IsDir() {
		r, err := os.OpenRoot(src)
		if err != nil {
			return nil, nil, fmt.Errorf("import %q: %w", src, err)
		}
		return r, func() { r.Close() }, nil
	}
	tmp, err := os.MkdirTemp(filepath.Join(s.root, "tmp"), "import-")
	if err != nil {
		return nil, nil, fmt.Errorf("import %q: %w", src, err)
	}
	r, err := os.OpenRoot(tmp)
	if err == nil {
		err = unpackArchive(src, r)
	}
	if err != nil {
		if r != nil {
			r.Close()
		}
		os.RemoveAll(tmp)
		return nil, nil, fmt.Errorf("import %q: %w", src, err)
	}
	return r, func() { r.Close(); os.RemoveAll(tmp) }, nil
}

// unpackArchive copies the directories, regular files and symlinks of the
// (optionally gzip-compressed) tar file src into root.
func unpackArchive(src string, root *os.Root) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	r, err := decompress(f)
	if err != nil {
		return err
	}
	tr := tar.NewReader(r)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read archive: %w", err)
		}
		if err := stageEntry(root, hdr, tr); err != nil {
			return fmt.Errorf("archive entry %q: %w", hdr.Name, err)
		}
	}
}

func stageEntry(root *os.Root, hdr *tar.Header, r io.Reader) error {
	name := path.Clean(strings.TrimPrefix(hdr.Name, "./"))
	if name == "." {
		return nil
	}
	if !filepath.IsLocal(name) {
		return ErrUnsafePath
	}
	if hdr.Typeflag == tar.TypeDir {
		return root.MkdirAll(name, 0o700)
	}
	if hdr.Typeflag != tar.TypeReg && hdr.Typeflag != tar.TypeSymlink {
		return nil
	}
	if err := root.MkdirAll(path.Dir(name), 0o700); err != nil {
		return err
	}
	if err := root.RemoveAll(name); err != nil {
		return err
	}
	if hdr.Typeflag == tar.TypeSymlink {
		return root.Symlink(hdr.Linkname, name)
	}
	f, err := root.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// decompress returns r, or a gzip reader over it if r starts with the gzip
// magic. zstd is recognised and refused.
func decompress(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	magic, _ := br.Peek(4)
	switch {
	case bytes.HasPrefix(magic, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		return zr, nil
	case bytes.Equal(magic, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return nil, fmt.Errorf("zstd-compressed data is not supported: %w", ErrFormat)
	}
	return br, nil
}

// readJSON decodes the file name of root into v.
func readJSON(root *os.Root, name string, v any) error {
	b, err := readFile(root, name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("parse %s: %w: %w", name, ErrFormat, err)
	}
	return nil
}

// readFile reads a metadata file of at most maxJSON bytes.
func readFile(root *os.Root, name string) ([]byte, error) {
	f, err := root.Open(name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxJSON+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(b) > maxJSON {
		return nil, fmt.Errorf("read %s: larger than %d bytes: %w", name, maxJSON, ErrFormat)
	}
	return b, nil
}

// verifyFile checks that the file name of root has digest d.
func verifyFile(root *os.Root, name string, d digest) error {
	g, err := newDigester(d.algorithm())
	if err != nil {
		return err
	}
	f, err := root.Open(name)
	if err != nil {
		return fmt.Errorf("open %s: %w", name, err)
	}
	defer f.Close()
	if _, err := io.Copy(g, f); err != nil {
		return fmt.Errorf("digest %s: %w", name, err)
	}
	if got := g.sum(); got != d {
		return fmt.Errorf("%s: got %s, want %s: %w", name, got, d, ErrDigest)
	}
	return nil
}

// blobPath returns the layout path of the blob with digest d.
func blobPath(d digest) (string, error) {
	if err := d.validate(); err != nil {
		return "", fmt.Errorf("blob: %w", err)
	}
	return path.Join("blobs", d.algorithm(), d.encoded()), nil
}

var errNoManifest = errors.New("no image manifest for this platform")
