package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
)

func init() {
	register("ns", "", ns)
}

// ns prints a JSON object mapping each /proc/self/ns entry ("pid",
// "pid_for_children", ...) to its link target ("pid:[4026531836]").
func ns(out io.Writer, _ []string) error {
	entries, err := os.ReadDir("/proc/self/ns")
	if err != nil {
		return err
	}
	m := make(map[string]string, len(entries))
	for _, e := range entries {
		target, err := os.Readlink("/proc/self/ns/" + e.Name())
		if err != nil {
			return fmt.Errorf("readlink ns %s: %w", e.Name(), err)
		}
		m[e.Name()] = target
	}
	return json.NewEncoder(out).Encode(m)
}
