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
		s, err := Read(p, "cgroup.procs")
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		for _, f := range strings.Fields(s) {
			if n, err := strconv.Atoi(f); err == nil {
				pids = append(pids, n)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list cgroup processes: %w", err)
	}
	return pids, nil
}

// RemoveTree removes dir and the directories below it, deepest first, with
// rmdir (cgroup directories hold only kernel files). It retries for about a
// second while the kernel still reports EBUSY; ENOENT counts as done.
func RemoveTree(dir string) error {
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
