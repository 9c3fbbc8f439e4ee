package security

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

func TestApplyRlimitsInvalid(t *testing.T) {
	tests := []struct {
		r    []specs.POSIXRlimit
		want string
	}{
		{[]specs.POSIXRlimit{{Type: "RLIMIT_BOGUS", Hard: 1, Soft: 1}}, `process.rlimits: unknown rlimit "RLIMIT_BOGUS"`},
		{[]specs.POSIXRlimit{{Type: "RLIMIT_CORE"}, {Type: "RLIMIT_CORE"}}, "RLIMIT_CORE: listed twice"},
		{[]specs.POSIXRlimit{{Type: "RLIMIT_NOFILE", Soft: 10, Hard: 5}}, "RLIMIT_NOFILE: soft 10 above hard 5"},
	}
	for _, tt := range tests {
		err := ApplyRlimits(tt.r)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: got %v, want %q", tt.r, err, tt.want)
		}
	}
	if len(rlimitTypes) != 16 {
		t.Errorf("%d rlimit types, want 16 (RLIMIT_CPU..RLIMIT_RTTIME)", len(rlimitTypes))
	}
}

// TestApplyRlimitsAboveHard raises RLIMIT_NOFILE's hard limit without
// CAP_SYS_RESOURCE: it fails, so the test process is not changed.
func TestApplyRlimitsAboveHard(t *testing.T) {
	if hasEffectiveCap(t, capSysResource) {
		t.Skip("CAP_SYS_RESOURCE is held: raising the hard limit would succeed")
	}
	var cur unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &cur); err != nil {
		t.Fatal(err)
	}
	hard := uint64(1048576)
	if n, ok := nrOpen(); ok && n < hard {
		hard = n
	}
	if hard <= cur.Max {
		t.Skipf("current hard limit %d is not below %d", cur.Max, hard)
	}
	err := ApplyRlimits([]specs.POSIXRlimit{{Type: "RLIMIT_NOFILE", Soft: 1024, Hard: hard}})
	want := fmt.Sprintf("process.rlimits RLIMIT_NOFILE: hard %d above current hard limit %d: operation not permitted (needs CAP_SYS_RESOURCE)", hard, cur.Max)
	if err == nil || err.Error() != want || !errors.Is(err, unix.EPERM) {
		t.Errorf("got %v\nwant %s", err, want)
	}
}
