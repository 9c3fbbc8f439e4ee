package main

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

func init() {
	register("forkbomb", "N [HOLD-SECONDS|inf]", forkbomb)
}

// forkbomb forks up to N children, stopping at the first failed fork (the
// pids controller says EAGAIN), and prints "forked K" and, when a fork
// failed, "error ENAME". The children hold one task each and sleep; after
// HOLD-SECONDS (default 0) the parent kills and reaps them. Note the
// parent's own Go runtime threads count against a pids limit too.
func forkbomb(out io.Writer, args []string) error {
	if err := needArgs(args, 1, 2, "N [HOLD-SECONDS|inf]"); err != nil {
		return err
	}
	n, err := strconv.Atoi(args[0])
	if err != nil || n < 0 {
		return usageError{"N [HOLD-SECONDS|inf]"}
	}
	hold := time.Duration(0)
	if len(args) == 2 {
		if hold, err = parseSeconds(args[1]); err != nil {
			return err
		}
	}
	pids, forkErr := forkSleepers(n)
	fmt.Fprintf(out, "forked %d\n", len(pids))
	if forkErr != nil {
		fmt.Fprintf(out, "error %s\n", errnoName(forkErr))
	}
	sleepFor(hold)
	reap(pids)
	return nil
}

// forkSleepers forks up to n sleeping children and returns their pids and
// the error that stopped it early, if any.
func forkSleepers(n int) ([]int, error) {
	var pids []int
	for len(pids) < n {
		pid, err := forkSleeper()
		if err != nil {
			return pids, err
		}
		pids = append(pids, pid)
	}
	return pids, nil
}

// reap kills the children and waits for them.
func reap(pids []int) {
	for _, pid := range pids {
		unix.Kill(pid, unix.SIGKILL)
	}
	for _, pid := range pids {
		var ws unix.WaitStatus
		unix.Wait4(pid, &ws, 0, nil)
	}
}
