package people

import (
	"io"
	"os"
	"time"

	"github.com/cell-runtime/cell/internal/container"
)

// followPoll is how often a followed log is checked for more.
const followPoll = 200 * time.Millisecond

// followLog copies what is appended to f until the container has stopped
// and a last read found nothing, reopening path when the log rotates. It
// closes f.
func followLog(f *os.File, path string, status func() container.Status, w io.Writer) error {
	defer func() { f.Close() }()
	for {
		stopped := status() == container.Stopped
		n, err := io.Copy(w, f)
		if err != nil {
			return err
		}
		if rotated(f, path) {
			if nf, err := os.Open(path); err == nil {
				f.Close()
				f = nf
				continue
			}
		}
		if stopped && n == 0 {
			return nil
		}
		time.Sleep(followPoll)
	}
}

// rotated reports whether path is no longer the file f has open.
func rotated(f *os.File, path string) bool {
	a, err1 := f.Stat()
	b, err2 := os.Stat(path)
	return err1 == nil && err2 == nil && !os.SameFile(a, b)
}
