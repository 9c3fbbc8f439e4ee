package people

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// RelayCommand is the hidden cell subcommand that runs Relay (and then,
// for `run -d --rm`, RemoveWhenStopped).
const RelayCommand = "log-relay"

// MaxLog bounds a detached container's log: when the file reaches it, it
// becomes log.1 (replacing an older one) and a new log starts, so at most
// twice MaxLog is kept.
const MaxLog = 8 << 20

func logPath(bundle string) string { return filepath.Join(bundle, "log") }

// Relay copies r (a detached container's stdout and stderr) into the log
// file at path until r ends, rotating at MaxLog.
func Relay(r io.Reader, path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("log: %w", err)
	}
	defer func() { f.Close() }()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("log: %w", err)
	}
	size, buf := fi.Size(), make([]byte, 32<<10)
	for {
		n, rerr := r.Read(buf)
		if n > 0 {
			if size+int64(n) > MaxLog && size > 0 {
				if f, err = rotate(f, path); err != nil {
					return err
				}
				size = 0
			}
			if _, err := f.Write(buf[:n]); err != nil {
				return fmt.Errorf("log: %w", err)
			}
			size += int64(n)
		}
		if rerr != nil {
			return nil
		}
	}
}

func rotate(f *os.File, path string) (*os.File, error) {
	f.Close()
	if err := os.Rename(path, path+".1"); err != nil {
		return nil, fmt.Errorf("rotate log: %w", err)
	}
	nf, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("rotate log: %w", err)
	}
	return nf, nil
}

// Logs writes the log of container name to w. With follow it keeps
// writing what is appended until the container has stopped and its log
// relay has nothing more.
func Logs(root, name string, follow bool, w io.Writer) error {
	c, err := Find(root, name)
	if err != nil {
		return err
	}
	path := c.Annotations[AnnotationLog]
	if path == "" {
		return fmt.Errorf("container %s has no log (only detached containers keep one)", name)
	}
	if old, err := os.ReadFile(path + ".1"); err == nil {
		if _, err := w.Write(old); err != nil {
			return err
		}
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) && !follow {
		return nil
	} else if err != nil {
		return fmt.Errorf("log: %w", err)
	}
	if !follow {
		defer f.Close()
		_, err := io.Copy(w, f)
		return err
	}
	return followLog(f, path, relayDone(root, c), w)
}

// RemoveWhenStopped waits up to a minute for container id to stop (its
// output ended, so it is exiting) and removes it, for `run -d --rm`.
func RemoveWhenStopped(root, id string) error {
	c, err := Find(root, id)
	if err != nil {
		return err
	}
	if !waitStopped(c, time.Minute) {
		return fmt.Errorf("container %s closed its output but still runs; not removed", id)
	}
	return Remove(root, id, true)
}
