package cli

import (
	"os"
	"strconv"
	"testing"
)

func TestListenFDs(t *testing.T) {
	self := strconv.Itoa(os.Getpid())
	cases := []struct {
		name, fds, pid string
		want           int
	}{
		{"ours", "2", self, 2},
		{"another process's", "2", "1", 0},
		{"no pid", "2", "", 0},
		{"garbage count", "x", self, 0},
		{"negative count", "-1", self, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("LISTEN_FDS", c.fds)
			t.Setenv("LISTEN_PID", c.pid)
			if got := listenFDs(); got != c.want {
				t.Errorf("listenFDs() = %d, want %d", got, c.want)
			}
		})
	}
}
