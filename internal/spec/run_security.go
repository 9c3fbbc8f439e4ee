package spec

import (
	"fmt"
	"os"
	"slices"
	"strings"

	json "github.com/go-json-experiment/json/v1"
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/security"
	"github.com/cell-runtime/cell/internal/security/seccomp"
)

// SecurityOptions are the privilege flags of `cell run`. The zero value is
// Docker's default: DefaultCaps, no_new_privs, the default seccomp profile,
// masked and read-only /proc paths.
type SecurityOptions struct {
	CapAdd, CapDrop []string // names with or without CAP_, or ALL
	Privileged      bool
	// Opts are --security-opt values: no-new-privileges[:true|false],
	// seccomp=unconfined, seccomp=FILE (an OCI seccomp JSON).
	Opts []string
}

func setSecurity(s *specs.Spec, o *RunOptions) error {
	so := o.Security
	base := DefaultCaps
	if so.Privileged {
		base = allCaps()
	}
	caps, err := adjustCaps(base, so.CapAdd, so.CapDrop)
	if err != nil {
		return err
	}
	s.Process.Capabilities = &specs.LinuxCapabilities{
		Bounding: caps, Effective: clone(caps), Inheritable: clone(caps), Permitted: clone(caps),
	}
	if so.Privileged {
		privileged(s)
	} else {
		s.Linux.Seccomp = seccomp.DefaultProfile()
	}
	for _, opt := range so.Opts {
		if err := securityOpt(s, opt); err != nil {
			return fmt.Errorf("--security-opt %q: %w", opt, err)
		}
	}
	return nil
}

// privileged lifts the confinement of the default spec: no masked or
// read-only paths, every device allowed, /sys writable, no seccomp.
func privileged(s *specs.Spec) {
	s.Linux.MaskedPaths, s.Linux.ReadonlyPaths = nil, nil
	s.Linux.Resources.Devices = []specs.LinuxDeviceCgroup{{Allow: true, Access: "rwm"}}
	for i, m := range s.Mounts {
		if m.Destination == "/sys" || m.Destination == "/sys/fs/cgroup" {
			s.Mounts[i].Options = slices.DeleteFunc(slices.Clone(m.Options), func(o string) bool { return o == "ro" })
		}
	}
}

func securityOpt(s *specs.Spec, opt string) error {
	k, v, _ := strings.Cut(opt, "=")
	if k == "no-new-privileges" || strings.HasPrefix(opt, "no-new-privileges:") {
		_, v, _ = strings.Cut(opt, ":")
		switch v {
		case "", "true":
			s.Process.NoNewPrivileges = true
		case "false":
			s.Process.NoNewPrivileges = false
		default:
			return fmt.Errorf("want no-new-privileges[:true|false]")
		}
		return nil
	}
	if k != "seccomp" || v == "" {
		return fmt.Errorf("want no-new-privileges, seccomp=unconfined or seccomp=FILE")
	}
	if v == "unconfined" {
		s.Linux.Seccomp = nil
		return nil
	}
	b, err := os.ReadFile(v)
	if err != nil {
		return fmt.Errorf("seccomp profile: %w", err)
	}
	var p specs.LinuxSeccomp
	if err := json.Unmarshal(b, &p); err != nil {
		return fmt.Errorf("seccomp profile %s: %w", v, err)
	}
	s.Linux.Seccomp = &p
	return nil
}

// adjustCaps applies --cap-add and --cap-drop (drop first, as Docker; ALL
// means every capability) to base.
func adjustCaps(base, add, drop []string) ([]string, error) {
	set := clone(base)
	for _, d := range drop {
		n, err := capName("cap-drop", d)
		if err != nil {
			return nil, err
		}
		if n == "ALL" {
			set = nil
			continue
		}
		set = slices.DeleteFunc(set, func(c string) bool { return c == n })
	}
	for _, a := range add {
		n, err := capName("cap-add", a)
		if err != nil {
			return nil, err
		}
		if n == "ALL" {
			set = allCaps()
		} else if !slices.Contains(set, n) {
			set = append(set, n)
		}
	}
	if set == nil {
		set = []string{}
	}
	return set, nil
}

// capName normalizes a capability name ("sys_admin" to "CAP_SYS_ADMIN").
func capName(flag, c string) (string, error) {
	n := strings.ToUpper(c)
	if n == "ALL" {
		return n, nil
	}
	if !strings.HasPrefix(n, "CAP_") {
		n = "CAP_" + n
	}
	if _, err := security.ParseCaps([]string{n}); err != nil {
		return "", fmt.Errorf("--%s: %w", flag, err)
	}
	return n, nil
}

// allCaps lists every capability the running kernel knows and cell's
// bounding set holds (as Docker gives --privileged what the daemon has):
// asking for one cell lacks would fail at start.
func allCaps() []string {
	var out []string
	for c := security.Cap(0); c <= security.LastCap(); c++ {
		if in, err := unix.PrctlRetInt(unix.PR_CAPBSET_READ, uintptr(c), 0, 0, 0); err == nil && in == 1 {
			out = append(out, c.String())
		}
	}
	return out
}
