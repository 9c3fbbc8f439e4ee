package cgroups

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// ownCgroups is /proc/self/cgroup: the calling process's cgroup path per
// v1 controller, and under "" its v2 path.
type ownCgroups map[string]string

// parseProcCgroup reads "id:controllers:path" lines.
func parseProcCgroup(r io.Reader) (ownCgroups, error) {
	own := make(ownCgroups)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[0] == "0" && parts[1] == "" {
			own[""] = parts[2]
			continue
		}
		for _, c := range strings.Split(parts[1], ",") {
			own[c] = parts[2]
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read own cgroups: %w", err)
	}
	return own, nil
}

// readProcCgroup parses the file at p.
func readProcCgroup(p string) (ownCgroups, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("read own cgroups: %w", err)
	}
	defer f.Close()
	return parseProcCgroup(f)
}

// CheckPath validates a linux.cgroupsPath and returns it cleaned, with ""
// turned into the default "cell-<id>". It rejects ".." components and
// runc's systemd form "slice:prefix:name".
//
// The default is flat, as runc's "<id>" is, with a prefix that keeps it
// apart from the host's groups (a container named "user.slice"). A shared
// parent ("cell/<id>") would cost a mkdir and an rmdir in every hierarchy
// per container, or, kept, an empty group left in the caller's cgroup.
func CheckPath(cgroupsPath, id string) (string, error) {
	if cgroupsPath == "" {
		if id == "" || strings.ContainsAny(id, "/") || id == "." || id == ".." {
			return "", fmt.Errorf("default cgroup path for id %q: %w", id, ErrBadPath)
		}
		cgroupsPath = "cell-" + id
	}
	if !strings.HasPrefix(cgroupsPath, "/") && strings.Count(cgroupsPath, ":") == 2 {
		return "", fmt.Errorf("cgroup path %q: %w", cgroupsPath, ErrSystemdPath)
	}
	for _, elem := range strings.Split(cgroupsPath, "/") {
		if elem == ".." {
			return "", fmt.Errorf("cgroup path %q: %w", cgroupsPath, ErrBadPath)
		}
	}
	cleaned := path.Clean(cgroupsPath)
	if cleaned == "/" || cleaned == "." {
		return "", fmt.Errorf("cgroup path %q: names no cgroup below the root: %w", cgroupsPath, ErrBadPath)
	}
	return cleaned, nil
}

// dirIn is the directory of cgroup path p (absolute, or relative to own)
// in the hierarchy mounted as m.
func dirIn(m mount, own, p string) string {
	if !strings.HasPrefix(p, "/") {
		p = path.Join("/", own, p)
	}
	if m.Root != "/" {
		if rel, ok := strings.CutPrefix(p, m.Root); ok && (rel == "" || rel[0] == '/') {
			p = rel
		}
	}
	return filepath.Join(m.Dir, p)
}
