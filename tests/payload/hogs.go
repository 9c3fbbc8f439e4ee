package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

func init() {
	register("memhog", "MiB [HOLD-SECONDS|inf]", memhog)
	register("cpuhog", "SECONDS", cpuhog)
}

const mib = 1 << 20

// memhog maps MiB of anonymous memory outside the Go heap and writes to
// every page, printing "allocated N" after each MiB so a test can see how
// far it got before the OOM killer struck. Then it prints "holding" and
// holds the memory for HOLD-SECONDS (default 0; "inf" for ever).
func memhog(out io.Writer, args []string) error {
	if err := needArgs(args, 1, 2, "MiB [HOLD-SECONDS|inf]"); err != nil {
		return err
	}
	n, err := strconv.Atoi(args[0])
	if err != nil || n < 0 {
		return usageError{"MiB [HOLD-SECONDS|inf]"}
	}
	hold := time.Duration(0)
	if len(args) == 2 {
		if hold, err = parseSeconds(args[1]); err != nil {
			return err
		}
	}
	if err := touchMiB(out, n); err != nil {
		return err
	}
	fmt.Fprintln(out, "holding")
	sleepFor(hold)
	return nil
}

// touchMiB maps and dirties n MiB, one MiB per mapping, reporting progress.
func touchMiB(out io.Writer, n int) error {
	page := os.Getpagesize()
	for i := 1; i <= n; i++ {
		mem, err := unix.Mmap(-1, 0, mib, unix.PROT_READ|unix.PROT_WRITE,
			unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
		if err != nil {
			return fmt.Errorf("mmap MiB %d: %w", i, err)
		}
		for off := 0; off < mib; off += page {
			mem[off] = 1
		}
		fmt.Fprintf(out, "allocated %d\n", i)
	}
	return nil
}

// cpuhog spins on one CPU for SECONDS and prints "loops N", the number of
// busy-loop iterations, so CPU-quota tests can compare throughput.
func cpuhog(out io.Writer, args []string) error {
	if err := needArgs(args, 1, 1, "SECONDS"); err != nil {
		return err
	}
	d, err := parseSeconds(args[0])
	if err != nil || d < 0 {
		return usageError{"SECONDS"}
	}
	_, err = fmt.Fprintf(out, "loops %d\n", spin(d))
	return err
}

// spin busy-loops until d has passed and returns the iteration count.
func spin(d time.Duration) uint64 {
	var loops uint64
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		for i := 0; i < 10000; i++ {
			loops++
		}
	}
	return loops
}
