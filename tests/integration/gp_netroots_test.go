package integration

import (
	"strings"
	"testing"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

// TestNetTwoRootsPublishSideBySide runs two cells with different state
// roots on one host (a namespace standing in for it), each with a network
// of its own and a published port: both ports answer, and deleting one
// container leaves the other's port answering.
func TestNetTwoRootsPublishSideBySide(t *testing.T) {
	a, b := newEnv(t), newEnv(t)
	h := newNetHost(t, a, true)
	payload, err := testrootfs.Payload()
	if err != nil {
		t.Fatal(err)
	}
	vol := payload + ":/payload:ro"
	for i, c := range []struct {
		e               *env
		net, subnet, hp string
	}{{a, "gpra", "10.213.95.0/24", "18795"}, {b, "gprb", "10.213.96.0/24", "18796"}} {
		if _, errs, code := h.cellIn(c.e, "network", "create", c.net, "--subnet", c.subnet); code != 0 {
			t.Fatal(errs)
		}
		t.Cleanup(func() { h.cellIn(c.e, "network", "rm", c.net) })
		id := "gp-root" + string(rune('a'+i))
		if _, errs, code := h.cellIn(c.e, "run", "-d", "--name", id, "--net", c.net, "-p", c.hp+":7000", "-v", vol, "--", "/payload", "listen", "7000"); code != 0 {
			t.Fatal(errs)
		}
		t.Cleanup(func() { h.cellIn(c.e, "rm", "-f", id) })
	}
	echoFrom(h, "127.0.0.1:18795")
	echoFrom(h, "127.0.0.1:18796")
	if _, errs, code := h.cellIn(a, "rm", "-f", "gp-roota"); code != 0 {
		t.Fatal(errs)
	}
	echoFrom(h, "127.0.0.1:18796")
	if out, _, _ := h.cellIn(b, "ps"); !strings.Contains(out, "gp-rootb") {
		t.Errorf("gp-rootb is gone from its root: %q", out)
	}
}
