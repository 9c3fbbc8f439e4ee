package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

func init() {
	register("hostname", "", hostname)
	register("domainname", "", domainname)
	register("id", "", id)
	register("pid", "", pid)
}

// utsField returns a NUL-terminated uname field as a string.
func utsField(b []byte) string {
	if i := strings.IndexByte(string(b), 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

func hostname(out io.Writer, _ []string) error {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return fmt.Errorf("uname: %w", err)
	}
	_, err := fmt.Fprintln(out, utsField(u.Nodename[:]))
	return err
}

func domainname(out io.Writer, _ []string) error {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return fmt.Errorf("uname: %w", err)
	}
	_, err := fmt.Fprintln(out, utsField(u.Domainname[:]))
	return err
}

// formatID renders "uid=0 gid=0 groups=0,1"; groups is empty when the
// process has no supplementary groups.
func formatID(uid, gid int, groups []int) string {
	s := make([]string, len(groups))
	for i, g := range groups {
		s[i] = strconv.Itoa(g)
	}
	return fmt.Sprintf("uid=%d gid=%d groups=%s", uid, gid, strings.Join(s, ","))
}

// id prints the real uid and gid and the supplementary groups.
func id(out io.Writer, _ []string) error {
	groups, err := unix.Getgroups()
	if err != nil {
		return fmt.Errorf("getgroups: %w", err)
	}
	_, err = fmt.Fprintln(out, formatID(os.Getuid(), os.Getgid(), groups))
	return err
}

// pid prints "pid=N ppid=M" as the process sees them in its namespace.
func pid(out io.Writer, _ []string) error {
	_, err := fmt.Fprintf(out, "pid=%d ppid=%d\n", os.Getpid(), os.Getppid())
	return err
}
