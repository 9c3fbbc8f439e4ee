// Package seccomp compiles the OCI runtime spec's linux.seccomp section into
// a classic BPF program and loads it with seccomp(2) on the calling thread.
//
// The compiler is pure Go. cell does not link libseccomp, for three reasons:
// the cell binary stays static and cgo-free (it is cloned into the container
// and re-executed as its init); there is no C library whose version decides
// which syscall names and flags exist on a given host; and the handling of
// the x86 ABIs (x86_64, i386 via int 0x80, x32 via __X32_SYSCALL_BIT) is
// written down here, where it can be read and tested, instead of being
// inherited.
//
// What it does: OCI semantics for defaultAction, defaultErrnoRet,
// architectures (SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32), syscall
// rules by name with argument conditions (all SCMP_CMP_* operators, 64-bit
// compares on 64-bit ABIs), every SCMP_ACT_* action, and the seccomp(2)
// flags. The generated program checks seccomp_data.arch first; a syscall
// made through an ABI that is not listed kills the process (the x32 ABI
// shares AUDIT_ARCH_X86_64 with x86_64, so the syscall number's x32 bit is
// checked too).
//
// What it does not do: it knows only the x86 syscall tables (cell runs on
// x86_64); other architectures in the spec are reported and ignored, since
// their syscalls cannot reach an x86_64 kernel. Syscall names it does not
// know are ignored and reported, as libseccomp-based runtimes ignore them.
// It does not deliver the SCMP_ACT_NOTIFY listener fd to
// linux.seccomp.listenerPath: Load returns the fd and the caller sends it.
//
// Load acts on the calling thread only (no TSYNC unless the spec asks for
// it), so the caller must hold runtime.LockOSThread and execve from the
// same thread.
package seccomp

//go:generate sh -c "go run mksyscalls.go $(go env GOMODCACHE)/golang.org/x/sys@v0.50.0/unix"
