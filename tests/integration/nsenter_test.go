package integration

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

func TestNsenterTargetContainer(t *testing.T) {
	e := newEnv(t)
	e.ok("run", "-d", "-b", testrootfs.Bundle(t, args("/bin/payload", "sleep", "60")), "net-ns1")
	var st specs.State
	if err := json.Unmarshal([]byte(e.ok("state", "net-ns1")), &st); err != nil {
		t.Fatal(err)
	}
	want, _ := os.Readlink("/proc/" + itoa(st.Pid) + "/ns/net")
	for _, target := range []string{"net-ns1", itoa(st.Pid)} {
		if got := strings.TrimSpace(e.ok("nsenter", "--target", target, "-n", "readlink", "/proc/self/ns/net")); got != want {
			t.Errorf("nsenter --target %s -n: namespace %q, want the container's %q", target, got, want)
		}
		if got := e.ok("nsenter", "-t", target, "-u", "hostname"); got != "cell\n" {
			t.Errorf("nsenter -t %s -u hostname: %q", target, got)
		}
	}

	e.ok("run", "-d", "-b", testrootfs.Bundle(t, nil), "net-ns2") // exits at once
	for i := 0; i < 100 && !strings.Contains(e.ok("state", "net-ns2"), `"stopped"`); i++ {
		time.Sleep(20 * time.Millisecond)
	}
	for _, tc := range []struct{ target, want string }{
		{"net-nosuch", "net-nosuch does not exist"},
		{"net-ns2", "container net-ns2 is stopped"},
		{"../x", "container id"},
		{"-5", "invalid pid"},
	} {
		_, errs, code := e.cell("nsenter", "--target", tc.target, "-n", "true")
		if code == 0 || !strings.Contains(errs, tc.want) || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("nsenter --target %s: exit %d, stderr %q; want one line with %q", tc.target, code, errs, tc.want)
		}
	}
}
