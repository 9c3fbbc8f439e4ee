package main

import (
	"fmt"
	"io"
	"os"
)

func init() {
	register("cpus", "", cpus)
}

// cpus prints the Cpus_allowed_list line and "cpu=N", the CPU getcpu(2)
// says the process is running on.
func cpus(out io.Writer, _ []string) error {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return err
	}
	defer f.Close()
	if err := filterStatus(out, f, []string{"Cpus_allowed_list"}); err != nil {
		return err
	}
	cpu, err := getcpu()
	if err != nil {
		return fmt.Errorf("getcpu: %w", err)
	}
	_, err = fmt.Fprintf(out, "cpu=%d\n", cpu)
	return err
}
