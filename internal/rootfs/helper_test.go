package rootfs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// The integration tests re-execute the test binary as a child in new
// mount, pid, uts and ipc namespaces; the child prepares a rootfs, enters
// it, runs probes and prints a childReport as JSON. No mount it makes can
// reach the host.

const helperEnv = "CELL_ROOTFS_TEST_CHILD"

// childRequest is what the parent asks the child to do.
type childRequest struct {
	Spec    *specs.Spec
	Rootfs  string
	Options Options
	PreSub  string   // host path the child covers with a tmpfs (holding file "f") before Prepare
	UserNS  bool     // also a new user namespace mapping 0-65535 to itself
	Probes  []string // "op path", see probe
}

// childReport is what the child saw.
type childReport struct {
	Err     string
	Results map[string]string
}

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) != "" {
		runChild()
		return
	}
	os.Exit(m.Run())
}

func runChild() {
	runtime.LockOSThread()
	var req childRequest
	rep := childReport{Results: map[string]string{}}
	err := json.Unmarshal([]byte(os.Getenv(helperEnv)), &req)
	if err == nil {
		err = childSetup(req)
	}
	if err != nil {
		rep.Err = err.Error()
	} else {
		for _, p := range req.Probes {
			rep.Results[p] = probe(p)
		}
	}
	json.NewEncoder(os.Stdout).Encode(rep)
	os.Exit(0)
}

func childSetup(req childRequest) error {
	if err := unix.Mount("", "/", "", unix.MS_SLAVE|unix.MS_REC, ""); err != nil {
		return fmt.Errorf("rslave: %w", err)
	}
	if req.PreSub != "" {
		if err := unix.Mount("tmpfs", req.PreSub, "tmpfs", 0, ""); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(req.PreSub, "f"), []byte("sub"), 0o644); err != nil {
			return err
		}
	}
	if err := Prepare(req.Spec, req.Rootfs, req.Options); err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	if err := Enter(req.Rootfs, req.Options); err != nil {
		return fmt.Errorf("enter: %w", err)
	}
	if err := Finish(req.Spec); err != nil {
		return fmt.Errorf("finish: %w", err)
	}
	return nil
}

// probe runs one check inside the container and describes the outcome.
func probe(p string) string {
	op, path, _ := strings.Cut(p, " ")
	switch op {
	case "read":
		b, err := os.ReadFile(path)
		return result(strings.TrimSpace(string(b)), err)
	case "write":
		return result("", os.WriteFile(path, []byte("x"), 0o644))
	case "ls":
		ents, err := os.ReadDir(path)
		names := []string{}
		for _, e := range ents {
			names = append(names, e.Name())
		}
		return result(strings.Join(names, ","), err)
	case "stat":
		var st unix.Stat_t
		err := unix.Lstat(path, &st)
		return result(fmt.Sprintf("mode=%o rdev=%d:%d uid=%d", st.Mode, unix.Major(st.Rdev), unix.Minor(st.Rdev), st.Uid), err)
	case "readlink":
		s, err := os.Readlink(path)
		return result(s, err)
	case "statfs":
		var st unix.Statfs_t
		err := unix.Statfs(path, &st)
		return result(fmt.Sprintf("type=%#x size=%d ro=%v", st.Type, st.Blocks*uint64(st.Bsize), st.Flags&unix.ST_RDONLY != 0), err)
	case "ro":
		var st unix.Statfs_t
		err := unix.Statfs(path, &st)
		return result(fmt.Sprint(st.Flags&unix.ST_RDONLY != 0), err)
	case "openrw":
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err == nil {
			f.Close()
		}
		return result("", err)
	case "mountpoint":
		b, err := os.ReadFile("/proc/self/mountinfo")
		for _, l := range strings.Split(string(b), "\n") {
			if m, ok := parseMountinfoLine(l); ok && m.mountpoint == path {
				return "ok " + m.fstype + " " + m.root
			}
		}
		return result("absent", err)
	}
	return "unknown probe"
}

func result(s string, err error) string {
	if err != nil {
		var errno syscall.Errno
		if errors.As(err, &errno) {
			return "err " + unix.ErrnoName(errno)
		}
		return "err " + err.Error()
	}
	return "ok " + s
}

// runInChild runs req in a child in new namespaces and returns its report.
// It fails the test if the host's mount table gained anything naming dir.
func runInChild(t *testing.T, req childRequest, dir string) childReport {
	t.Helper()
	before := hostMountsUnder(t, dir)
	enc, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+string(enc))
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags: unix.CLONE_NEWNS | unix.CLONE_NEWPID | unix.CLONE_NEWUTS | unix.CLONE_NEWIPC,
	}
	if req.UserNS {
		cmd.SysProcAttr.Cloneflags |= unix.CLONE_NEWUSER
		cmd.SysProcAttr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: 0, Size: 65536}}
		cmd.SysProcAttr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: 0, Size: 65536}}
	}
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("child: %v\n%s", err, stderr.String())
	}
	var rep childReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("child report %q: %v\n%s", out.String(), err, stderr.String())
	}
	if after := hostMountsUnder(t, dir); after != before {
		t.Errorf("host mounts under %s changed:\nbefore %q\nafter  %q", dir, before, after)
	}
	return rep
}

// hostMountsUnder lists the host's mount points at or below dir.
func hostMountsUnder(t *testing.T, dir string) string {
	t.Helper()
	mounts, err := readMountinfo()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range mounts {
		if isUnder(m.mountpoint, dir) {
			out = append(out, m.mountpoint)
		}
	}
	return strings.Join(out, " ")
}

func needRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root: creates mount, pid, uts and ipc namespaces")
	}
}
