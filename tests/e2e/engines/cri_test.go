package engines

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// criConfig enables containerd's CRI plugin with a runtime handler "cell"
// (the runc shim running the cell binary: what a Kubernetes RuntimeClass
// with handler "cell" selects) and the Debian CNI plugins. The CRI plugin
// asks for oom_score_adj -998 for sandboxes; this host grants no
// CAP_SYS_RESOURCE, so restrict_oom_score_adj keeps requests at or above
// containerd's own. %[1]s is the private directory, %[2]s cell.
const criConfig = `[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "` + pauseImage + `"
  restrict_oom_score_adj = true
  disable_apparmor = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.cell]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.cell.options]
        BinaryName = "%[2]s"
        Root = "%[1]s/cell"
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "%[1]s/cni"
`

// cniConfig is a bridge network on a subnet used only on this machine:
// no gateway (the bridge plugin would turn on the host's IP forwarding)
// and no masquerading (no iptables rules).
const cniConfig = `{
  "cniVersion": "0.4.0",
  "name": "%[2]s",
  "plugins": [{
    "type": "bridge", "bridge": "%[2]s", "isGateway": false, "ipMasq": false,
    "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.213.7.0/24"}]], "dataDir": "%[1]s/ipam"}
  }]
}
`

// cri is a containerd with the CRI plugin, and crictl for it.
type cri struct {
	dir, sock, parent string
}

func (c *cri) crictl(t *testing.T, args ...string) (string, int) {
	t.Helper()
	return run(t, nil, append([]string{"crictl", "--config", filepath.Join(c.dir, "crictl.yaml")}, args...)...)
}

func (c *cri) ok(t *testing.T, args ...string) string {
	t.Helper()
	out, code := c.crictl(t, args...)
	if code != 0 {
		t.Fatalf("crictl %s: exit %d:\n%s", strings.Join(args, " "), code, out)
	}
	return strings.TrimSpace(out)
}

// writeJSON writes v as dir/name and returns the path.
func writeJSON(t *testing.T, dir, name string, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func startCRI(t *testing.T) *cri {
	t.Helper()
	dir := workDir(t, "cri")
	sb := newSandbox(t, dir)
	c := &cri{dir: dir, sock: filepath.Join(dir, "containerd.sock"), parent: filepath.Base(dir)}
	bridge := "ce2e" + c.parent[len(c.parent)-6:] // an interface name has at most 15 bytes
	removeCgroups(t, c.parent)
	cleanCell(t, filepath.Join(dir, "cell"))
	t.Cleanup(func() { removeNetwork(t, bridge) })
	crictlConf := fmt.Sprintf("runtime-endpoint: unix://%[1]s\nimage-endpoint: unix://%[1]s\ntimeout: 30\n", c.sock)
	if err := os.WriteFile(filepath.Join(dir, "crictl.yaml"), []byte(crictlConf), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "cni"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cni", "10-e2e.conflist"), []byte(fmt.Sprintf(cniConfig, dir, bridge)), 0o644); err != nil {
		t.Fatal(err)
	}
	cd := startContainerd(t, sb, dir, fmt.Sprintf(criConfig, dir, cellBin))
	cd.ns = "k8s.io"
	cd.ctrOK(t, "images", "import", imageFile)
	t.Cleanup(func() { c.removePods(t) })
	return c
}

// removePods stops and removes every pod left (and its containers).
func (c *cri) removePods(t *testing.T) {
	pods, code := c.crictl(t, "pods", "-q")
	if code != 0 {
		t.Errorf("crictl pods: %s", pods)
		return
	}
	for _, id := range strings.Fields(pods) {
		t.Errorf("pod %s left; removing it", id)
		c.crictl(t, "stopp", id)
		c.crictl(t, "rmp", "-f", id)
	}
}

// removeNetwork deletes the test's bridge; the pods' network namespaces and
// veths go with their pods.
func removeNetwork(t *testing.T, bridge string) {
	if err := exec.Command("ip", "link", "show", bridge).Run(); err != nil {
		return
	}
	if out, err := exec.Command("ip", "link", "del", bridge).CombinedOutput(); err != nil {
		t.Errorf("ip link del %s: %v %s", bridge, err, out)
	}
}

// TestCRI runs a pod with the runtime handler "cell" through containerd's
// CRI plugin and crictl: the path by which Kubernetes uses a runtime
// through a RuntimeClass.
func TestCRI(t *testing.T) {
	need(t, "containerd", "ctr", "containerd-shim-runc-v2", "crictl", "/usr/lib/cni/bridge", "/usr/lib/cni/host-local", "/usr/lib/cni/loopback")
	c := startCRI(t)
	pod := writeJSON(t, c.dir, "pod.json", map[string]any{
		"metadata":      map[string]any{"name": "eng-cri-pod", "namespace": "default", "uid": "eng-cri-uid", "attempt": 1},
		"log_directory": filepath.Join(c.dir, "logs"),
		"linux":         map[string]any{"cgroup_parent": "/" + c.parent},
	})
	ctr := writeJSON(t, c.dir, "ctr.json", map[string]any{
		"metadata": map[string]any{"name": "eng-cri-c1"},
		"image":    map[string]any{"image": imageName},
		"command":  []string{"/bin/sh", "-c", "echo started; exec /bin/payload sleep 300"},
		"log_path": "c1.log",
		"linux":    map[string]any{"resources": map[string]any{"memory_limit_in_bytes": 67108864}},
	})
	podID := c.ok(t, "runp", "--runtime", "cell", pod)
	var insp struct {
		Status struct {
			State   string
			Network struct{ IP string }
		}
	}
	if err := json.Unmarshal([]byte(c.ok(t, "inspectp", podID)), &insp); err != nil {
		t.Fatal(err)
	}
	if insp.Status.State != "SANDBOX_READY" || !strings.HasPrefix(insp.Status.Network.IP, "10.213.7.") {
		t.Errorf("pod %+v; want ready with an address in 10.213.7.0/24", insp.Status)
	}
	cid := c.ok(t, "create", podID, ctr, pod)
	c.ok(t, "start", cid)
	for _, id := range []string{podID, cid} {
		ranByCell(t, filepath.Join(c.dir, "cell", "k8s.io"), id)
	}
	if out := c.ok(t, "exec", "-s", cid, "/bin/payload", "echo", "in exec"); !strings.Contains(out, "in exec") {
		t.Errorf("exec output %q", out)
	}
	if out := c.ok(t, "exec", "-s", cid, "/bin/busybox", "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes"); out != "67108864" {
		t.Errorf("memory limit seen inside: %q", out)
	}
	if out := c.ok(t, "exec", "-s", cid, "/bin/busybox", "ip", "-4", "-o", "addr", "show", "eth0"); !strings.Contains(out, insp.Status.Network.IP+"/") {
		t.Errorf("the container does not share the pod's network: %q", out)
	}
	if out := c.ok(t, "stats", "-o", "json", cid); !strings.Contains(out, "workingSetBytes") {
		t.Errorf("stats:\n%s", out)
	}
	if out := c.ok(t, "logs", cid); !strings.Contains(out, "started") {
		t.Errorf("logs: %q", out)
	}
	if out := withPty(t, "crictl", "--config", filepath.Join(c.dir, "crictl.yaml"), "exec", "-it", cid, "/bin/payload", "tty"); !strings.Contains(out, `"isatty":true`) {
		t.Errorf("payload tty under crictl exec -it (kubectl exec -it): %q", out)
	}
	c.ok(t, "update", "--memory", "100663296", cid)
	if out := c.ok(t, "exec", "-s", cid, "/bin/busybox", "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes"); out != "100663296" {
		t.Errorf("memory limit after crictl update: %q", out)
	}
	c.ok(t, "stop", "--timeout", "5", cid)
	if out := c.ok(t, "inspect", "-o", "go-template", "--template", "{{.status.state}}", cid); out != "CONTAINER_EXITED" {
		t.Errorf("after stop: %s", out)
	}
	c.ok(t, "rm", cid)
	c.ok(t, "stopp", podID)
	c.ok(t, "rmp", podID)
	if ents, _ := os.ReadDir(filepath.Join(c.dir, "cell", "k8s.io")); len(ents) != 0 {
		t.Errorf("cell state left after the pod's removal: %v", ents)
	}
}
