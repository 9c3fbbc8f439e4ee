package netns

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == ChildCommand {
		err := ExecChild(os.Stderr, os.Args[2:])
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	wasMount := isMountpoint(Dir)
	code := m.Run()
	// Add makes /run/netns a shared mount as ip netns does; leave the host
	// as the tests found it.
	if !wasMount && isMountpoint(Dir) {
		if entries, _ := os.ReadDir(Dir); len(entries) == 0 {
			_ = unix.Unmount(Dir, unix.MNT_DETACH)
		}
	}
	os.Exit(code)
}

func isMountpoint(dir string) bool {
	b, _ := os.ReadFile("/proc/self/mountinfo")
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) > 4 && f[4] == dir {
			return true
		}
	}
	return false
}

func needRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root: creates network namespaces")
	}
}

// tempName returns a test-only namespace name, deleted at cleanup.
func tempName(t *testing.T, suffix string) string {
	name := fmt.Sprintf("celltest-%d-%s", os.Getpid(), suffix)
	t.Cleanup(func() { _ = Delete(name, true) })
	return name
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v: %s", name, args, err, out)
	}
	return string(out)
}

func TestValidName(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{{"a", true}, {"", false}, {".", false}, {"..", false}, {"a/b", false}, {"x.y-z", true}} {
		if got := ValidName(tc.name); got != tc.ok {
			t.Errorf("ValidName(%q) = %v, want %v", tc.name, got, tc.ok)
		}
	}
}

func TestAddSeenByIP(t *testing.T) {
	needRoot(t)
	name := tempName(t, "a")
	if err := Add(name); err != nil {
		t.Fatal(err)
	}
	if err := Add(name); !errors.Is(err, ErrExist) {
		t.Fatalf("second Add: %v, want ErrExist", err)
	}
	if !strings.Contains(run(t, "ip", "netns", "list"), name) {
		t.Fatalf("ip netns list does not show %s", name)
	}
	out := run(t, "ip", "netns", "exec", name, "ip", "-o", "link")
	if strings.Count(out, "\n") != 1 || !strings.Contains(out, "lo:") {
		t.Fatalf("links in new namespace: %q", out)
	}
	if err := Delete(name, false); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(run(t, "ip", "netns", "list"), name) {
		t.Fatalf("ip netns list still shows %s", name)
	}
}

func TestIPAddSeenByCell(t *testing.T) {
	needRoot(t)
	name := tempName(t, "b")
	run(t, "ip", "netns", "add", name)
	names, err := List()
	if err != nil {
		t.Fatal(err)
	}
	if !contains(names, name) {
		t.Fatalf("List() = %v, missing %s", names, name)
	}
	err = Do(Path(name), func() error {
		links, err := netlink.LinkList()
		if err == nil && len(links) != 1 {
			err = fmt.Errorf("links %v, want only lo", links)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := Delete(name, false); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(run(t, "ip", "netns", "list"), name) {
		t.Fatal("ip still lists the namespace cell deleted")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func execOut(t *testing.T, name string, argv ...string) string {
	t.Helper()
	cmd, err := Command("/proc/self/exe", name, argv)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr, cmd.Stdin = nil, nil, nil
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("exec %v: %v: %s", argv, err, out)
	}
	return string(out)
}

func TestExec(t *testing.T) {
	needRoot(t)
	name := tempName(t, "c")
	if err := Add(name); err != nil {
		t.Fatal(err)
	}
	if out := execOut(t, name, "ip", "-o", "link"); strings.Count(out, "\n") != 1 || !strings.Contains(out, "lo:") {
		t.Fatalf("ip link in namespace: %q", out)
	}
	if out := execOut(t, name, "ls", "/sys/class/net"); strings.TrimSpace(out) != "lo" {
		t.Fatalf("/sys/class/net in namespace: %q, want lo (sysfs remounted)", out)
	}
	table := fmt.Sprintf("celltest%d", os.Getpid())
	execOut(t, name, "nft", "add", "table", "inet", table)
	if !strings.Contains(execOut(t, name, "nft", "list", "tables"), table) {
		t.Fatal("nft table missing inside the namespace")
	}
	if strings.Contains(run(t, "nft", "list", "tables"), table) {
		exec.Command("nft", "delete", "table", "inet", table).Run()
		t.Fatal("nft table added inside the namespace shows on the host")
	}
}

func TestDeleteBusyAndPids(t *testing.T) {
	needRoot(t)
	name := tempName(t, "d")
	if err := Add(name); err != nil {
		t.Fatal(err)
	}
	cmd, err := Command("/proc/self/exe", name, []string{"sleep", "30"})
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, nil, nil
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer cmd.Process.Kill()
	waitFor(t, func() bool { p, _ := Pids(name); return len(p) == 1 && p[0] == cmd.Process.Pid })
	ids, err := Identify(cmd.Process.Pid)
	if err != nil || len(ids) != 1 || ids[0] != name {
		t.Fatalf("Identify = %v, %v; want [%s]", ids, err, name)
	}
	var busy *BusyError
	if err := Delete(name, false); !errors.As(err, &busy) || busy.Pids[0] != cmd.Process.Pid {
		t.Fatalf("Delete of busy namespace: %v, want BusyError", err)
	}
	if got := strings.TrimSpace(run(t, "ip", "netns", "pids", name)); got != fmt.Sprint(cmd.Process.Pid) {
		t.Fatalf("ip netns pids = %q", got)
	}
	cmd.Process.Kill()
	cmd.Wait()
	if err := Delete(name, false); err != nil {
		t.Fatal(err)
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for i := 0; i < 100; i++ {
		if ok() {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("condition not reached in 2s")
}

func TestSetID(t *testing.T) {
	needRoot(t)
	name := tempName(t, "e")
	if err := Add(name); err != nil {
		t.Fatal(err)
	}
	if id, err := ID(name); err != nil || id != -1 {
		t.Fatalf("ID before set = %d, %v; want -1", id, err)
	}
	if err := SetID(name, 4242); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(run(t, "ip", "netns", "list"), name+" (id: 4242)") {
		t.Fatal("ip netns list does not show the id")
	}
}
