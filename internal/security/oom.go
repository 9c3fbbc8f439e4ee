package security

import (
	"errors"
	"fmt"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// oomScoreAdjFile is the calling process's OOM score adjustment.
const oomScoreAdjFile = "/proc/self/oom_score_adj"

// SetOOMScoreAdj writes v (-1000 to 1000) to /proc/self/oom_score_adj.
// Lowering the value below what the process started with needs
// CAP_SYS_RESOURCE; the error then says so.
func SetOOMScoreAdj(v int) error {
	if v < -1000 || v > 1000 {
		return fmt.Errorf("process.oomScoreAdj %d: out of range -1000 to 1000", v)
	}
	err := os.WriteFile(oomScoreAdjFile, []byte(strconv.Itoa(v)), 0)
	if err == nil {
		return nil
	}
	var errno unix.Errno
	if errors.As(err, &errno) && (errno == unix.EACCES || errno == unix.EPERM) && v < 0 {
		return fmt.Errorf("process.oomScoreAdj %d: %w (lowering needs CAP_SYS_RESOURCE)", v, errno)
	}
	return fmt.Errorf("process.oomScoreAdj %d: %w", v, err)
}
