package main

import (
	"fmt"
	"io"
	"strconv"

	"golang.org/x/sys/unix"
)

// mknodArgs turns "c|b|p [MAJ MIN]" into a mode and device number.
func mknodArgs(args []string) (uint32, int, error) {
	kinds := map[string]uint32{"c": unix.S_IFCHR, "b": unix.S_IFBLK, "p": unix.S_IFIFO}
	kind, ok := kinds[args[0]]
	if !ok {
		return 0, 0, fmt.Errorf("bad node type %q (want c, b or p)", args[0])
	}
	if kind == unix.S_IFIFO {
		return kind | 0o666, 0, nil
	}
	if len(args) != 3 {
		return 0, 0, usageError{"PATH c|b MAJ MIN"}
	}
	major, err1 := strconv.ParseUint(args[1], 10, 32)
	minor, err2 := strconv.ParseUint(args[2], 10, 32)
	if err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("bad device number %s:%s", args[1], args[2])
	}
	return kind | 0o666, int(unix.Mkdev(uint32(major), uint32(minor))), nil
}

// mknod tries mknod(2) and prints "ok" or the errno name ("EPERM").
func mknod(out io.Writer, args []string) error {
	if err := needArgs(args, 2, 4, "PATH c|b|p [MAJ MIN]"); err != nil {
		return err
	}
	mode, dev, err := mknodArgs(args[1:])
	if err != nil {
		return err
	}
	return reportErrno(out, unix.Mknod(args[0], mode, dev))
}
