package rootfs

import (
	"fmt"
	"os"
	"sort"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// ipcSysctls are the IPC-namespaced sysctls outside fs.mqueue.*.
var ipcSysctls = map[string]bool{
	"kernel.msgmax": true, "kernel.msgmnb": true, "kernel.msgmni": true,
	"kernel.sem": true, "kernel.shmall": true, "kernel.shmmax": true,
	"kernel.shmmni": true, "kernel.shm_rmid_forced": true,
}

// sysctlNamespace is the namespace that must be unshared for key (dotted)
// to be set, or "" when the key is not namespaced.
func sysctlNamespace(key string) specs.LinuxNamespaceType {
	switch {
	case ipcSysctls[key] || strings.HasPrefix(key, "fs.mqueue."):
		return specs.IPCNamespace
	case strings.HasPrefix(key, "net."):
		return specs.NetworkNamespace
	case key == "kernel.hostname" || key == "kernel.domainname":
		return specs.UTSNamespace
	}
	return ""
}

// sysctlPath turns "net.ipv4.ip_forward" (or "net/ipv4/ip_forward") into
// the path below /proc/sys, and a dotted key for checks.
func sysctlPath(key string) (path, dotted string, err error) {
	path = key
	if !strings.Contains(key, "/") {
		path = strings.ReplaceAll(key, ".", "/")
	}
	for _, c := range strings.Split(path, "/") {
		if c == "" || c == "." || c == ".." {
			return "", "", fmt.Errorf("sysctl %q: %w: malformed key", key, ErrSysctl)
		}
	}
	return path, strings.ReplaceAll(path, "/", "."), nil
}

// CheckSysctl fails unless key may be set in a container that unshares
// the namespaces in ns. It touches nothing.
func CheckSysctl(key string, ns map[specs.LinuxNamespaceType]bool) error {
	_, dotted, err := sysctlPath(key)
	if err != nil {
		return err
	}
	need := sysctlNamespace(dotted)
	if need == "" {
		return fmt.Errorf("sysctl %q: %w: not namespaced", key, ErrSysctl)
	}
	if !ns[need] {
		return fmt.Errorf("sysctl %q: %w: needs a %s namespace", key, ErrSysctl, need)
	}
	return nil
}

// WriteSysctls checks every key with CheckSysctl, writing none if one
// fails, then writes them (sorted) below /proc/sys.
func WriteSysctls(sysctl map[string]string, ns map[specs.LinuxNamespaceType]bool) error {
	keys := make([]string, 0, len(sysctl))
	for k := range sysctl {
		if err := CheckSysctl(k, ns); err != nil {
			return err
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil
	}
	sort.Strings(keys)
	procSys, err := openProcSys()
	if err != nil {
		return err
	}
	defer procSys.Close()
	for _, k := range keys {
		if err := writeSysctl(procSys, k, sysctl[k]); err != nil {
			return err
		}
	}
	return nil
}

// openProcSys opens /proc/sys through no symlink and checks it is procfs.
func openProcSys() (*os.File, error) {
	how := unix.OpenHow{Flags: unix.O_PATH | unix.O_DIRECTORY | unix.O_CLOEXEC, Resolve: unix.RESOLVE_NO_SYMLINKS}
	fd, err := unix.Openat2(unix.AT_FDCWD, "/proc/sys", &how)
	if err != nil {
		return nil, fmt.Errorf("open /proc/sys: %w", err)
	}
	f := os.NewFile(uintptr(fd), "/proc/sys")
	if err := checkProcfs(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("open /proc/sys: %w", err)
	}
	return f, nil
}

// writeSysctl opens the key's file beneath procSys, on the same mount and
// through no symlink, checks it is on procfs (CVE-2025-52881: a write
// redirected to another file), and writes the value.
func writeSysctl(procSys *os.File, key, value string) error {
	path, _, _ := sysctlPath(key)
	how := unix.OpenHow{
		Flags:   unix.O_WRONLY | unix.O_CLOEXEC | unix.O_NOCTTY,
		Resolve: beneath | unix.RESOLVE_NO_XDEV,
	}
	fd, err := unix.Openat2(int(procSys.Fd()), path, &how)
	if err != nil {
		return fmt.Errorf("sysctl %q: open: %w", key, err)
	}
	f := os.NewFile(uintptr(fd), "/proc/sys/"+path)
	defer f.Close()
	if err := checkProcfs(f); err != nil {
		return fmt.Errorf("sysctl %q: %w", key, err)
	}
	if _, err := f.WriteString(value); err != nil {
		return fmt.Errorf("sysctl %q: write: %w", key, err)
	}
	return nil
}

// checkProcfs fails unless f is on a procfs.
func checkProcfs(f *os.File) error {
	var st unix.Statfs_t
	if err := unix.Fstatfs(int(f.Fd()), &st); err != nil {
		return fmt.Errorf("statfs: %w", err)
	}
	if st.Type != unix.PROC_SUPER_MAGIC {
		return fmt.Errorf("%s: %w (type %#x)", f.Name(), ErrNotProcfs, st.Type)
	}
	return nil
}
