package people

import (
	"errors"
	"strings"

	"github.com/cell-runtime/cell/internal/handshake"
)

// ExecStatus is the exit status a shell (and docker run) gives when err is
// the container's init failing to find or execute the command: 127 when
// it does not exist, 126 when it cannot be executed, 0 for any other err.
func ExecStatus(err error) int {
	var re *handshake.RemoteError
	if !errors.As(err, &re) || !strings.HasPrefix(re.Text, `exec "`) {
		return 0
	}
	if strings.HasSuffix(re.Text, "not found in $PATH") || strings.HasSuffix(re.Text, "no such file or directory") {
		return 127
	}
	return 126
}
