package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func init() {
	register("true", "", func(io.Writer, []string) error { return nil })
	register("false", "", func(io.Writer, []string) error { return exitCode(1) })
	register("exit", "N", exitWith)
	register("sleep", "SECONDS|inf", sleep)
	register("echo", "[ARGS...]", echo)
	register("env", "", env)
	register("cwd", "", cwd)
	register("umask", "", umask)
}

func exitWith(_ io.Writer, args []string) error {
	if err := needArgs(args, 1, 1, "N"); err != nil {
		return err
	}
	n, err := strconv.Atoi(args[0])
	if err != nil || n < 0 || n > 255 {
		return usageError{"N (0-255)"}
	}
	return exitCode(n)
}

// parseSeconds reads a duration in (possibly fractional) seconds; "inf"
// and "infinity" mean forever, returned as a negative duration.
func parseSeconds(s string) (time.Duration, error) {
	if s == "inf" || s == "infinity" {
		return -1, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("bad seconds %q", s)
	}
	return time.Duration(f * float64(time.Second)), nil
}

// sleepFor sleeps for d, or forever when d is negative. (A bare select{}
// would be a deadlock to the Go runtime, which then exits.)
func sleepFor(d time.Duration) {
	for d < 0 {
		time.Sleep(time.Hour)
	}
	time.Sleep(d)
}

func sleep(_ io.Writer, args []string) error {
	if err := needArgs(args, 1, 1, "SECONDS|inf"); err != nil {
		return err
	}
	d, err := parseSeconds(args[0])
	if err != nil {
		return err
	}
	sleepFor(d)
	return nil
}

func echo(out io.Writer, args []string) error {
	_, err := fmt.Fprintln(out, strings.Join(args, " "))
	return err
}

func env(out io.Writer, _ []string) error {
	for _, kv := range os.Environ() {
		fmt.Fprintln(out, kv)
	}
	return nil
}

func cwd(out io.Writer, _ []string) error {
	dir, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("getwd: %w", err)
	}
	_, err = fmt.Fprintln(out, dir)
	return err
}

// umask prints the process umask as four octal digits ("0022"); reading it
// means setting it, so the old value is put back at once.
func umask(out io.Writer, _ []string) error {
	old := syscall.Umask(0)
	syscall.Umask(old)
	_, err := fmt.Fprintf(out, "%04o\n", old)
	return err
}
