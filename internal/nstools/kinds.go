package nstools

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// Kind is one namespace type as util-linux names it on the command line.
type Kind struct {
	Letter string  // short option: m u i n p U C T
	Long   string  // long option: mount uts ipc net pid user cgroup time
	Proc   string  // name under /proc/PID/ns
	Flag   uintptr // CLONE_NEW* flag
}

// Kinds lists the namespace types in the order nsenter joins them (user
// first is decided by package nsenter).
var Kinds = []Kind{
	{"U", "user", "user", unix.CLONE_NEWUSER},
	{"C", "cgroup", "cgroup", unix.CLONE_NEWCGROUP},
	{"i", "ipc", "ipc", unix.CLONE_NEWIPC},
	{"u", "uts", "uts", unix.CLONE_NEWUTS},
	{"n", "net", "net", unix.CLONE_NEWNET},
	{"p", "pid", "pid", unix.CLONE_NEWPID},
	{"m", "mount", "mnt", unix.CLONE_NEWNS},
	{"T", "time", "time", unix.CLONE_NEWTIME},
}

// propagationFlags maps --propagation values to mount flags; "unchanged"
// maps to 0.
var propagationFlags = map[string]uintptr{
	"private":   unix.MS_PRIVATE | unix.MS_REC,
	"slave":     unix.MS_SLAVE | unix.MS_REC,
	"shared":    unix.MS_SHARED | unix.MS_REC,
	"unchanged": 0,
}

func propagation(name string) (uintptr, error) {
	f, ok := propagationFlags[name]
	if !ok {
		return 0, fmt.Errorf("unsupported propagation mode: %q", name)
	}
	return f, nil
}
