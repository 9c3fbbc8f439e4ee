package initproc

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/handshake"
	"github.com/cell-runtime/cell/internal/security"
	"github.com/cell-runtime/cell/internal/security/seccomp"
)

// pending is a process ready to execve: everything that can fail for a
// reason the user should hear at create time has been checked.
type pending struct {
	proc    *specs.Process
	path    string
	filter  []unix.SockFilter
	seccomp *specs.LinuxSeccomp
}

// prepareExec resolves the program, enters the working directory, compiles
// the seccomp filter and closes every fd the program must not inherit.
// keep are fds that must stay open until exec (the handshake, the fifo).
func prepareExec(p *specs.Process, sc *specs.LinuxSeccomp, preserve int, conn *handshake.Conn, keep ...int) (*pending, error) {
	path, err := lookPath(p.Args[0], p.Env)
	if err != nil {
		return nil, err
	}
	if err := enterCwd(p.Cwd); err != nil {
		return nil, err
	}
	pe := &pending{proc: p, path: path, seccomp: sc}
	if sc != nil {
		if pe.filter, err = seccomp.Compile(sc); err != nil {
			return nil, fmt.Errorf("linux.seccomp: %w", err)
		}
	}
	keep = append(keep, int(conn.File().Fd()))
	if err := closeExtraFDs(3+preserve, keep); err != nil {
		return nil, err
	}
	return pe, nil
}

// lookPath finds the program as execvp would, with the container's PATH.
func lookPath(name string, env []string) (string, error) {
	if strings.Contains(name, "/") {
		if err := executable(name); err != nil {
			return "", fmt.Errorf("exec %q: %w", name, err)
		}
		return name, nil
	}
	path := "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, "PATH="); ok {
			path = v
		}
	}
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			dir = "."
		}
		full := filepath.Join(dir, name)
		if executable(full) == nil {
			return full, nil
		}
	}
	return "", fmt.Errorf("exec %q: executable file not found in $PATH", name)
}

func executable(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return errors.Unwrap(err)
	}
	if fi.IsDir() || fi.Mode()&0o111 == 0 {
		return unix.EACCES
	}
	return nil
}

// enterCwd changes into the process's working directory, creating it like
// runc does, and refuses one that leads outside the container (a cwd of
// /proc/self/fd/N aimed at a leaked fd, CVE-2024-21626).
func enterCwd(cwd string) error {
	if err := os.MkdirAll(cwd, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("process.cwd %q: %w", cwd, err)
	}
	if err := unix.Chdir(cwd); err != nil {
		return fmt.Errorf("process.cwd %q: %w", cwd, err)
	}
	wd, err := unix.Getwd()
	if err != nil || !strings.HasPrefix(wd, "/") {
		return fmt.Errorf("process.cwd %q: resolves outside the container", cwd)
	}
	return nil
}

// closeExtraFDs marks every fd from first up close-on-exec, except keep
// (which the caller closes itself), so that nothing of cell's reaches the
// container. It asks the kernel (close_range) rather than listing
// /proc/self/fd: a /proc swapped for a directory of fake entries by
// someone sharing the rootfs would hide fds from a listing.
func closeExtraFDs(first int, keep []int) error {
	keep = slices.Sorted(slices.Values(keep))
	from := uint(first)
	for _, k := range keep {
		if k < first {
			continue
		}
		if uint(k) > from {
			if err := unix.CloseRange(from, uint(k-1), unix.CLOSE_RANGE_CLOEXEC); err != nil {
				return fmt.Errorf("mark fds close-on-exec: %w", err)
			}
		}
		from = uint(k) + 1
	}
	if err := unix.CloseRange(from, math.MaxUint32, unix.CLOSE_RANGE_CLOEXEC); err != nil {
		return fmt.Errorf("mark fds close-on-exec: %w", err)
	}
	return nil
}

// exec drops to the process's credentials and execve's it.
func (pe *pending) exec() error {
	p := pe.proc
	caps := p.Capabilities
	if err := security.ApplyLSM(p); err != nil {
		return err
	}
	// Without no_new_privs, loading a filter needs CAP_SYS_ADMIN: load it
	// while we still have it, as runc does.
	if pe.filter != nil && !p.NoNewPrivileges {
		if err := pe.loadSeccomp(); err != nil {
			return err
		}
	}
	if err := security.ApplyBounding(caps); err != nil {
		return err
	}
	if err := security.KeepCaps(); err != nil {
		return err
	}
	if err := setUser(p.User); err != nil {
		return err
	}
	if err := security.ClearKeepCaps(); err != nil {
		return err
	}
	if err := security.ApplyCapSets(caps); err != nil {
		return err
	}
	if p.NoNewPrivileges {
		if err := security.SetNoNewPrivs(); err != nil {
			return err
		}
	}
	if p.User.Umask != nil {
		unix.Umask(int(*p.User.Umask))
	}
	if pe.filter != nil && p.NoNewPrivileges {
		if err := pe.loadSeccomp(); err != nil {
			return err
		}
	}
	env := p.Env
	if !hasEnv(env, "HOME") {
		env = append(env, "HOME="+home(p.User.UID))
	}
	err := unix.Exec(pe.path, p.Args, env)
	return fmt.Errorf("exec %s: %w", pe.path, err)
}

func (pe *pending) loadSeccomp() error {
	notify := false
	for _, sc := range pe.seccomp.Syscalls {
		notify = notify || sc.Action == specs.ActNotify
	}
	if _, err := seccomp.Load(pe.filter, pe.seccomp.Flags, notify); err != nil {
		return fmt.Errorf("linux.seccomp: %w", err)
	}
	return nil
}

// setUser sets groups, gid and uid on this thread only: execve makes them
// the process's.
func setUser(u specs.User) error {
	groups := make([]uint32, 0, len(u.AdditionalGids))
	groups = append(groups, u.AdditionalGids...)
	if len(groups) == 0 && setgroupsDenied() {
		// A rootless user namespace (setgroups deny): the process keeps
		// the groups it came with, which it could not use to gain access
		// anyway; runc does the same.
	} else if err := setgroups(groups); err != nil {
		return fmt.Errorf("process.user.additionalGids %v: %w", u.AdditionalGids, err)
	}
	if _, _, e := unix.RawSyscall(unix.SYS_SETRESGID, uintptr(u.GID), uintptr(u.GID), uintptr(u.GID)); e != 0 {
		return fmt.Errorf("process.user.gid %d: %w", u.GID, e)
	}
	if _, _, e := unix.RawSyscall(unix.SYS_SETRESUID, uintptr(u.UID), uintptr(u.UID), uintptr(u.UID)); e != 0 {
		return fmt.Errorf("process.user.uid %d: %w", u.UID, e)
	}
	return nil
}

func hasEnv(env []string, key string) bool {
	for _, e := range env {
		if strings.HasPrefix(e, key+"=") {
			return true
		}
	}
	return false
}

// home finds uid's home directory in the container's /etc/passwd.
func home(uid uint32) string {
	b, err := os.ReadFile("/etc/passwd")
	if err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.Split(line, ":")
			if len(f) >= 6 && f[2] == fmt.Sprint(uid) && f[5] != "" {
				return f[5]
			}
		}
	}
	return "/"
}

// setgroupsDenied reports whether this user namespace forbids setgroups(2)
// (/proc/self/setgroups is "deny", as in one an unprivileged user made).
func setgroupsDenied() bool {
	b, err := os.ReadFile("/proc/self/setgroups")
	return err == nil && strings.TrimSpace(string(b)) == "deny"
}
