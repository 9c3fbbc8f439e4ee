package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// runPlan runs each command line of the file plan (fields split on spaces;
// blank lines and lines starting with # skipped) with the environment
// lines of the file env, output to the console. It prints a CELL-VM-STEP
// line per command and returns how many failed and how many ran. A plan
// that cannot be read counts as one failed step.
func runPlan(plan, env string) (failed, total int) {
	lines, err := readLines(plan)
	if err != nil {
		fmt.Printf("vminit: %v\n", err)
		return 1, 1
	}
	environ, err := readLines(env)
	if err != nil {
		fmt.Printf("vminit: %v\n", err)
		return 1, 1
	}
	for _, l := range lines {
		args := strings.Fields(l)
		if len(args) == 0 || strings.HasPrefix(args[0], "#") {
			continue
		}
		total++
		if !runStep(args, environ) {
			failed++
		}
	}
	return failed, total
}

// runStep runs one command from / and reports whether it exited 0.
func runStep(args, environ []string) bool {
	fmt.Printf("CELL-VM-STEP-START: %s\n", strings.Join(args, " "))
	t0 := time.Now()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = "/"
	cmd.Env = environ
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stdout
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		fmt.Printf("vminit: %v\n", err)
		code = -1
	}
	fmt.Printf("CELL-VM-STEP: %s exit=%d (%.1fs)\n", args[0], code, time.Since(t0).Seconds())
	return code == 0
}

// readLines returns the lines of the file name.
func readLines(name string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines, sc.Err()
}
