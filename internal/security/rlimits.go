package security

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// rlimitTypes maps process.rlimits types to resource numbers.
var rlimitTypes = map[string]int{
	"RLIMIT_CPU": 0, "RLIMIT_FSIZE": 1, "RLIMIT_DATA": 2, "RLIMIT_STACK": 3,
	"RLIMIT_CORE": 4, "RLIMIT_RSS": 5, "RLIMIT_NPROC": 6, "RLIMIT_NOFILE": 7,
	"RLIMIT_MEMLOCK": 8, "RLIMIT_AS": 9, "RLIMIT_LOCKS": 10,
	"RLIMIT_SIGPENDING": 11, "RLIMIT_MSGQUEUE": 12, "RLIMIT_NICE": 13,
	"RLIMIT_RTPRIO": 14, "RLIMIT_RTTIME": 15,
}

// nrOpenFile caps RLIMIT_NOFILE's hard limit, even with CAP_SYS_RESOURCE.
const nrOpenFile = "/proc/sys/fs/nr_open"

// ApplyRlimits sets each rlimit on the calling process (prlimit on pid
// 0). All entries are checked before any is applied: an unknown or
// repeated type, or soft above hard, is an error. Raising a hard limit
// needs CAP_SYS_RESOURCE; the error then says so and gives the current
// hard limit.
func ApplyRlimits(r []specs.POSIXRlimit) error {
	seen := map[string]bool{}
	for _, l := range r {
		if _, ok := rlimitTypes[l.Type]; !ok {
			return fmt.Errorf("process.rlimits: %w %q", ErrUnknownRlimit, l.Type)
		}
		if seen[l.Type] {
			return fmt.Errorf("process.rlimits %s: listed twice", l.Type)
		}
		seen[l.Type] = true
		if l.Soft > l.Hard {
			return fmt.Errorf("process.rlimits %s: soft %d above hard %d", l.Type, l.Soft, l.Hard)
		}
	}
	for _, l := range r {
		if err := setRlimit(l); err != nil {
			return err
		}
	}
	return nil
}

// setRlimit applies one rlimit and explains EPERM.
func setRlimit(l specs.POSIXRlimit) error {
	res := rlimitTypes[l.Type]
	var old unix.Rlimit
	if err := unix.Prlimit(0, res, nil, &old); err != nil {
		return fmt.Errorf("process.rlimits %s: read current: %w", l.Type, err)
	}
	err := unix.Prlimit(0, res, &unix.Rlimit{Cur: l.Soft, Max: l.Hard}, nil)
	if err == nil {
		return nil
	}
	if errors.Is(err, unix.EPERM) {
		if n, ok := nrOpen(); ok && res == unix.RLIMIT_NOFILE && l.Hard > n {
			return fmt.Errorf("process.rlimits %s: hard %d above fs.nr_open %d: %w", l.Type, l.Hard, n, err)
		}
		if l.Hard > old.Max {
			return fmt.Errorf("process.rlimits %s: hard %d above current hard limit %d: %w (needs CAP_SYS_RESOURCE)",
				l.Type, l.Hard, old.Max, err)
		}
	}
	return fmt.Errorf("process.rlimits %s: set soft %d hard %d: %w", l.Type, l.Soft, l.Hard, err)
}

// nrOpen reads fs.nr_open.
func nrOpen() (uint64, bool) {
	b, err := os.ReadFile(nrOpenFile)
	if err != nil {
		return 0, false
	}
	n, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
	return n, err == nil
}
