package seccomp

import (
	"fmt"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// maxErrno is the largest errno the kernel returns from SECCOMP_RET_ERRNO
// (MAX_ERRNO); larger values are clamped by the kernel, so we reject them.
const maxErrno = 4095

// actionRet returns the SECCOMP_RET_* value for an OCI action. errnoRet is
// the rule's (or the default) errnoRet; nil means EPERM. It is only valid
// for SCMP_ACT_ERRNO and SCMP_ACT_TRACE (whose tracer sees it as the event
// message, as in runc).
func actionRet(a specs.LinuxSeccompAction, errnoRet *uint) (uint32, error) {
	data := uint32(unix.EPERM)
	if errnoRet != nil {
		if a != specs.ActErrno && a != specs.ActTrace {
			return 0, fmt.Errorf("errnoRet is only valid with %s and %s, not %s", specs.ActErrno, specs.ActTrace, a)
		}
		if *errnoRet > maxErrno {
			return 0, fmt.Errorf("errnoRet %d above %d", *errnoRet, maxErrno)
		}
		data = uint32(*errnoRet)
	}
	switch a {
	case specs.ActKill, specs.ActKillThread:
		return unix.SECCOMP_RET_KILL_THREAD, nil
	case specs.ActKillProcess:
		return unix.SECCOMP_RET_KILL_PROCESS, nil
	case specs.ActTrap:
		return unix.SECCOMP_RET_TRAP, nil
	case specs.ActErrno:
		return unix.SECCOMP_RET_ERRNO | data, nil
	case specs.ActTrace:
		return unix.SECCOMP_RET_TRACE | data, nil
	case specs.ActAllow:
		return unix.SECCOMP_RET_ALLOW, nil
	case specs.ActLog:
		return unix.SECCOMP_RET_LOG, nil
	case specs.ActNotify:
		return unix.SECCOMP_RET_USER_NOTIF, nil
	}
	return 0, fmt.Errorf("unknown action %q", a)
}
