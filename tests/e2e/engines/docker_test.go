package engines

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dockerCLI is Debian's docker client; /usr/local/bin/docker on this
// machine is another program.
const dockerCLI = "/usr/bin/docker"

// docker is a private dockerd with its own containerd, data and exec roots,
// no bridge and no iptables, knowing cell as runtime "cell".
type docker struct {
	env, host []string
	cellRoot  string // where the shim keeps cell's state of docker's containers
}

func startDocker(t *testing.T) *docker {
	t.Helper()
	dir := workDir(t, "docker")
	sb := newSandbox(t, dir)
	parent := filepath.Base(dir)
	removeCgroups(t, parent)
	// dockerd 20.10 gives the shim of every runtime the root runtime-runc.
	cellRoot := filepath.Join(dir, "exec", "runtime-runc")
	cleanCell(t, cellRoot)
	cfg := filepath.Join(dir, "daemon.json")
	if err := os.WriteFile(cfg, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "docker.sock")
	startDaemon(t, sb, dir, sock, nil, "dockerd",
		"--config-file", cfg, "--data-root", filepath.Join(dir, "data"), "--exec-root", filepath.Join(dir, "exec"),
		"--pidfile", filepath.Join(dir, "docker.pid"), "--host", "unix://"+sock,
		"--iptables=false", "--ip6tables=false", "--ip-forward=false", "--ip-masq=false", "--bridge=none",
		"--userland-proxy=false", "--exec-opt", "native.cgroupdriver=cgroupfs", "--cgroup-parent", "/"+parent,
		"--add-runtime", "cell="+cellBin)
	d := &docker{env: []string{"DOCKER_CONFIG=" + filepath.Join(dir, "cli")}, host: []string{dockerCLI, "--host", "unix://" + sock}, cellRoot: filepath.Join(cellRoot, "moby")}
	t.Cleanup(func() {
		if ids := strings.Fields(d.ok(t, "ps", "-aq")); len(ids) > 0 {
			t.Errorf("containers left: %v; removing them", ids)
			d.run(t, append([]string{"rm", "-f"}, ids...)...)
		}
	})
	return d
}

func (d *docker) argv(args ...string) []string { return append(append([]string{}, d.host...), args...) }

func (d *docker) run(t *testing.T, args ...string) (string, int) {
	t.Helper()
	return run(t, d.env, d.argv(args...)...)
}

func (d *docker) ok(t *testing.T, args ...string) string {
	t.Helper()
	return ok(t, d.env, d.argv(args...)...)
}

// runArgs start `docker run` with cell and no network.
func runArgs(extra ...string) []string {
	return append([]string{"run", "--runtime", "cell", "--network", "none"}, extra...)
}

// TestDocker runs containers with `docker run --runtime cell`.
func TestDocker(t *testing.T) {
	need(t, "dockerd", dockerCLI, "containerd", "containerd-shim-runc-v2")
	d := startDocker(t)
	d.ok(t, "load", "-i", imageFile)

	t.Run("run --rm", func(t *testing.T) {
		if out := d.ok(t, runArgs("--rm", imageName, "/bin/payload", "echo", "hello from cell")...); !strings.Contains(out, "hello from cell") {
			t.Errorf("output %q", out)
		}
		if out, code := d.run(t, runArgs("--rm", imageName, "/bin/payload", "exit", "3")...); code != 3 {
			t.Errorf("exit status %d, want 3: %s", code, out)
		}
		// The engines map the runtime's "no such file or directory" to 127.
		if out, code := d.run(t, runArgs("--rm", imageName, "/bin/nosuch")...); code != 127 {
			t.Errorf("missing command: exit status %d, want 127: %s", code, out)
		}
	})
	t.Run("limits seen inside", func(t *testing.T) {
		cases := []struct{ flag, file, want string }{
			{"--memory=64m", "memory/memory.limit_in_bytes", "67108864"},
			{"--pids-limit=50", "pids/pids.max", "50"},
			{"--cpus=0.5", "cpu/cpu.cfs_quota_us", "50000"},
		}
		for _, c := range cases {
			out := d.ok(t, runArgs("--rm", c.flag, imageName, "/bin/busybox", "cat", "/sys/fs/cgroup/"+c.file)...)
			if strings.TrimSpace(out) != c.want {
				t.Errorf("%s: %s inside is %q, want %s", c.flag, c.file, out, c.want)
			}
		}
	})
	t.Run("-t", func(t *testing.T) {
		if out := withPty(t, d.withEnv(runArgs("--rm", "-t", imageName, "/bin/payload", "tty"))...); !strings.Contains(out, `"isatty":true`) {
			t.Errorf("payload tty under docker run -t: %q", out)
		}
	})
	t.Run("-i", func(t *testing.T) {
		out, code := runInput(t, d.env, "hello\n", d.argv(runArgs("--rm", "-i", imageName, "/bin/sh", "-c", "read x; echo got:$x")...)...)
		if code != 0 || !strings.Contains(out, "got:hello") {
			t.Errorf("docker run -i: exit %d, %q", code, out)
		}
	})
	t.Run("requests this host forbids fail naming the field", func(t *testing.T) {
		cases := []struct{ flag, want string }{
			{"--oom-score-adj=-500", "oomScoreAdj"},
			{"--ulimit=nofile=1048576:1048576", "RLIMIT_NOFILE"},
		}
		for _, c := range cases {
			out, code := d.run(t, runArgs("--rm", c.flag, imageName, "/bin/payload", "true")...)
			if code == 0 || !strings.Contains(out, c.want) {
				t.Errorf("%s: exit %d, %q; want an error naming %s", c.flag, code, out, c.want)
			}
		}
		if ents, _ := os.ReadDir(d.cellRoot); len(ents) != 0 {
			t.Errorf("cell state left after failed creates: %v", ents)
		}
	})
	t.Run("detached", func(t *testing.T) { dockerDetached(t, d) })
}

func dockerDetached(t *testing.T, d *docker) {
	const name = "eng-dock-d"
	d.ok(t, runArgs("-d", "--name", name, "--memory", "64m", "--memory-swap", "64m", imageName, "/bin/payload", "sleep", "300")...)
	ranByCell(t, d.cellRoot, strings.TrimSpace(d.ok(t, "inspect", "--format", "{{.Id}}", name)))
	if out := d.ok(t, "stats", "--no-stream", "--format", "{{.Name}} {{.MemUsage}} {{.PIDs}}", name); !strings.HasPrefix(out, name+" ") || !strings.Contains(out, "B / ") {
		t.Errorf("stats: %q", out)
	}
	if out := d.ok(t, "exec", name, "/bin/payload", "echo", "in exec"); !strings.Contains(out, "in exec") {
		t.Errorf("exec output %q", out)
	}
	if _, code := d.run(t, "exec", name, "/bin/payload", "exit", "4"); code != 4 {
		t.Errorf("exec exit status %d, want 4", code)
	}
	if out := withPty(t, d.withEnv([]string{"exec", "-t", name, "/bin/payload", "tty"})...); !strings.Contains(out, `"isatty":true`) {
		t.Errorf("payload tty under docker exec -t: %q", out)
	}
	d.ok(t, "update", "--memory", "96m", "--memory-swap", "96m", "--pids-limit", "70", name)
	for file, want := range map[string]string{"memory/memory.limit_in_bytes": "100663296", "pids/pids.max": "70"} {
		if out := strings.TrimSpace(d.ok(t, "exec", name, "/bin/busybox", "cat", "/sys/fs/cgroup/"+file)); out != want {
			t.Errorf("after docker update: %s is %q, want %s", file, out, want)
		}
	}
	d.ok(t, "pause", name)
	if st := d.status(t, name); st != "paused" {
		t.Errorf("after pause: %s", st)
	}
	d.ok(t, "unpause", name)
	if st := d.status(t, name); st != "running" {
		t.Errorf("after unpause: %s", st)
	}
	if out := d.ok(t, "top", name); !strings.Contains(out, "sleep 300") {
		t.Errorf("top:\n%s", out)
	}
	before := d.pid(t, name)
	d.ok(t, "restart", "-t", "5", name)
	if st, pid := d.status(t, name), d.pid(t, name); st != "running" || pid == before {
		t.Errorf("after restart: %s, pid %s (was %s)", st, pid, before)
	}
	d.ok(t, "kill", name)
	if st, code := d.status(t, name), d.inspect(t, name, "{{.State.ExitCode}}"); st != "exited" || code != "137" {
		t.Errorf("after kill: %s, exit code %s; want exited, 137 (SIGKILL)", st, code)
	}
	d.ok(t, "start", name)
	d.ok(t, "stop", "-t", "5", name)
	if st := d.status(t, name); st != "exited" {
		t.Errorf("after stop: %s", st)
	}
	d.ok(t, "rm", name)
}

// withEnv is argv prefixed by env(1) with the client's configuration, for
// clients started on a terminal.
func (d *docker) withEnv(args []string) []string {
	return append(append([]string{"env"}, d.env...), d.argv(args...)...)
}

func (d *docker) inspect(t *testing.T, name, format string) string {
	t.Helper()
	return strings.TrimSpace(d.ok(t, "inspect", "--format", format, name))
}

func (d *docker) status(t *testing.T, name string) string {
	return d.inspect(t, name, "{{.State.Status}}")
}
func (d *docker) pid(t *testing.T, name string) string { return d.inspect(t, name, "{{.State.Pid}}") }
