// Package nsenter joins existing namespaces before the Go runtime starts.
//
// A Go program has several threads before main runs, and the kernel lets
// only a single-threaded process setns(2) into a user or mount namespace. So
// cell re-executes itself with the namespaces to join in its environment, and
// a small C constructor (nsenter.c) joins them while the process still has
// one thread. After joining a pid or time namespace, which only a process's
// children enter, the constructor forks once with CLONE_PARENT so that the
// process that runs Go is inside them and is a child of the re-executing
// parent. Everything else (creating new namespaces, mounts, credentials) is
// done in Go.
package nsenter

// #cgo CFLAGS: -Wall -O2
import "C"

import (
	"fmt"
	"strings"
)

// Join names one namespace to enter: Type is the /proc/PID/ns name (user,
// ipc, uts, net, pid, mnt, cgroup, time) and Path a file that refers to it.
type Join struct {
	Type string
	Path string
}

// Env returns the environment entries that make the re-executed cell join
// the namespaces in joins. forkFD, when not negative, is the child's number
// of a pipe on which the intermediate process reports the pid of the
// process that runs on (see ReadPid): it is needed when a pid or time
// namespace is joined.
func Env(joins []Join, forkFD int) []string {
	parts := make([]string, 0, len(joins))
	for _, j := range joins {
		parts = append(parts, j.Type+":"+j.Path)
	}
	env := []string{"_CELL_NSENTER=" + strings.Join(parts, ",")}
	if forkFD >= 0 {
		env = append(env, fmt.Sprintf("_CELL_NSENTER_FORK=%d", forkFD))
	}
	return env
}

// NeedsFork reports whether joining these namespaces only takes effect in a
// child process (pid and time namespaces).
func NeedsFork(joins []Join) bool {
	for _, j := range joins {
		if j.Type == "pid" || j.Type == "time" {
			return true
		}
	}
	return false
}

// ExitStatus is the exit status with which the constructor reports failure.
const ExitStatus = 122

// AwaitMapsEnv returns the environment entry that makes the re-executed
// cell, first thing, wait for one byte on its fd, sent once the id maps of
// its new user namespace are written from outside (by newuidmap), and then
// execute itself again to gain its capabilities there.
func AwaitMapsEnv(fd int) string { return fmt.Sprintf("_CELL_USERNS_WAIT=%d", fd) }
