package image

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/unix"
)

// Store is a directory of imported images and their unpacked layers:
//
//	<root>/lock          flock: shared for reads, exclusive for changes
//	<root>/images.json   the image records, replaced atomically
//	<root>/layers/<algo>-<hex>/fs    an unpacked layer (an overlay lowerdir)
//	<root>/layers/<algo>-<hex>/size  its content size in bytes
//	<root>/tmp/          staging for imports in progress
//
// A Store holds no open files between calls; it is safe for concurrent use
// by goroutines and by processes.
type Store struct {
	root string
}

// Image is an imported image.
type Image struct {
	// Name is the name the image is stored under (unique in the store).
	Name string `json:"name"`
	// ID is the digest of the image's config blob ("sha256:...").
	ID string `json:"id"`
	// DiffIDs are the layers' uncompressed digests, bottom layer first.
	DiffIDs []string `json:"diffIDs"`
	// Layers are the unpacked layer directories, bottom layer first.
	// Not stored: filled in from DiffIDs when read.
	Layers []string `json:"-"`
	// Config is the image's run configuration (Entrypoint, Cmd, Env,
	// WorkingDir, User, ...): the defaults for `cell run`.
	Config ImageConfig `json:"config"`
	// Architecture and OS are the platform from the image config.
	Architecture string `json:"architecture,omitempty"`
	OS           string `json:"os,omitempty"`
	// Created is the image's creation time from its config; zero if unset.
	Created time.Time `json:"created"`
	// Size is the sum of the regular-file sizes of all layers in bytes.
	Size int64 `json:"size"`
}

// Open returns the store rooted at root, creating the directory (mode 0700)
// if needed.
func Open(root string) (*Store, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("image store %q: %w", root, err)
	}
	for _, d := range []string{abs, filepath.Join(abs, "layers"), filepath.Join(abs, "tmp")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, fmt.Errorf("image store: %w", err)
		}
	}
	return &Store{root: abs}, nil
}

// Root returns the store's absolute root directory.
func (s *Store) Root() string { return s.root }

// lock takes the store's flock (how is unix.LOCK_SH or unix.LOCK_EX) and
// returns the function that releases it.
func (s *Store) lock(how int) (func(), error) {
	f, err := os.OpenFile(filepath.Join(s.root, "lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock image store: %w", err)
	}
	if err := unix.Flock(int(f.Fd()), how); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock image store: %w", err)
	}
	return func() { f.Close() }, nil
}

// layerDir returns the directory of the layer with the given diff ID.
func (s *Store) layerDir(diffID string) string {
	return filepath.Join(s.root, "layers", layerKey(diffID))
}

// fill sets img.Layers from img.DiffIDs.
func (s *Store) fill(img *Image) {
	img.Layers = make([]string, len(img.DiffIDs))
	for i, d := range img.DiffIDs {
		img.Layers[i] = filepath.Join(s.layerDir(d), "fs")
	}
}

const (
	lockShared    = unix.LOCK_SH
	lockExclusive = unix.LOCK_EX
)
