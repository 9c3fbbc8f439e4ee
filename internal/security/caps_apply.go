package security

import (
	"fmt"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// capSets is process.capabilities as bit masks.
type capSets struct {
	bounding, effective, permitted, inheritable, ambient uint64
}

// parseCapSets parses all five sets; nil means all empty.
func parseCapSets(c *specs.LinuxCapabilities) (capSets, error) {
	var s capSets
	if c == nil {
		return s, nil
	}
	fields := []struct {
		name  string
		names []string
		mask  *uint64
	}{
		{"bounding", c.Bounding, &s.bounding},
		{"effective", c.Effective, &s.effective},
		{"permitted", c.Permitted, &s.permitted},
		{"inheritable", c.Inheritable, &s.inheritable},
		{"ambient", c.Ambient, &s.ambient},
	}
	for _, f := range fields {
		caps, err := ParseCaps(f.names)
		if err != nil {
			return s, fmt.Errorf("process.capabilities.%s: %w", f.name, err)
		}
		*f.mask = capMask(caps)
	}
	return s, nil
}

// ApplyCaps sets all five capability sets of the calling thread to exactly
// what c lists (nil: all empty). It is ApplyBounding then ApplyCapSets, for
// a process that does not change uid in between.
func ApplyCaps(c *specs.LinuxCapabilities) error {
	if err := ApplyBounding(c); err != nil {
		return err
	}
	return ApplyCapSets(c)
}

// ApplyBounding drops from the calling thread's bounding set every
// capability c.Bounding does not list (PR_CAPBSET_DROP, which needs
// CAP_SETPCAP in the effective set).
//
// Order for a process that switches to a non-root uid, all on one locked
// thread:
//
//	KeepCaps()          // keep the permitted set across setuid
//	ApplyBounding(c)    // needs CAP_SETPCAP, still held
//	setgroups, setgid, setuid
//	ClearKeepCaps()
//	ApplyCapSets(c)     // effective/permitted/inheritable, then ambient
//	(seccomp, then execve)
func ApplyBounding(c *specs.LinuxCapabilities) error {
	s, err := parseCapSets(c)
	if err != nil {
		return err
	}
	for cp := Cap(0); cp <= LastCap(); cp++ {
		if s.bounding&(1<<cp) != 0 {
			continue
		}
		in, err := unix.PrctlRetInt(unix.PR_CAPBSET_READ, uintptr(cp), 0, 0, 0)
		if err == nil && in == 0 {
			continue
		}
		if err := unix.Prctl(unix.PR_CAPBSET_DROP, uintptr(cp), 0, 0, 0); err != nil {
			return fmt.Errorf("drop %s from bounding set: %w", cp, err)
		}
	}
	return nil
}

// ApplyCapSets sets the calling thread's effective, permitted and
// inheritable sets with capset (version 3), then clears the ambient set
// and raises each capability c.Ambient lists (each must be permitted and
// inheritable). It does not touch the bounding set; see ApplyBounding for
// the order around setuid.
func ApplyCapSets(c *specs.LinuxCapabilities) error {
	s, err := parseCapSets(c)
	if err != nil {
		return err
	}
	if err := capset(s.effective, s.permitted, s.inheritable); err != nil {
		return fmt.Errorf("set capabilities (effective %#x, permitted %#x, inheritable %#x): %w",
			s.effective, s.permitted, s.inheritable, err)
	}
	return applyAmbient(s.ambient)
}

// capset sets the three capset(2) sets of the calling thread.
func capset(eff, perm, inh uint64) error {
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	data := [2]unix.CapUserData{
		{Effective: uint32(eff), Permitted: uint32(perm), Inheritable: uint32(inh)},
		{Effective: uint32(eff >> 32), Permitted: uint32(perm >> 32), Inheritable: uint32(inh >> 32)},
	}
	return unix.Capset(&hdr, &data[0])
}

// applyAmbient makes the ambient set exactly mask.
func applyAmbient(mask uint64) error {
	if err := unix.Prctl(unix.PR_CAP_AMBIENT, unix.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0); err != nil {
		return fmt.Errorf("clear ambient capabilities: %w", err)
	}
	for cp := Cap(0); cp < 64; cp++ {
		if mask&(1<<cp) == 0 {
			continue
		}
		if err := unix.Prctl(unix.PR_CAP_AMBIENT, unix.PR_CAP_AMBIENT_RAISE, uintptr(cp), 0, 0); err != nil {
			return fmt.Errorf("raise ambient %s (must be permitted and inheritable): %w", cp, err)
		}
	}
	return nil
}
