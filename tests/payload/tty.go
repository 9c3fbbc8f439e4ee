package main

import (
	"encoding/json"
	"io"
	"os"

	"golang.org/x/sys/unix"
)

func init() {
	register("tty", "", tty)
	register("ioctl-tiocsti", "", tiocsti)
}

// ttyInfo is what the tty command reports about stdin.
type ttyInfo struct {
	IsTTY bool   `json:"isatty"`
	Name  string `json:"ttyname,omitempty"` // readlink of /proc/self/fd/0
	Rows  uint16 `json:"rows,omitempty"`
	Cols  uint16 `json:"cols,omitempty"`
}

// tty prints a JSON object saying whether stdin is a terminal, its name
// and window size: {"isatty":true,"ttyname":"/dev/pts/0","rows":24,...}.
func tty(out io.Writer, _ []string) error {
	var info ttyInfo
	if _, err := unix.IoctlGetTermios(0, unix.TCGETS); err == nil {
		info.IsTTY = true
		info.Name, _ = os.Readlink("/proc/self/fd/0")
		if ws, err := unix.IoctlGetWinsize(0, unix.TIOCGWINSZ); err == nil {
			info.Rows, info.Cols = ws.Row, ws.Col
		}
	}
	return json.NewEncoder(out).Encode(info)
}

// tiocsti tries to push one byte (a space) into stdin's input queue with
// TIOCSTI and prints "ok" or the errno name (ENOTTY when stdin is not a
// terminal, EPERM when the kernel or seccomp forbids it).
func tiocsti(out io.Writer, _ []string) error {
	return reportErrno(out, unix.IoctlSetPointerInt(0, unix.TIOCSTI, ' '))
}
