package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

func init() {
	register("cat", "FILE...", cat)
	register("ls", "[-l] DIR", ls)
	register("write", "FILE CONTENT", write)
	register("open", "FILE [FLAG[,FLAG...]]", open)
	register("mknod", "PATH c|b|p [MAJ MIN]", mknod)
}

// errnoName returns the symbolic errno ("EPERM") inside err, or err's
// text when it carries none.
func errnoName(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		if name := unix.ErrnoName(errno); name != "" {
			return name
		}
	}
	return err.Error()
}

// reportErrno prints "ok" for a nil error and the errno name otherwise.
func reportErrno(out io.Writer, err error) error {
	if err == nil {
		fmt.Fprintln(out, "ok")
		return nil
	}
	fmt.Fprintln(out, errnoName(err))
	return errReported
}

func cat(out io.Writer, args []string) error {
	if err := needArgs(args, 1, -1, "FILE..."); err != nil {
		return err
	}
	for _, name := range args {
		if err := copyFile(out, name); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(out io.Writer, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := io.Copy(out, f); err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	return nil
}

// ls prints the sorted entry names of DIR; with -l each line is
// "MODE UID GID MAJ:MIN NAME" (MAJ:MIN is the device number, 0:0 for
// non-devices) without following symlinks.
func ls(out io.Writer, args []string) error {
	long := len(args) > 0 && args[0] == "-l"
	if long {
		args = args[1:]
	}
	if err := needArgs(args, 1, 1, "[-l] DIR"); err != nil {
		return err
	}
	entries, err := os.ReadDir(args[0])
	if err != nil {
		return err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		if err := lsEntry(out, args[0], e.Name(), long); err != nil {
			return err
		}
	}
	return nil
}

func lsEntry(out io.Writer, dir, name string, long bool) error {
	if !long {
		_, err := fmt.Fprintln(out, name)
		return err
	}
	var st unix.Stat_t
	if err := unix.Lstat(dir+"/"+name, &st); err != nil {
		return fmt.Errorf("lstat %s: %w", name, err)
	}
	_, err := fmt.Fprintf(out, "%s %d %d %d:%d %s\n", modeString(st.Mode), st.Uid, st.Gid,
		unix.Major(st.Rdev), unix.Minor(st.Rdev), name)
	return err
}

// modeString renders a raw st_mode like ls does ("crw-rw-rw-").
func modeString(m uint32) string {
	kinds := map[uint32]byte{unix.S_IFDIR: 'd', unix.S_IFCHR: 'c', unix.S_IFBLK: 'b',
		unix.S_IFLNK: 'l', unix.S_IFIFO: 'p', unix.S_IFSOCK: 's'}
	b := []byte("----------")
	if k, ok := kinds[m&unix.S_IFMT]; ok {
		b[0] = k
	}
	const rwx = "rwxrwxrwx"
	for i := 0; i < 9; i++ {
		if m&(1<<uint(8-i)) != 0 {
			b[i+1] = rwx[i]
		}
	}
	return string(b)
}

// write writes CONTENT to FILE (created 0644, truncated) and prints "ok" or
// the error text ("read-only file system").
func write(out io.Writer, args []string) error {
	if err := needArgs(args, 2, 2, "FILE CONTENT"); err != nil {
		return err
	}
	err := os.WriteFile(args[0], []byte(args[1]), 0o644)
	if err == nil {
		fmt.Fprintln(out, "ok")
		return nil
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	fmt.Fprintln(out, err.Error())
	return errReported
}

var openFlags = map[string]int{
	"rdonly": unix.O_RDONLY, "wronly": unix.O_WRONLY, "rdwr": unix.O_RDWR,
	"creat": unix.O_CREAT, "excl": unix.O_EXCL, "trunc": unix.O_TRUNC,
	"append": unix.O_APPEND, "directory": unix.O_DIRECTORY, "nofollow": unix.O_NOFOLLOW,
	"path": unix.O_PATH, "noctty": unix.O_NOCTTY, "nonblock": unix.O_NONBLOCK,
}

// parseOpenFlags turns "rdwr,creat" into open(2) flags; "" is O_RDONLY.
func parseOpenFlags(s string) (int, error) {
	flags := unix.O_CLOEXEC
	for _, name := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '|' }) {
		f, ok := openFlags[strings.ToLower(strings.TrimPrefix(strings.ToLower(name), "o_"))]
		if !ok {
			return 0, fmt.Errorf("unknown open flag %q", name)
		}
		flags |= f
	}
	return flags, nil
}

// open tries open(2) and prints "ok" or the errno name ("EACCES").
func open(out io.Writer, args []string) error {
	if err := needArgs(args, 1, 2, "FILE [FLAG[,FLAG...]]"); err != nil {
		return err
	}
	spec := ""
	if len(args) == 2 {
		spec = args[1]
	}
	flags, err := parseOpenFlags(spec)
	if err != nil {
		return err
	}
	fd, err := unix.Open(args[0], flags, 0o644)
	if err == nil {
		unix.Close(fd)
	}
	return reportErrno(out, err)
}
