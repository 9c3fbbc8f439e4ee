package main

import (
	"errors"
	"fmt"
)

// errReported means the command already printed its failure on stdout
// (an errno name, an error string) and only the exit status is left.
var errReported = errors.New("failure reported on stdout")

// exitCode asks main to exit with this status and print nothing.
type exitCode int

func (c exitCode) Error() string { return fmt.Sprintf("exit status %d", int(c)) }

// usageError reports wrong arguments; usage is the command's synopsis.
type usageError struct{ usage string }

func (u usageError) Error() string { return "usage: " + u.usage }

// needArgs returns a usageError unless min <= len(args) <= max (max < 0:
// no upper bound).
func needArgs(args []string, min, max int, usage string) error {
	if len(args) < min || (max >= 0 && len(args) > max) {
		return usageError{usage}
	}
	return nil
}
