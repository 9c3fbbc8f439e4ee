package netns

import (
	"errors"
	"fmt"
)

var (
	// ErrExist is returned by Add when the name is already taken.
	ErrExist = errors.New("network namespace already exists")
	// ErrNotExist is returned when no namespace has the given name.
	ErrNotExist = errors.New("no such network namespace")
	// ErrBadName is returned for names that cannot be file names in Dir.
	ErrBadName = errors.New("invalid network namespace name")
)

// BusyError is returned by Delete when processes still run in the
// namespace; Pids lists them.
type BusyError struct {
	Name string
	Pids []int
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("network namespace %q is in use by pid(s) %v", e.Name, e.Pids)
}
