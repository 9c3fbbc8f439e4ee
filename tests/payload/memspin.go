package main

import (
	"fmt"
	"io"
	"strconv"
	"time"
)

func init() {
	register("memspin", "MiB SECONDS|inf", memspin)
}

// memspin holds MiB of dirtied anonymous memory and keeps one CPU busy for
// SECONDS (or for ever), so that usage figures have a known answer. It
// prints "spinning" once the memory is held.
func memspin(out io.Writer, args []string) error {
	if err := needArgs(args, 2, 2, "MiB SECONDS|inf"); err != nil {
		return err
	}
	n, err := strconv.Atoi(args[0])
	if err != nil || n < 0 {
		return usageError{"MiB SECONDS|inf"}
	}
	d, err := parseSeconds(args[1])
	if err != nil {
		return err
	}
	if err := touchMiB(io.Discard, n); err != nil {
		return err
	}
	fmt.Fprintln(out, "spinning")
	for d < 0 {
		spin(time.Hour)
	}
	spin(d)
	return nil
}
