package main

import (
	"fmt"
	"io"
	"strconv"
	"time"
)

func init() {
	register("tick", "INTERVAL-MS [COUNT]", tick)
}

// tick prints 1, 2, 3... one number a line every INTERVAL-MS milliseconds,
// COUNT times (for ever without COUNT), so a test can see whether a process
// makes progress (a frozen one stops, a thawed one goes on from where it
// was: the numbers have no gaps).
func tick(out io.Writer, args []string) error {
	if err := needArgs(args, 1, 2, "INTERVAL-MS [COUNT]"); err != nil {
		return err
	}
	ms, err := strconv.Atoi(args[0])
	count := -1
	if err == nil && len(args) == 2 {
		count, err = strconv.Atoi(args[1])
	}
	if err != nil || ms <= 0 {
		return usageError{"INTERVAL-MS [COUNT]"}
	}
	for n := 1; count < 0 || n <= count; n++ {
		if _, err := fmt.Fprintln(out, n); err != nil {
			return err
		}
		time.Sleep(time.Duration(ms) * time.Millisecond)
	}
	return nil
}
