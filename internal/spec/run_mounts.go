package spec

import (
	"fmt"
	"path/filepath"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// tmpMount is the fresh /tmp every `cell run` container gets.
var tmpMount = specs.Mount{Destination: "/tmp", Type: "tmpfs", Source: "tmpfs",
	Options: []string{"nosuid", "nodev", "mode=1777"}}

func setMounts(s *specs.Spec, o *RunOptions) error {
	s.Mounts = append(s.Mounts, tmpMount)
	for _, d := range o.RootBinds {
		s.Mounts = append(s.Mounts, roBind(d, d))
	}
	if o.Init != "" {
		s.Mounts = append(s.Mounts, roBind(o.Init, InitPath))
	}
	s.Mounts = append(s.Mounts, o.Mounts...)
	for _, v := range o.Volumes {
		m, err := ParseVolume(v)
		if err != nil {
			return fmt.Errorf("--volume: %w", err)
		}
		s.Mounts = append(s.Mounts, m)
	}
	for _, t := range o.Tmpfs {
		m, err := parseTmpfs(t)
		if err != nil {
			return fmt.Errorf("--tmpfs: %w", err)
		}
		s.Mounts = append(s.Mounts, m)
	}
	return nil
}

func roBind(src, dst string) specs.Mount {
	return specs.Mount{Destination: dst, Type: "bind", Source: src,
		Options: []string{"rbind", "ro", "nosuid", "nodev"}}
}

// ParseVolume parses SRC:DST[:ro|rw] into a recursive bind mount. SRC
// must be an absolute host path (named volumes are not supported) and DST
// an absolute path.
func ParseVolume(v string) (specs.Mount, error) {
	parts := strings.Split(v, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return specs.Mount{}, fmt.Errorf("%q: want SRC:DST[:ro]", v)
	}
	src, dst := parts[0], parts[1]
	if !filepath.IsAbs(src) {
		return specs.Mount{}, fmt.Errorf("%q: source must be an absolute host path", v)
	}
	if !filepath.IsAbs(dst) {
		return specs.Mount{}, fmt.Errorf("%q: destination must be an absolute path", v)
	}
	opts := []string{"rbind"}
	if len(parts) == 3 {
		switch parts[2] {
		case "ro":
			opts = append(opts, "ro")
		case "rw":
		default:
			return specs.Mount{}, fmt.Errorf("%q: option %q: want ro or rw", v, parts[2])
		}
	}
	return specs.Mount{Destination: filepath.Clean(dst), Type: "bind", Source: filepath.Clean(src), Options: opts}, nil
}

// parseTmpfs parses DST[:OPTS] (OPTS comma separated, such as
// size=64m,mode=1777).
func parseTmpfs(t string) (specs.Mount, error) {
	dst, opts, _ := strings.Cut(t, ":")
	if !filepath.IsAbs(dst) {
		return specs.Mount{}, fmt.Errorf("%q: destination must be an absolute path", t)
	}
	o := []string{"nosuid", "nodev", "noexec"}
	if opts != "" {
		o = append(o, strings.Split(opts, ",")...)
	}
	return specs.Mount{Destination: filepath.Clean(dst), Type: "tmpfs", Source: "tmpfs", Options: o}, nil
}
