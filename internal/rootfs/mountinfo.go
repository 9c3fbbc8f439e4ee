package rootfs

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// mountInfo is one line of /proc/self/mountinfo.
type mountInfo struct {
	root       string // path of the mount's root inside its filesystem
	mountpoint string
	optional   string // "shared:1 master:2", "" when private
	fstype     string
	source     string
	super      string // per-superblock options
}

// readMountinfo parses /proc/self/mountinfo.
func readMountinfo() ([]mountInfo, error) {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return nil, fmt.Errorf("read mountinfo: %w", err)
	}
	defer f.Close()
	var out []mountInfo
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m, ok := parseMountinfoLine(sc.Text()); ok {
			out = append(out, m)
		}
	}
	return out, sc.Err()
}

// parseMountinfoLine parses "36 35 98:0 /root /mnt rw - ext3 /dev/root rw".
func parseMountinfoLine(line string) (mountInfo, bool) {
	pre, post, ok := strings.Cut(line, " - ")
	f, g := strings.Fields(pre), strings.Fields(post)
	if !ok || len(f) < 6 || len(g) < 3 {
		return mountInfo{}, false
	}
	return mountInfo{
		root:       unescapeOctal(f[3]),
		mountpoint: unescapeOctal(f[4]),
		optional:   strings.Join(f[6:], " "),
		fstype:     g[0],
		source:     unescapeOctal(g[1]),
		super:      g[2],
	}, true
}

// unescapeOctal undoes the kernel's \040-style escaping of spaces etc.
func unescapeOctal(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) && isOctal(s[i+1:i+4]) {
			b.WriteByte((s[i+1]-'0')<<6 | (s[i+2]-'0')<<3 | (s[i+3] - '0'))
			i += 3
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isOctal(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '7' {
			return false
		}
	}
	return len(s) == 3
}

// mountContaining returns the mount whose mountpoint is the longest prefix
// of path.
func mountContaining(mounts []mountInfo, path string) (mountInfo, bool) {
	var best mountInfo
	found := false
	for _, m := range mounts {
		if isUnder(path, m.mountpoint) && (!found || len(m.mountpoint) >= len(best.mountpoint)) {
			best, found = m, true
		}
	}
	return best, found
}

// isUnder reports whether path equals dir or lies below it (both clean).
func isUnder(path, dir string) bool {
	if dir == "/" {
		return true
	}
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}
