package people

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/container"
	"github.com/cell-runtime/cell/internal/events"
	"github.com/cell-runtime/cell/internal/store"
)

// exitName is the file in a container's bundle that records how its
// process ended: "STATUS UNIX-SECONDS".
const exitName = "exit"

// Exit is how a container's process ended.
type Exit struct {
	// Code is the exit status as a shell reports it (128+N for signal N).
	Code int       `json:"code"`
	At   time.Time `json:"at"`
}

// recordExit keeps code, the exit status of container id's process, in
// its bundle, and journals it for `cell events`. It holds the container's
// lock, which Remove holds too: a container being removed, or gone, gets
// no record.
func recordExit(root, id string, code int) error {
	_ = events.RecordExit(root, id, code)
	_, unlock, err := container.Locked(store.Store{Root: root}, id)
	if err != nil {
		return nil
	}
	defer unlock()
	b := fmt.Appendf(nil, "%d %d\n", code, time.Now().Unix())
	if err := os.WriteFile(filepath.Join(BundleDir(root, id), exitName), b, 0o644); err != nil {
		return fmt.Errorf("record exit status: %w", err)
	}
	return nil
}

// ExitOf returns the exit status recorded for container id, or nil when
// none is (it runs, or it was not made by `cell run`).
func ExitOf(root, id string) *Exit {
	b, err := os.ReadFile(filepath.Join(BundleDir(root, id), exitName))
	if err != nil {
		return nil
	}
	var code int
	var at int64
	if n, _ := fmt.Sscan(string(b), &code, &at); n != 2 {
		return nil
	}
	return &Exit{Code: code, At: time.Unix(at, 0)}
}

// RecordExitOf is the log relay's part for a detached container: it reads
// the init's pid from pids (written by Run once the container is
// created), holds a pidfd on it while the container runs, and records its
// exit status once the log's input has ended and the process has exited.
// relay copies the log; RecordExitOf returns its error.
func RecordExitOf(root, id string, pids *os.File, relay func() error) error {
	pid, err := readPid(pids)
	pids.Close()
	if err != nil {
		return relay() // create failed: nothing to wait for
	}
	fd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		return relay()
	}
	defer unix.Close(fd)
	relayErr := relay()
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	for {
		if _, err := unix.Poll(fds, -1); err != unix.EINTR {
			break
		}
	}
	if code := events.ExitStatus(fd, pid, 0); code >= 0 {
		_ = recordExit(root, id, code)
	}
	return relayErr
}

func readPid(f *os.File) (int, error) {
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(line[:len(line)-1])
}

// exitGrace bounds how long Wait waits, once the container stopped, for
// its log relay to record the exit status.
const exitGrace = 10 * time.Second

// Wait waits until container name has stopped and returns its exit
// status, as `docker wait` does.
func Wait(root, name string) (int, error) {
	c, err := Find(root, name)
	if err != nil {
		return 0, err
	}
	for c.Status() != container.Stopped {
		time.Sleep(50 * time.Millisecond)
	}
	for deadline := time.Now().Add(exitGrace); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if e := ExitOf(root, c.ID); e != nil {
			return e.Code, nil
		}
	}
	return 0, fmt.Errorf("container %s stopped, but its exit status was not recorded (only cell run records it)", name)
}
