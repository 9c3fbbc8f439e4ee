package image

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	json "github.com/go-json-experiment/json/v1"
)

// manifest is what an import source says about the image to import.
type manifest struct {
	names  []string    // names the source gives the image
	config []byte      // the raw image config
	layers []layerBlob // bottom layer first
}

// Import reads the image at src (an OCI layout directory, an OCI archive,
// or a docker-save archive or directory; see the package doc) into the
// store and returns it.
//
// name is the name to store it under. When empty, it is the source's own
// name (the first RepoTag of a docker archive, the io.containerd.image.name
// or org.opencontainers.image.ref.name annotation of an OCI index), else
// the base name of src without .tar, .tar.gz, .tgz or .oci. A non-empty
// name also selects, among several images in one archive, the one tagged
// or annotated with it. An existing image with the same name is replaced.
// Layers already in the store are reused, not unpacked again.
func (s *Store) Import(src, name string) (*Image, error) {
	unlock, err := s.lock(lockExclusive)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := s.cleanTmp(); err != nil {
		return nil, err
	}
	img, err := s.importLocked(src, name)
	if cerr := s.collect(); err == nil && cerr != nil {
		return nil, cerr
	}
	if err != nil {
		return nil, err
	}
	s.fill(img)
	return img, nil
}

func (s *Store) importLocked(src, name string) (*Image, error) {
	root, done, err := s.stage(src)
	if err != nil {
		return nil, err
	}
	defer done()
	m, err := readManifest(root, name)
	if err != nil {
		return nil, fmt.Errorf("import %q: %w", src, err)
	}
	img, diffIDs, err := newImage(m, defaultName(name, m.names, src))
	if err != nil {
		return nil, fmt.Errorf("import %q: %w", src, err)
	}
	for i, l := range m.layers {
		d, size, err := s.unpackLayer(root, l, diffIDs[i])
		if err != nil {
			return nil, fmt.Errorf("import %q: %w", src, err)
		}
		img.DiffIDs = append(img.DiffIDs, string(d))
		img.Size += size
	}
	return img, s.record(img)
}

// readManifest detects the source's format and reads its manifest.
func readManifest(root *os.Root, want string) (*manifest, error) {
	if _, err := root.Stat("manifest.json"); err == nil {
		return dockerManifest(root, want)
	}
	if _, err := root.Stat("index.json"); err == nil {
		return ociManifest(root, want)
	}
	return nil, fmt.Errorf("no manifest.json or index.json: %w", ErrFormat)
}

// newImage builds the record from the config and returns the diff IDs the
// config promises per layer ("" where it gives none).
func newImage(m *manifest, name string) (*Image, []digest, error) {
	if err := validName(name); err != nil {
		return nil, nil, err
	}
	var cfg ociImage
	if err := json.Unmarshal(m.config, &cfg); err != nil {
		return nil, nil, fmt.Errorf("parse image config: %w: %w", ErrFormat, err)
	}
	diffIDs := make([]digest, len(m.layers))
	if n := len(cfg.RootFS.DiffIDs); n != 0 && n != len(m.layers) {
		return nil, nil, fmt.Errorf("config lists %d diff ids for %d layers: %w", n, len(m.layers), ErrFormat)
	}
	copy(diffIDs, cfg.RootFS.DiffIDs)
	img := &Image{
		Name: name, ID: string(canonicalDigest(m.config)), Config: cfg.Config,
		Architecture: cfg.Architecture, OS: cfg.OS,
	}
	if cfg.Created != nil {
		img.Created = *cfg.Created
	}
	return img, diffIDs, nil
}

// record stores img, replacing an image of the same name.
func (s *Store) record(img *Image) error {
	imgs, err := s.load()
	if err != nil {
		return err
	}
	if i := find(imgs, img.Name); i >= 0 {
		imgs[i] = *img
	} else {
		imgs = append(imgs, *img)
	}
	return s.save(imgs)
}

// defaultName picks the explicit name, else the source's, else the file's.
func defaultName(name string, names []string, src string) string {
	if name != "" {
		return name
	}
	if len(names) > 0 {
		return names[0]
	}
	abs, err := filepath.Abs(src)
	if err != nil {
		abs = src
	}
	base := filepath.Base(abs)
	for _, ext := range []string{".tar.gz", ".tgz", ".tar", ".oci"} {
		if b, ok := strings.CutSuffix(base, ext); ok && b != "" {
			return b
		}
	}
	return base
}

// validName accepts printable names without spaces, of 1 to 255 bytes.
func validName(name string) error {
	if name == "" || len(name) > 255 {
		return fmt.Errorf("image name %q: must be 1 to 255 bytes", name)
	}
	for _, r := range name {
		if unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return fmt.Errorf("image name %q: has spaces or control characters", name)
		}
	}
	return nil
}
