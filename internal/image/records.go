package image

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	json "github.com/go-json-experiment/json/v1"

	"github.com/cell-runtime/cell/internal/atomicfile"
)

const recordsFile = "images.json"

// List returns all images, sorted by name.
func (s *Store) List() ([]Image, error) {
	unlock, err := s.lock(lockShared)
	if err != nil {
		return nil, err
	}
	defer unlock()
	imgs, err := s.load()
	if err != nil {
		return nil, err
	}
	for i := range imgs {
		s.fill(&imgs[i])
	}
	return imgs, nil
}

// Get returns the image called name, or an error wrapping ErrNotFound.
func (s *Store) Get(name string) (*Image, error) {
	imgs, err := s.List()
	if err != nil {
		return nil, err
	}
	if i := find(imgs, name); i >= 0 {
		return &imgs[i], nil
	}
	return nil, fmt.Errorf("get image %q: %w", name, ErrNotFound)
}

// Remove deletes the image called name and every layer no other image uses.
// It returns an error wrapping ErrNotFound for an unknown name.
func (s *Store) Remove(name string) error {
	unlock, err := s.lock(lockExclusive)
	if err != nil {
		return err
	}
	defer unlock()
	imgs, err := s.load()
	if err != nil {
		return err
	}
	i := find(imgs, name)
	if i < 0 {
		return fmt.Errorf("remove image %q: %w", name, ErrNotFound)
	}
	if err := s.save(append(imgs[:i:i], imgs[i+1:]...)); err != nil {
		return err
	}
	return s.collect()
}

func find(imgs []Image, name string) int {
	for i := range imgs {
		if imgs[i].Name == name {
			return i
		}
	}
	return -1
}

// load reads the image records; a missing file means no images.
func (s *Store) load() ([]Image, error) {
	b, err := os.ReadFile(filepath.Join(s.root, recordsFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read image records: %w", err)
	}
	var imgs []Image
	if err := json.Unmarshal(b, &imgs); err != nil {
		return nil, fmt.Errorf("parse %s: %w", recordsFile, err)
	}
	return imgs, nil
}

// save replaces the image records atomically (temp file, fsync, rename).
func (s *Store) save(imgs []Image) error {
	sort.Slice(imgs, func(i, j int) bool { return imgs[i].Name < imgs[j].Name })
	b, err := json.MarshalIndent(imgs, "", "  ")
	if err != nil {
		return fmt.Errorf("encode image records: %w", err)
	}
	return writeAtomic(filepath.Join(s.root, recordsFile), b)
}

func writeAtomic(path string, b []byte) error {
	if err := atomicfile.WriteSync(path, b, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// collect removes the layer directories no image record references, and
// any leftovers of interrupted imports. The caller holds the exclusive lock.
func (s *Store) collect() error {
	imgs, err := s.load()
	if err != nil {
		return err
	}
	used := map[string]bool{}
	for _, img := range imgs {
		for _, d := range img.DiffIDs {
			used[layerKey(d)] = true
		}
	}
	ents, err := os.ReadDir(filepath.Join(s.root, "layers"))
	if err != nil {
		return fmt.Errorf("collect layers: %w", err)
	}
	for _, e := range ents {
		if used[e.Name()] {
			continue
		}
		if err := os.RemoveAll(filepath.Join(s.root, "layers", e.Name())); err != nil {
			return fmt.Errorf("collect layers: %w", err)
		}
	}
	return nil
}

// layerKey turns a diff ID "algo:hex" into a directory name "algo-hex".
func layerKey(diffID string) string {
	return strings.Replace(diffID, ":", "-", 1)
}
