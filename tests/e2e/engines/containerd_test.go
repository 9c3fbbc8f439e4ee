package engines

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// containerd is a private containerd: its config, socket and namespace.
type containerd struct {
	dir, sock, ns string
	sb            *sandbox
}

// containerdConfig is a containerd 1.6 config keeping all state in a
// private directory. %[1]s is that directory; %[2]s is the extra plugin
// configuration (the CRI plugin, or disabling it).
const containerdConfig = `version = 2
root = "%[1]s/root"
state = "%[1]s/state"
%[2]s
[grpc]
  address = "%[1]s/containerd.sock"
[ttrpc]
  address = "%[1]s/containerd.sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "%[1]s/opt"
`

// startContainerd starts containerd in sandbox sb and directory dir with
// extra configuration, and stops it at the end of the test.
func startContainerd(t *testing.T, sb *sandbox, dir, extra string) *containerd {
	t.Helper()
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(containerdConfig, dir, extra)), 0o644); err != nil {
		t.Fatal(err)
	}
	c := &containerd{dir: dir, sock: filepath.Join(dir, "containerd.sock"), ns: filepath.Base(dir), sb: sb}
	startDaemon(t, sb, dir, c.sock, nil, "containerd", "--config", cfg)
	return c
}

// ctr runs ctr against this containerd in its namespace.
func (c *containerd) ctr(t *testing.T, args ...string) (string, int) {
	t.Helper()
	return run(t, nil, c.sb.wrap(append([]string{"ctr", "--address", c.sock, "--namespace", c.ns}, args...)...)...)
}

func (c *containerd) ctrOK(t *testing.T, args ...string) string {
	t.Helper()
	out, code := c.ctr(t, args...)
	if code != 0 {
		t.Fatalf("ctr %s: exit %d:\n%s", strings.Join(args, " "), code, out)
	}
	return out
}
