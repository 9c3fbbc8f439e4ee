// Package security applies a container process's privileges from the OCI
// runtime spec: capabilities (all five sets), no_new_privs, the dumpable
// flag, rlimits and oom_score_adj. Seccomp filters live in the seccomp
// subpackage.
//
// Everything here acts on the calling thread (capset, prctl) or on the
// calling process (prlimit on pid 0, /proc/self). It is meant for the
// container's init, running on a goroutine locked with
// runtime.LockOSThread that calls execve next; other Go threads of the
// process are deliberately left alone (no AllThreadsSyscall), since only
// the calling thread survives execve.
//
// It does not change uids or gids and does not load seccomp; see
// ApplyBounding for the order the caller must follow around setuid.
package security
