package engines

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// podmanContainersConf keeps podman's state in %[1]s, uses cgroupfs (no
// systemd here) and asks for rlimits this host can grant (its defaults are
// above the hard limits root has here without CAP_SYS_RESOURCE).
const podmanContainersConf = `[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
log_driver = "k8s-file"
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "%[1]s/events.log"
tmp_dir = "%[1]s/tmp"
static_dir = "%[1]s/graph/libpod"
volume_path = "%[1]s/graph/volumes"
[network]
network_config_dir = "%[1]s/net"
`

const podmanStorageConf = `[storage]
driver = "overlay"
graphroot = "%[1]s/graph"
runroot = "%[1]s/run"
`

// podman is a private podman configuration and the sandbox it runs in.
type podman struct {
	env    []string
	parent string // the cgroup parent of its containers
	sb     *sandbox
}

func newPodman(t *testing.T) *podman {
	t.Helper()
	dir := workDir(t, "podman")
	removeCgroups(t, filepath.Base(dir))
	p := &podman{
		sb: newSandbox(t, dir),
		env: []string{"CONTAINERS_CONF=" + filepath.Join(dir, "containers.conf"),
			"CONTAINERS_STORAGE_CONF=" + filepath.Join(dir, "storage.conf")},
		parent: filepath.Base(dir),
	}
	for name, text := range map[string]string{"containers.conf": podmanContainersConf, "storage.conf": podmanStorageConf} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(fmt.Sprintf(text, dir)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { p.removeAll(t) })
	return p
}

// argv is a podman command line using cell.
func (p *podman) argv(args ...string) []string {
	return p.sb.wrap(append([]string{"podman", "--runtime", cellBin}, args...)...)
}

func (p *podman) run(t *testing.T, args ...string) (string, int) {
	t.Helper()
	return run(t, p.env, p.argv(args...)...)
}

func (p *podman) ok(t *testing.T, args ...string) string {
	t.Helper()
	return ok(t, p.env, p.argv(args...)...)
}

// runArgs start `podman run` the way every test container runs: no
// network, in the test's cgroup parent.
func (p *podman) runArgs(extra ...string) []string {
	return append([]string{"run", "--network", "none", "--cgroup-parent", "/" + p.parent}, extra...)
}

// removeAll removes every container (cell runs them in its default root,
// as podman gives no --root) and unmounts podman's storage.
func (p *podman) removeAll(t *testing.T) {
	ids := strings.Fields(p.ok(t, "ps", "-aq", "--no-trunc"))
	if len(ids) > 0 {
		t.Errorf("containers left: %v; removing them", ids)
		p.run(t, append([]string{"rm", "-f"}, ids...)...)
	}
	for _, id := range ids {
		if _, err := os.Stat(filepath.Join("/run/cell", id)); err == nil {
			t.Errorf("cell state of %s left in /run/cell", id)
			run(t, nil, cellBin, "delete", "--force", id)
		}
	}
	p.run(t, "rmi", "-af")
}

// TestPodman runs containers with `podman --runtime cell` through conmon.
func TestPodman(t *testing.T) {
	need(t, "podman", "conmon")
	p := newPodman(t)
	p.ok(t, "load", "-i", imageFile)
	if out := p.ok(t, "info", "--format", "{{.Host.OCIRuntime.Version}}"); !reference && !strings.Contains(out, "cell version") {
		t.Errorf("podman info shows the runtime's version as %q", out)
	}

	t.Run("run --rm", func(t *testing.T) {
		if out := p.ok(t, p.runArgs("--rm", imageName, "/bin/payload", "echo", "hello from cell")...); !strings.Contains(out, "hello from cell") {
			t.Errorf("output %q", out)
		}
		if out, code := p.run(t, p.runArgs("--rm", imageName, "/bin/payload", "exit", "3")...); code != 3 {
			t.Errorf("exit status %d, want 3: %s", code, out)
		}
		// The engines map the runtime's "no such file or directory" to 127.
		if out, code := p.run(t, p.runArgs("--rm", imageName, "/bin/nosuch")...); code != 127 {
			t.Errorf("missing command: exit status %d, want 127: %s", code, out)
		}
	})
	t.Run("-m", func(t *testing.T) {
		out := p.ok(t, p.runArgs("--rm", "-m", "64m", imageName, "/bin/busybox", "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes")...)
		if strings.TrimSpace(out) != "67108864" {
			t.Errorf("memory limit seen inside: %q, want 67108864", out)
		}
	})
	t.Run("-t", func(t *testing.T) {
		if out := withPty(t, p.withEnv(p.runArgs("--rm", "-t", imageName, "/bin/payload", "tty"))...); !strings.Contains(out, `"isatty":true`) {
			t.Errorf("payload tty under podman run -t: %q", out)
		}
	})
	t.Run("-i", func(t *testing.T) {
		out, code := runInput(t, p.env, "hello\n", p.argv(p.runArgs("--rm", "-i", imageName, "/bin/sh", "-c", "read x; echo got:$x")...)...)
		if code != 0 || !strings.Contains(out, "got:hello") {
			t.Errorf("podman run -i: exit %d, %q", code, out)
		}
	})
	t.Run("an rlimit this host cannot grant fails naming it", func(t *testing.T) {
		out, code := p.run(t, p.runArgs("--rm", "--name", "eng-pod-rl", "--ulimit", "nofile=1048576:1048576", imageName, "/bin/payload", "true")...)
		if code == 0 || !strings.Contains(out, "RLIMIT_NOFILE") {
			t.Errorf("exit %d, %q; want an error naming RLIMIT_NOFILE", code, out)
		}
		if ids := strings.Fields(p.ok(t, "ps", "-aq")); len(ids) != 0 {
			t.Errorf("containers left after a failed run --rm: %v", ids)
		}
	})
	t.Run("detached", func(t *testing.T) {
		const name = "eng-pod-d"
		p.ok(t, p.runArgs("-d", "--name", name, imageName, "/bin/payload", "sleep", "300")...)
		id := strings.TrimSpace(p.ok(t, "inspect", "--format", "{{.Id}}", name))
		ranByCell(t, "/run/cell", id)
		if out := p.ok(t, "exec", name, "/bin/payload", "echo", "in exec"); !strings.Contains(out, "in exec") {
			t.Errorf("exec output %q", out)
		}
		if _, code := p.run(t, "exec", name, "/bin/payload", "exit", "4"); code != 4 {
			t.Errorf("exec exit status %d, want 4", code)
		}
		if out := withPty(t, p.withEnv([]string{"exec", "-t", name, "/bin/payload", "tty"})...); !strings.Contains(out, `"isatty":true`) {
			t.Errorf("payload tty under podman exec -t: %q", out)
		}
		p.ok(t, "pause", name)
		if st := p.status(t, name); st != "paused" {
			t.Errorf("after pause: %s", st)
		}
		p.ok(t, "unpause", name)
		if st := p.status(t, name); st != "running" {
			t.Errorf("after unpause: %s", st)
		}
		if out := p.ok(t, "top", name); !strings.Contains(out, "sleep 300") {
			t.Errorf("top:\n%s", out)
		}
		p.ok(t, "stop", "-t", "5", name)
		if st := p.status(t, name); st != "exited" {
			t.Errorf("after stop: %s", st)
		}
		p.ok(t, "rm", name)
		if _, err := os.Stat(filepath.Join("/run/cell", id)); !os.IsNotExist(err) {
			t.Errorf("cell state of %s left after rm: %v", id, err)
		}
	})
}

// withEnv is argv prefixed by env(1) with the test's configuration, for
// clients started on a terminal.
func (p *podman) withEnv(args []string) []string {
	return append(append([]string{"env"}, p.env...), p.argv(args...)...)
}

func (p *podman) status(t *testing.T, name string) string {
	t.Helper()
	return strings.TrimSpace(p.ok(t, "inspect", "--format", "{{.State.Status}}", name))
}
