package v2

import (
	"fmt"
	"strings"
	"time"

	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
)

// freezeTimeout bounds how long Freeze waits for cgroup.events.
const freezeTimeout = 5 * time.Second

// Freeze writes cgroup.freeze and polls cgroup.events until "frozen"
// shows the new state.
func Freeze(dir string, frozen bool) error {
	v := "0"
	if frozen {
		v = "1"
	}
	if err := cgfile.Write(dir, "cgroup.freeze", v); err != nil {
		return fmt.Errorf("freeze: %w", err)
	}
	deadline := time.Now().Add(freezeTimeout)
	for {
		got, err := Frozen(dir)
		if err != nil {
			return err
		}
		if got == frozen {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("freeze %s: cgroup.events still says frozen=%v after %v", dir, got, freezeTimeout)
		}
		time.Sleep(time.Millisecond)
	}
}

// Frozen reports the "frozen" line of cgroup.events.
func Frozen(dir string) (bool, error) {
	s, err := cgfile.Read(dir, "cgroup.events")
	if err != nil {
		return false, fmt.Errorf("freezer state: %w", err)
	}
	for _, line := range strings.Split(s, "\n") {
		if line == "frozen 1" {
			return true, nil
		}
	}
	return false, nil
}
