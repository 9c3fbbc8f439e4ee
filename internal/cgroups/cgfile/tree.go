package cgfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// ReadProcs lists the pids in cgroup.procs of dir and of every directory
// below it. A missing dir gives no pids.
func ReadProcs(dir string) ([]int, error) {
	if leaf, err := isLeaf(dir); err == nil && leaf {
		pids, err := appendProcs(nil, dir)
		if err != nil {
			return nil, fmt.Errorf("list cgroup processes: %w", err)
		}
		return pids, nil
	}
	var pids []int
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		pids, err = appendProcs(pids, p)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list cgroup processes: %w", err)
	}
	return pids, nil
}

// appendProcs appends the pids in cgroup.procs of dir; a missing file adds
// none.
func appendProcs(pids []int, dir string) ([]int, error) {
	s, err := Read(dir, "cgroup.procs")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return pids, nil
		}
		return pids, err
	}
	for _, f := range strings.Fields(s) {
		if n, err := strconv.Atoi(f); err == nil {
			pids = append(pids, n)
		}
	}
	return pids, nil
}

// isLeaf reports whether dir has no sub-directories, from its link count:
// a kernfs (cgroup) directory has 2 plus one per sub-directory. Checking
// it is one stat, where listing a v1 group reads dozens of interface
// files' entries (this runs at every create and delete). Any other count
// is "maybe not": the caller then walks.
func isLeaf(dir string) (bool, error) {
	var st unix.Stat_t
	if err := unix.Stat(dir, &st); err != nil {
		return false, err
	}
	return st.Mode&unix.S_IFMT == unix.S_IFDIR && st.Nlink == 2, nil
}

// RemoveTree removes dir and the directories below it, deepest first, with
// rmdir (cgroup directories hold only kernel files). It retries for about a
// second while the kernel still reports EBUSY; ENOENT counts as done.
func RemoveTree(dir string) error {
	if leaf, err := isLeaf(dir); err == nil && leaf {
		return rmdirRetry(dir)
	}
	var dirs []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, p)
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("remove cgroup %s: %w", dir, err)
	}
	slices.Reverse(dirs)
	for _, d := range dirs {
		if err := rmdirRetry(d); err != nil {
			return err
		}
	}
	return nil
}

// rmdirRetry removes one empty cgroup directory, retrying on EBUSY.
func rmdirRetry(dir string) error {
	var err error
	for i := 0; i < 50; i++ {
		err = unix.Rmdir(dir)
		if err == nil || errors.Is(err, unix.ENOENT) {
			return nil
		}
		if !errors.Is(err, unix.EBUSY) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("remove cgroup %s: %w", dir, &os.PathError{Op: "rmdir", Path: dir, Err: err})
}

// MkdirAll makes dir and its missing parents, and reports whether it made
// dir itself: a directory that was there may hold someone's processes. It
// tries dir first, as dir is usually new and its parents there. A parent
// someone removes between making it and making dir below it (as cell did
// with a shared "cell" group once empty) makes it try again.
func MkdirAll(dir string) (made bool, err error) {
	for range 100 {
		err = unix.Mkdir(dir, 0o755)
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, unix.EEXIST):
			return false, nil
		case !errors.Is(err, unix.ENOENT):
			return false, fmt.Errorf("create cgroup: %w", &os.PathError{Op: "mkdir", Path: dir, Err: err})
		}
		if err = os.MkdirAll(filepath.Dir(dir), 0o755); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return false, fmt.Errorf("create cgroup: %w", err)
		}
	}
	return false, fmt.Errorf("create cgroup: %w", &os.PathError{Op: "mkdir", Path: dir, Err: err})
}
