package security

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// Capabilities, rlimits and prctl flags cannot be restored once dropped,
// so these tests run each case in a child: the test binary re-executed
// with helperEnv naming the case, on a locked thread.
const helperEnv = "CELL_SECURITY_HELPER"

func TestHelperProcess(t *testing.T) {
	name := os.Getenv(helperEnv)
	if name == "" {
		t.Skip("runs only as the child of the apply tests")
	}
	runtime.LockOSThread()
	if err := helperCases[name](t); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

func runHelper(t *testing.T, name string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), helperEnv+"="+name)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("helper %s: %v\n%s", name, err, out)
	}
}

func TestApply(t *testing.T) {
	for _, name := range []string{"rlimits", "oom", "prctl"} {
		t.Run(name, func(t *testing.T) { runHelper(t, name) })
	}
	for _, name := range []string{"caps", "caps-nil", "caps-setuid"} {
		t.Run(name, func(t *testing.T) {
			if os.Geteuid() != 0 {
				t.Skip("needs root: sets capabilities from a full set")
			}
			runHelper(t, name)
		})
	}
}

var helperCases = map[string]func(t *testing.T) error{
	"rlimits":     helperRlimits,
	"oom":         helperOOM,
	"prctl":       helperPrctl,
	"caps":        helperCaps,
	"caps-nil":    helperCapsNil,
	"caps-setuid": helperCapsSetuid,
}

func helperRlimits(*testing.T) error {
	err := ApplyRlimits([]specs.POSIXRlimit{
		{Type: "RLIMIT_NOFILE", Soft: 512, Hard: 4096},
		{Type: "RLIMIT_CORE", Soft: 0, Hard: 0},
		{Type: "RLIMIT_RTTIME", Soft: 1000, Hard: unix.RLIM_INFINITY},
	})
	if err != nil {
		return err
	}
	for res, want := range map[int]unix.Rlimit{
		unix.RLIMIT_NOFILE: {Cur: 512, Max: 4096},
		unix.RLIMIT_CORE:   {Cur: 0, Max: 0},
		15:                 {Cur: 1000, Max: unix.RLIM_INFINITY},
	} {
		var got unix.Rlimit
		if err := unix.Prlimit(0, res, nil, &got); err != nil || got != want {
			return fmt.Errorf("rlimit %d: got %+v (%v), want %+v", res, got, err, want)
		}
	}
	return nil
}

func helperOOM(*testing.T) error {
	if err := SetOOMScoreAdj(300); err != nil {
		return err
	}
	b, err := os.ReadFile("/proc/self/oom_score_adj")
	if err != nil || strings.TrimSpace(string(b)) != "300" {
		return fmt.Errorf("oom_score_adj %q, %v", b, err)
	}
	return nil
}

func helperPrctl(*testing.T) error {
	if err := SetNoNewPrivs(); err != nil {
		return err
	}
	if v, err := unix.PrctlRetInt(unix.PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0); err != nil || v != 1 {
		return fmt.Errorf("no_new_privs %d, %v", v, err)
	}
	for _, on := range []bool{false, true} {
		if err := SetDumpable(on); err != nil {
			return err
		}
		v, err := unix.PrctlRetInt(unix.PR_GET_DUMPABLE, 0, 0, 0, 0)
		if err != nil || (v == 1) != on {
			return fmt.Errorf("dumpable %d after SetDumpable(%v), %v", v, on, err)
		}
	}
	return nil
}

// wantCaps compares the thread's sets with masks.
func wantCaps(t *testing.T, want map[string]uint64) error {
	got := threadCaps(t)
	var errs []error
	for k, v := range want {
		if got[k] != v {
			errs = append(errs, fmt.Errorf("%s = %#x, want %#x", k, got[k], v))
		}
	}
	return errors.Join(errs...)
}

func helperCaps(t *testing.T) error {
	c := &specs.LinuxCapabilities{
		Bounding:    []string{"CAP_CHOWN", "CAP_KILL", "CAP_NET_RAW", "CAP_CHECKPOINT_RESTORE"},
		Effective:   []string{"CAP_CHOWN", "CAP_KILL"},
		Permitted:   []string{"CAP_CHOWN", "CAP_KILL", "CAP_NET_RAW"},
		Inheritable: []string{"CAP_KILL", "CAP_NET_RAW"},
		Ambient:     []string{"CAP_KILL"},
	}
	if err := ApplyCaps(c); err != nil {
		return err
	}
	return wantCaps(t, map[string]uint64{
		"CapBnd": 1<<0 | 1<<5 | 1<<13 | 1<<40, "CapEff": 1<<0 | 1<<5,
		"CapPrm": 1<<0 | 1<<5 | 1<<13, "CapInh": 1<<5 | 1<<13, "CapAmb": 1 << 5,
	})
}

func helperCapsNil(t *testing.T) error {
	if err := ApplyCaps(nil); err != nil {
		return err
	}
	return wantCaps(t, map[string]uint64{"CapBnd": 0, "CapEff": 0, "CapPrm": 0, "CapInh": 0, "CapAmb": 0})
}

// helperCapsSetuid follows the documented order around a switch to uid
// 1000 (raw setuid: this thread only, as in the container's init).
func helperCapsSetuid(t *testing.T) error {
	c := &specs.LinuxCapabilities{
		Bounding: []string{"CAP_NET_BIND_SERVICE", "CAP_KILL"}, Effective: []string{"CAP_NET_BIND_SERVICE"},
		Permitted: []string{"CAP_NET_BIND_SERVICE"}, Inheritable: []string{"CAP_NET_BIND_SERVICE"},
		Ambient: []string{"CAP_NET_BIND_SERVICE"},
	}
	if err := KeepCaps(); err != nil {
		return err
	}
	if err := ApplyBounding(c); err != nil {
		return err
	}
	if _, _, e := unix.RawSyscall(unix.SYS_SETRESUID, 1000, 1000, 1000); e != 0 {
		return fmt.Errorf("setresuid: %w", e)
	}
	if err := ClearKeepCaps(); err != nil {
		return err
	}
	if err := ApplyCapSets(c); err != nil {
		return err
	}
	const nbs = 1 << 10
	return wantCaps(t, map[string]uint64{"CapBnd": nbs | 1<<5, "CapEff": nbs, "CapPrm": nbs, "CapInh": nbs, "CapAmb": nbs})
}
