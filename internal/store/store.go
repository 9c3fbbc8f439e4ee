// Package store keeps each container's state under <root>/<id>/: state.json,
// written atomically (temp file, rename), and a lock file whose flock
// serializes every command that changes the container.
//
// It knows nothing of what the state means; package container does.
package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	json "github.com/go-json-experiment/json/v1"
	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/atomicfile"
)

const (
	stateFile = "state.json"
	lockFile  = "lock"
)

// ErrNotExist means no container with that id is in the store.
var ErrNotExist = errors.New("container does not exist")

// ErrExist means a container with that id is already in the store.
var ErrExist = errors.New("container already exists")

// Store is a directory of container state directories.
type Store struct{ Root string }

// Dir is the state directory of container id.
func (s Store) Dir(id string) string { return filepath.Join(s.Root, id) }

// Create makes the state directory of a new container and its lock file,
// and returns it locked. It fails with ErrExist if the id is taken, so
// that of two concurrent creates exactly one wins.
func (s Store) Create(id string) (*Lock, error) {
	if err := os.MkdirAll(s.Root, 0o711); err != nil {
		return nil, fmt.Errorf("create state root: %w", err)
	}
	if err := os.Mkdir(s.Dir(id), 0o711); err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil, ErrExist
		}
		return nil, fmt.Errorf("create state dir: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(s.Dir(id), lockFile), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create lock: %w", err)
	}
	f.Close()
	return s.Lock(id)
}

// Lock takes the exclusive lock of container id, waiting for other holders.
// The lock file is never created here: a command racing a delete must not
// bring back a directory the delete is removing. A lock taken on a file
// that was removed (or replaced by a new container's) while we waited is
// not the container's lock: ErrNotExist.
func (s Store) Lock(id string) (*Lock, error) {
	path := filepath.Join(s.Dir(id), lockFile)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, ErrNotExist
		}
		return nil, fmt.Errorf("open lock: %w", err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock: %w", err)
	}
	var held, now unix.Stat_t
	if unix.Fstat(int(f.Fd()), &held) != nil || unix.Stat(path, &now) != nil ||
		held.Ino != now.Ino || held.Dev != now.Dev {
		f.Close()
		return nil, ErrNotExist
	}
	return &Lock{f: f}, nil
}

// RemoveHalfMade removes the state directory of id if it holds nothing
// but a lock file: all that a create killed before its first save leaves
// (the container's cgroup and init come only after that save). It
// reports whether it removed one.
func (s Store) RemoveHalfMade(id string) (bool, error) {
	if _, err := os.Stat(s.Dir(id)); err != nil {
		return false, nil
	}
	lock, err := s.Lock(id)
	if err != nil && !errors.Is(err, ErrNotExist) {
		return false, err
	}
	defer lock.Unlock()
	if !halfMade(s.Dir(id)) {
		return false, nil
	}
	return true, s.Remove(id)
}

// halfMade reports whether dir holds only what a create makes before its
// first save (the lock file, a temporary state file): never another
// directory under the root, such as a network's state.
func halfMade(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if e.Name() != lockFile && !strings.HasPrefix(e.Name(), atomicfile.TempPrefix(stateFile)) {
			return false
		}
	}
	return true
}

// Lock is a held container lock.
type Lock struct{ f *os.File }

// Unlock releases the lock; a nil Lock is a no-op.
func (l *Lock) Unlock() {
	if l != nil && l.f != nil {
		l.f.Close()
		l.f = nil
	}
}

// Save writes v as the state of container id, atomically: readers see the
// old state or the new one, never a part. It is not fsynced: the state
// describes processes that a crash of the host ends anyway, under /run it
// lives on a tmpfs where a sync does nothing, and on a disk the syncs cost
// milliseconds per command.
func (s Store) Save(id string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	if err := atomicfile.Write(filepath.Join(s.Dir(id), stateFile), b, 0o600); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	return nil
}

// Load reads the state of container id into v.
func (s Store) Load(id string, v any) error {
	b, err := os.ReadFile(filepath.Join(s.Dir(id), stateFile))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return ErrNotExist
		}
		return fmt.Errorf("read state: %w", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("decode state of %s: %w", id, err)
	}
	return nil
}

// Remove deletes the state directory of container id.
//
// state.json goes last but for the lock: a remove killed half-way leaves
// either a container that delete --force handles as usual or a directory
// that holds only the lock, which it removes as half made.
func (s Store) Remove(id string) error {
	dir := s.Dir(id)
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove state: %w", err)
	}
	for _, e := range entries {
		if n := e.Name(); n != stateFile && n != lockFile {
			if err := os.RemoveAll(filepath.Join(dir, n)); err != nil {
				return fmt.Errorf("remove state: %w", err)
			}
		}
	}
	if err := os.Remove(filepath.Join(dir, stateFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove state: %w", err)
	}
	// Only the lock is left, unless someone added a file meanwhile.
	if err := os.Remove(filepath.Join(dir, lockFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove state: %w", err)
	}
	if err := unix.Rmdir(dir); err == nil || errors.Is(err, unix.ENOENT) {
		return nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("remove state: %w", err)
	}
	return nil
}

// List returns the ids of every container in the store: the directories
// that hold a state.json. Others (a network's state, a container still
// being created) are not containers to list.
func (s Store) List() ([]string, error) {
	entries, err := os.ReadDir(s.Root)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("list %s: %w", s.Root, err)
	}
	var ids []string
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(s.Root, e.Name(), stateFile)); e.IsDir() && err == nil {
			ids = append(ids, e.Name())
		}
	}
	return ids, nil
}
