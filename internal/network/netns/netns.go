package netns

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/sys/unix"
)

// Dir holds one bind mount of a network namespace per name, as in iproute2.
const Dir = "/run/netns"

// Path returns the file that refers to the namespace called name.
func Path(name string) string { return filepath.Join(Dir, name) }

// ValidName reports whether name can be a namespace name: not empty, no
// slash, not "." or "..", as `ip netns` requires.
func ValidName(name string) bool {
	return name != "" && name != "." && name != ".." && !strings.Contains(name, "/") && len(name) < 256
}

// Add creates a new network namespace and binds it to Path(name). The
// namespace has only a loopback interface, which is down (as with ip).
func Add(name string) error {
	if !ValidName(name) {
		return fmt.Errorf("netns add %q: %w", name, ErrBadName)
	}
	if err := ensureDir(); err != nil {
		return fmt.Errorf("netns add %q: %w", name, err)
	}
	if err := AddAt(Path(name)); err != nil {
		if errors.Is(err, os.ErrExist) {
			err = ErrExist
		}
		return fmt.Errorf("netns add %q: %w", name, err)
	}
	return nil
}

// Delete unmounts and removes the namespace called name. When processes
// still run inside it, Delete returns a *BusyError and changes nothing unless
// force is true (the namespace then lives on until they exit, as with ip).
func Delete(name string, force bool) error {
	if !ValidName(name) {
		return fmt.Errorf("netns delete %q: %w", name, ErrBadName)
	}
	p := Path(name)
	if _, err := os.Lstat(p); err != nil {
		return fmt.Errorf("netns delete %q: %w", name, ErrNotExist)
	}
	if !force {
		pids, err := Pids(name)
		if err != nil {
			return fmt.Errorf("netns delete %q: %w", name, err)
		}
		if len(pids) > 0 {
			return &BusyError{Name: name, Pids: pids}
		}
	}
	if err := DeleteAt(p); err != nil {
		return fmt.Errorf("netns delete %q: %w", name, err)
	}
	return nil
}

// List returns the names in Dir, sorted. A missing Dir is an empty list.
func List() ([]string, error) {
	ents, err := os.ReadDir(Dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("netns list: %w", err)
	}
	names := make([]string, 0, len(ents))
	for _, e := range ents {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names, nil
}

// ensureDir creates Dir and makes it a shared mount point, so that a
// namespace bound into it from one mount namespace shows in the others; ip
// does the same.
func ensureDir() error {
	if err := os.MkdirAll(Dir, 0o755); err != nil {
		return err
	}
	err := unix.Mount("", Dir, "none", unix.MS_SHARED|unix.MS_REC, "")
	if err == nil {
		return nil
	}
	if !errors.Is(err, unix.EINVAL) {
		return fmt.Errorf("make %s shared: %w", Dir, err)
	}
	if err := unix.Mount(Dir, Dir, "none", unix.MS_BIND|unix.MS_REC, ""); err != nil {
		return fmt.Errorf("bind %s: %w", Dir, err)
	}
	if err := unix.Mount("", Dir, "none", unix.MS_SHARED|unix.MS_REC, ""); err != nil {
		return fmt.Errorf("make %s shared: %w", Dir, err)
	}
	return nil
}
