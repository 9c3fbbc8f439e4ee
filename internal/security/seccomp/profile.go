package seccomp

import (
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// cloneNamespaces are the clone flags that create namespaces; the default
// profile refuses them (a container without CAP_SYS_ADMIN cannot use them
// anyway, and refusing them shrinks the kernel surface).
const cloneNamespaces = unix.CLONE_NEWNS | unix.CLONE_NEWUTS | unix.CLONE_NEWIPC |
	unix.CLONE_NEWUSER | unix.CLONE_NEWPID | unix.CLONE_NEWNET | unix.CLONE_NEWCGROUP

// DefaultProfile returns cell's default seccomp profile, for containers
// with the default (non-privileged) capability set. It is an allow-list:
// anything not listed fails with EPERM. Left out on purpose: mounting and
// namespace creation (mount, umount2, fsopen and friends, unshare, setns,
// clone with CLONE_NEW* flags), kernel modules and kexec, bpf,
// perf_event_open, the keyring (add_key, keyctl, request_key), reboot,
// swap, clock setting, open_by_handle_at, userfaultfd, io_uring, quotas,
// iopl/ioperm and the obsolete calls. clone3 fails with ENOSYS so that
// libc falls back to clone, whose flags a filter can inspect. ptrace and
// process_vm_* are allowed: since Linux 4.8 ptrace cannot bypass seccomp.
// Each call returns a fresh copy the caller may modify.
func DefaultProfile() *specs.LinuxSeccomp {
	enosys := uint(unix.ENOSYS)
	return &specs.LinuxSeccomp{
		DefaultAction: specs.ActErrno,
		Architectures: []specs.Arch{specs.ArchX86_64, specs.ArchX86, specs.ArchX32},
		Syscalls: []specs.LinuxSyscall{
			{Names: append([]string(nil), defaultAllowed...), Action: specs.ActAllow},
			{Names: []string{"personality"}, Action: specs.ActAllow, Args: personalityArgs(0x0)},
			{Names: []string{"personality"}, Action: specs.ActAllow, Args: personalityArgs(0x8)},
			{Names: []string{"personality"}, Action: specs.ActAllow, Args: personalityArgs(0x20000)},
			{Names: []string{"personality"}, Action: specs.ActAllow, Args: personalityArgs(0x20008)},
			{Names: []string{"personality"}, Action: specs.ActAllow, Args: personalityArgs(0xffffffff)},
			{Names: []string{"clone"}, Action: specs.ActAllow, Args: []specs.LinuxSeccompArg{
				{Index: 0, Value: cloneNamespaces, ValueTwo: 0, Op: specs.OpMaskedEqual},
			}},
			{Names: []string{"clone3"}, Action: specs.ActErrno, ErrnoRet: &enosys},
		},
	}
}

// personalityArgs allows one persona value (PER_LINUX, PER_LINUX32,
// UNAME26, their combination, and the 0xffffffff query).
func personalityArgs(v uint64) []specs.LinuxSeccompArg {
	return []specs.LinuxSeccompArg{{Index: 0, Value: v, Op: specs.OpEqualTo}}
}
