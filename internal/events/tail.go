package events

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	json "github.com/go-json-experiment/json/v1"
	"golang.org/x/sys/unix"
)

// tail follows the journal from its end, as `tail -F` would: it waits for
// writes with inotify and starts over when the journal was truncated.
type tail struct {
	f       *os.File
	off     int64
	partial []byte
	ino     int
}

func openTail(root string) (*tail, error) {
	// The root may not exist before the first container; make it as the
	// store does, so that a watch started first sees that container.
	if err := os.MkdirAll(root, 0o711); err != nil {
		return nil, fmt.Errorf("open event journal: %w", err)
	}
	path := filepath.Join(root, JournalName)
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open event journal: %w", err)
	}
	ino, err := unix.InotifyInit1(unix.IN_CLOEXEC | unix.IN_NONBLOCK)
	if err == nil {
		_, err = unix.InotifyAddWatch(ino, path, unix.IN_MODIFY)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("watch event journal: %w", err)
	}
	off, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		f.Close()
		unix.Close(ino)
		return nil, fmt.Errorf("open event journal: %w", err)
	}
	return &tail{f: f, off: off, ino: ino}, nil
}

// next waits up to timeout for the journal to change and returns the
// complete events written since the last call. Lines that do not parse
// are skipped.
func (t *tail) next(timeout time.Duration) ([]Event, error) {
	fds := []unix.PollFd{{Fd: int32(t.ino), Events: unix.POLLIN}}
	if _, err := unix.Poll(fds, int(timeout.Milliseconds())); err != nil && err != unix.EINTR {
		return nil, fmt.Errorf("wait for events: %w", err)
	}
	drain(t.ino)
	fi, err := t.f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read event journal: %w", err)
	}
	if fi.Size() < t.off {
		t.off, t.partial = 0, nil
	}
	if fi.Size() == t.off {
		return nil, nil
	}
	buf := make([]byte, fi.Size()-t.off)
	n, err := t.f.ReadAt(buf, t.off)
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("read event journal: %w", err)
	}
	t.off += int64(n)
	return t.parse(buf[:n]), nil
}

// parse splits whole lines off, keeping an unfinished one for later.
func (t *tail) parse(b []byte) []Event {
	b = append(t.partial, b...)
	var out []Event
	for {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			break
		}
		var e Event
		if json.Unmarshal(b[:i], &e) == nil && e.Type != "" {
			out = append(out, e)
		}
		b = b[i+1:]
	}
	t.partial = append([]byte(nil), b...)
	return out
}

func (t *tail) close() {
	t.f.Close()
	unix.Close(t.ino)
}

// drain empties a non-blocking fd (an inotify or eventfd).
func drain(fd int) {
	var buf [4096]byte
	for {
		if n, err := unix.Read(fd, buf[:]); n <= 0 || err != nil {
			return
		}
	}
}
