package integration

import (
	"fmt"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

// capMask is the /proc/PID/status hex mask of the named capabilities.
func capMask(names ...string) string {
	bits := map[string]uint{"CAP_CHOWN": 0, "CAP_DAC_OVERRIDE": 1, "CAP_FOWNER": 3, "CAP_FSETID": 4,
		"CAP_KILL": 5, "CAP_SETGID": 6, "CAP_SETUID": 7, "CAP_SETPCAP": 8, "CAP_NET_BIND_SERVICE": 10,
		"CAP_NET_RAW": 13, "CAP_SYS_CHROOT": 18, "CAP_MKNOD": 27, "CAP_AUDIT_WRITE": 29, "CAP_SETFCAP": 31}
	var m uint64
	for _, n := range names {
		b, ok := bits[n]
		if !ok {
			panic("capMask: add " + n)
		}
		m |= 1 << b
	}
	return fmt.Sprintf("%016x", m)
}

// TestCapabilitiesInside checks the five sets in /proc/self/status after
// execve, which the kernel derives from the configured ones: for root
// (file capabilities all set) permitted and effective become inheritable
// plus bounding; for another user they become the ambient set.
func TestCapabilitiesInside(t *testing.T) {
	e := newEnv(t)
	def := testrootfs.DefaultCaps
	cases := []struct {
		name string
		cfg  func(*specs.Spec)
		want map[string]string
	}{
		{"root with the default sets", nil, map[string]string{
			"CapInh": capMask(def...), "CapPrm": capMask(def...), "CapEff": capMask(def...),
			"CapBnd": capMask(def...), "CapAmb": capMask(),
		}},
		{"user 1000 with five different sets", func(s *specs.Spec) {
			s.Process.User = specs.User{UID: 1000, GID: 1000}
			s.Process.Capabilities = &specs.LinuxCapabilities{
				Bounding:    []string{"CAP_NET_BIND_SERVICE", "CAP_KILL", "CAP_CHOWN", "CAP_SETUID", "CAP_SETGID"},
				Permitted:   []string{"CAP_NET_BIND_SERVICE", "CAP_KILL", "CAP_CHOWN", "CAP_SETUID"},
				Effective:   []string{"CAP_NET_BIND_SERVICE", "CAP_KILL", "CAP_CHOWN", "CAP_SETUID"},
				Inheritable: []string{"CAP_NET_BIND_SERVICE", "CAP_KILL", "CAP_CHOWN"},
				Ambient:     []string{"CAP_NET_BIND_SERVICE", "CAP_KILL"},
			}
		}, map[string]string{
			"CapInh": capMask("CAP_NET_BIND_SERVICE", "CAP_KILL", "CAP_CHOWN"),
			"CapPrm": capMask("CAP_NET_BIND_SERVICE", "CAP_KILL"),
			"CapEff": capMask("CAP_NET_BIND_SERVICE", "CAP_KILL"),
			"CapBnd": capMask("CAP_NET_BIND_SERVICE", "CAP_KILL", "CAP_CHOWN", "CAP_SETUID", "CAP_SETGID"),
			"CapAmb": capMask("CAP_NET_BIND_SERVICE", "CAP_KILL"),
		}},
		{"root with a small bounding set", func(s *specs.Spec) {
			c := []string{"CAP_CHOWN", "CAP_KILL"}
			s.Process.Capabilities = &specs.LinuxCapabilities{Bounding: c, Permitted: c, Effective: c, Inheritable: c}
		}, map[string]string{
			"CapInh": capMask("CAP_CHOWN", "CAP_KILL"), "CapPrm": capMask("CAP_CHOWN", "CAP_KILL"),
			"CapEff": capMask("CAP_CHOWN", "CAP_KILL"), "CapBnd": capMask("CAP_CHOWN", "CAP_KILL"),
			"CapAmb": capMask(),
		}},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := e.runOut(fmt.Sprintf("core-caps%d", i), with(args("/bin/payload", "caps"), orNothing(c.cfg)))
			for set, mask := range c.want {
				if !strings.Contains(out, set+":\t"+mask) {
					t.Errorf("%s: want %s in:\n%s", set, mask, out)
				}
			}
		})
	}
}

func orNothing(cfg func(*specs.Spec)) func(*specs.Spec) {
	if cfg == nil {
		return func(*specs.Spec) {}
	}
	return cfg
}
