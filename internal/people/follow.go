package people

import (
	"io"
	"os"
	"time"

	"github.com/cell-runtime/cell/internal/container"
)

// followPoll is how often a followed log is checked for more.
const followPoll = 200 * time.Millisecond

// relayGrace bounds how long a followed log waits, once the container
// stopped, for its log relay to finish when the relay records no exit
// status.
const relayGrace = 2 * time.Second

// followLog copies what is appended to f until the container has stopped
// (done) and a last read found nothing, reopening path when the log
// rotates. It closes f.
func followLog(f *os.File, path string, done func() bool, w io.Writer) error {
	defer func() { f.Close() }()
	for {
		stopped := done()
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

// relayDone reports whether container c of root has stopped and its log
// relay is done: it recorded the exit status after its last write, or
// relayGrace passed.
func relayDone(root string, c *container.Container) func() bool {
	var stoppedAt time.Time
	return func() bool {
		if c.Status() != container.Stopped {
			return false
		}
		if stoppedAt.IsZero() {
			stoppedAt = time.Now()
		}
		return ExitOf(root, c.ID) != nil || time.Since(stoppedAt) > relayGrace
	}
}
