package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

func init() {
	register("caps", "", statusLines("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"))
	register("seccomp", "", statusLines("Seccomp", "Seccomp_filters"))
	register("nnp", "", statusLines("NoNewPrivs"))
	register("status", "", catFixed("/proc/self/status"))
	register("mounts", "", catFixed("/proc/self/mountinfo"))
	register("oomscore", "", catFixed("/proc/self/oom_score_adj"))
	register("uptime", "", catFixed("/proc/uptime"))
}

// catFixed returns a command that copies one fixed file to out.
func catFixed(path string) func(io.Writer, []string) error {
	return func(out io.Writer, _ []string) error { return copyFile(out, path) }
}

// statusLines returns a command printing the /proc/self/status lines
// whose keys are given, in file order. Keys the kernel lacks are skipped.
func statusLines(keys ...string) func(io.Writer, []string) error {
	return func(out io.Writer, _ []string) error {
		f, err := os.Open("/proc/self/status")
		if err != nil {
			return err
		}
		defer f.Close()
		return filterStatus(out, f, keys)
	}
}

// filterStatus copies the "Key:\tvalue" lines of r whose key is in keys.
func filterStatus(out io.Writer, r io.Reader, keys []string) error {
	want := make(map[string]bool, len(keys))
	for _, k := range keys {
		want[k] = true
	}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		key, _, ok := strings.Cut(sc.Text(), ":")
		if ok && want[key] {
			fmt.Fprintln(out, sc.Text())
		}
	}
	return sc.Err()
}
