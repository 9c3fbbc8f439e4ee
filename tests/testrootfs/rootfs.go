package testrootfs

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// HostBusybox is where Populate looks for a static busybox to copy in.
const HostBusybox = "/bin/busybox"

// Populate lays out a test root filesystem in dir, which may already exist:
// /bin/payload and a symlink per payload command, busybox and its applets
// (when HostBusybox exists; payload's names win, busybox keeps "sh"),
// /etc/passwd and /etc/group, and empty /proc, /sys, /dev, /tmp, /root and
// /home/user directories. It builds the payload first if needed.
func Populate(dir string) error {
	payload, err := Payload()
	if err != nil {
		return err
	}
	if err := makeDirs(dir); err != nil {
		return err
	}
	if err := writeEtc(dir); err != nil {
		return err
	}
	provided, err := installPayload(dir, payload)
	if err != nil {
		return err
	}
	if !isFile(HostBusybox) {
		return nil
	}
	return installBusybox(dir, provided)
}

// dirs are created in the root filesystem with these modes.
var dirs = []struct {
	path string
	mode os.FileMode
}{
	{"bin", 0o755}, {"etc", 0o755}, {"proc", 0o555}, {"sys", 0o555},
	{"dev", 0o755}, {"tmp", 0o777 | os.ModeSticky}, {"root", 0o700},
	{"home", 0o755}, {"home/user", 0o755},
}

func makeDirs(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("rootfs dir: %w", err)
	}
	for _, d := range dirs {
		p := filepath.Join(dir, d.path)
		if err := os.MkdirAll(p, d.mode); err != nil {
			return fmt.Errorf("rootfs dir %s: %w", d.path, err)
		}
		if err := os.Chmod(p, d.mode); err != nil { // MkdirAll applies the umask
			return fmt.Errorf("rootfs dir %s: %w", d.path, err)
		}
	}
	if os.Geteuid() != 0 {
		return nil // only root can hand /home/user to the user
	}
	return os.Lchown(filepath.Join(dir, "home/user"), User, User)
}

// installPayload copies the payload to /bin/payload and links each of its
// command names to it; it returns the set of names it linked.
func installPayload(dir, payload string) (map[string]bool, error) {
	if err := copyFile(filepath.Join(dir, "bin/payload"), payload, 0o755); err != nil {
		return nil, fmt.Errorf("install payload: %w", err)
	}
	names, err := listLines(payload, "commands")
	if err != nil {
		return nil, fmt.Errorf("list payload commands: %w", err)
	}
	provided := map[string]bool{"payload": true}
	for _, n := range names {
		if err := relink(filepath.Join(dir, "bin", n), "payload"); err != nil {
			return nil, err
		}
		provided[n] = true
	}
	return provided, nil
}

// installBusybox copies the host busybox to /bin/busybox and links its
// applets that payload does not provide, plus "sh" in any case.
func installBusybox(dir string, provided map[string]bool) error {
	if err := copyFile(filepath.Join(dir, "bin/busybox"), HostBusybox, 0o755); err != nil {
		return fmt.Errorf("install busybox: %w", err)
	}
	applets, err := listLines(HostBusybox, "--list")
	if err != nil {
		return fmt.Errorf("list busybox applets: %w", err)
	}
	for _, a := range applets {
		if a == "busybox" || a == "" || strings.Contains(a, "/") || (provided[a] && a != "sh") {
			continue
		}
		if err := relink(filepath.Join(dir, "bin", a), "busybox"); err != nil {
			return err
		}
	}
	return nil
}

// listLines runs bin with args and returns its output lines.
func listLines(bin string, args ...string) ([]string, error) {
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		return nil, err
	}
	return strings.Fields(string(out)), nil
}

// relink makes link a symlink to target, replacing what was there.
func relink(link, target string) error {
	if err := os.Remove(link); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("replace %s: %w", link, err)
	}
	if err := os.Symlink(target, link); err != nil {
		return fmt.Errorf("symlink %s: %w", link, err)
	}
	return nil
}

// copyFile copies src to dst with mode, replacing dst atomically.
func copyFile(dst, src string, mode os.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := dst + ".tmp"
	out, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp, mode); err != nil {
		return err
	}
	return os.Rename(tmp, dst)
}
