package v1

import (
	"fmt"
	"time"

	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
)

// freezeTimeout bounds how long Freeze waits for FREEZING to end.
const freezeTimeout = 5 * time.Second

// Freeze writes FROZEN or THAWED to freezer.state and polls until the
// kernel reports that state (FREEZING means still in progress).
func Freeze(dir string, frozen bool) error {
	want := "THAWED"
	if frozen {
		want = "FROZEN"
	}
	deadline := time.Now().Add(freezeTimeout)
	for {
		if err := cgfile.Write(dir, "freezer.state", want); err != nil {
			return fmt.Errorf("freeze: %w", err)
		}
		got, err := cgfile.Read(dir, "freezer.state")
		if err != nil {
			return fmt.Errorf("freeze: %w", err)
		}
		if got == want {
			return nil
		}
		if time.Now().After(deadline) {
			if frozen {
				// Do not leave the group half-frozen (FREEZING): every
				// process joining it would stop.
				_ = cgfile.Write(dir, "freezer.state", "THAWED")
			}
			return fmt.Errorf("freeze %s: still %s after %v", dir, got, freezeTimeout)
		}
		time.Sleep(time.Millisecond)
	}
}

// Frozen reports whether freezer.state says FROZEN.
func Frozen(dir string) (bool, error) {
	s, err := cgfile.Read(dir, "freezer.state")
	if err != nil {
		return false, fmt.Errorf("freezer state: %w", err)
	}
	return s == "FROZEN", nil
}
