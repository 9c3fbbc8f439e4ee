package main

import (
	"fmt"
	"io"
	"sort"
	"strconv"

	"golang.org/x/sys/unix"
)

func init() {
	register("fds", "", fds)
}

// fds prints "FD TARGET" for each open descriptor, sorted by number,
// leaving out the descriptor used to read /proc/self/fd itself. It reads
// the directory with raw system calls so that Go's poller adds no
// descriptors of its own.
func fds(out io.Writer, _ []string) error {
	dir, err := unix.Open("/proc/self/fd", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("open /proc/self/fd: %w", err)
	}
	defer unix.Close(dir)
	names, err := readDirNames(dir)
	if err != nil {
		return fmt.Errorf("read /proc/self/fd: %w", err)
	}
	for _, fd := range sortedFds(names, dir) {
		target, err := readlink("/proc/self/fd/" + strconv.Itoa(fd))
		if err != nil {
			continue // closed meanwhile
		}
		fmt.Fprintf(out, "%d %s\n", fd, target)
	}
	return nil
}

// readDirNames lists a directory fd with getdents64.
func readDirNames(fd int) ([]string, error) {
	var names []string
	buf := make([]byte, 8192)
	for {
		n, err := unix.Getdents(fd, buf)
		if err != nil {
			return nil, err
		}
		if n <= 0 {
			return names, nil
		}
		_, _, names = unix.ParseDirent(buf[:n], -1, names)
	}
}

func readlink(path string) (string, error) {
	buf := make([]byte, unix.PathMax)
	n, err := unix.Readlink(path, buf)
	if err != nil {
		return "", err
	}
	return string(buf[:n]), nil
}

// sortedFds parses directory entry names as fd numbers, drops skip and
// non-numbers, and sorts them.
func sortedFds(names []string, skip int) []int {
	var out []int
	for _, n := range names {
		fd, err := strconv.Atoi(n)
		if err == nil && fd != skip {
			out = append(out, fd)
		}
	}
	sort.Ints(out)
	return out
}
