package seccomp

import (
	"fmt"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// flagTSync is accepted in linux.seccomp.flags although runtime-spec does
// not name it.
const flagTSync specs.LinuxSeccompFlag = "SECCOMP_FILTER_FLAG_TSYNC"

var flagBits = map[specs.LinuxSeccompFlag]uint{
	specs.LinuxSeccompFlagLog:              unix.SECCOMP_FILTER_FLAG_LOG,
	specs.LinuxSeccompFlagSpecAllow:        unix.SECCOMP_FILTER_FLAG_SPEC_ALLOW,
	specs.LinuxSeccompFlagWaitKillableRecv: unix.SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
	flagTSync:                              unix.SECCOMP_FILTER_FLAG_TSYNC,
}

// filterFlags turns spec flags into seccomp(2) flags. notify adds
// NEW_LISTENER; with TSYNC it also adds TSYNC_ESRCH, without which the
// kernel refuses the pair.
func filterFlags(flags []specs.LinuxSeccompFlag, notify bool) (uint, error) {
	var bits uint
	for _, f := range flags {
		b, ok := flagBits[f]
		if !ok {
			return 0, fmt.Errorf("unknown seccomp flag %q", f)
		}
		bits |= b
	}
	if notify {
		bits |= unix.SECCOMP_FILTER_FLAG_NEW_LISTENER
		if bits&unix.SECCOMP_FILTER_FLAG_TSYNC != 0 {
			bits |= unix.SECCOMP_FILTER_FLAG_TSYNC_ESRCH
		}
	}
	return bits, nil
}

// Load installs filter on the calling thread with seccomp(2)
// SECCOMP_SET_MODE_FILTER. The thread must have no_new_privs set or
// CAP_SYS_ADMIN. notify asks for a SCMP_ACT_NOTIFY listener: the returned
// notifyFd is then the listener (close-on-exec), otherwise it is -1. An
// empty filter loads nothing and returns -1, nil.
func Load(filter []unix.SockFilter, flags []specs.LinuxSeccompFlag, notify bool) (notifyFd int, err error) {
	if len(filter) == 0 {
		return -1, nil
	}
	bits, err := filterFlags(flags, notify)
	if err != nil {
		return -1, fmt.Errorf("load seccomp filter: %w", err)
	}
	fd, err := seccompSetFilter(bits, filter)
	if err != nil {
		return -1, fmt.Errorf("load seccomp filter (flags %#x): %w", bits, err)
	}
	if notify {
		return fd, nil
	}
	if bits&unix.SECCOMP_FILTER_FLAG_TSYNC != 0 && fd > 0 {
		// With TSYNC the kernel returns the id of a thread it could not
		// synchronize instead of failing.
		return -1, fmt.Errorf("load seccomp filter: TSYNC failed on thread %d", fd)
	}
	return -1, nil
}
