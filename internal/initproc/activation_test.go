package initproc

import (
	"os"
	"slices"
	"strconv"
	"testing"
)

func TestListenEnv(t *testing.T) {
	pid := "LISTEN_PID=" + strconv.Itoa(os.Getpid())
	cases := []struct {
		name string
		env  []string
		n    int
		want []string
	}{
		{"adds both", []string{"PATH=/bin"}, 2, []string{"PATH=/bin", "LISTEN_FDS=2", pid}},
		{"replaces the spec's", []string{"LISTEN_FDS=9", "A=b", "LISTEN_PID=7", "LISTEN_FDNAMES=x"}, 1, []string{"A=b", "LISTEN_FDS=1", pid}},
		{"empty env", nil, 3, []string{"LISTEN_FDS=3", pid}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := listenEnv(c.env, c.n); !slices.Equal(got, c.want) {
				t.Errorf("listenEnv(%q, %d) = %q, want %q", c.env, c.n, got, c.want)
			}
		})
	}
}
