package security

import (
	"strings"
	"testing"
)

func TestSetOOMScoreAdjRange(t *testing.T) {
	for _, v := range []int{-1001, 1001} {
		if err := SetOOMScoreAdj(v); err == nil || !strings.Contains(err.Error(), "out of range") {
			t.Errorf("%d: got %v", v, err)
		}
	}
}

// TestSetOOMScoreAdjLower lowers the score without CAP_SYS_RESOURCE: it
// fails, so the test process is not changed.
func TestSetOOMScoreAdjLower(t *testing.T) {
	if hasEffectiveCap(t, capSysResource) {
		t.Skip("CAP_SYS_RESOURCE is held: lowering would succeed")
	}
	err := SetOOMScoreAdj(-500)
	want := "process.oomScoreAdj -500: permission denied (lowering needs CAP_SYS_RESOURCE)"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}
