package integration

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

// TestHooksRunInOrder records each hook stage in a log file: the host's for
// the stages that run in the runtime's namespaces (and createContainer,
// which runs before pivot_root), the rootfs's for startContainer, which
// resolves inside the container.
func TestHooksRunInOrder(t *testing.T) {
	if _, err := os.Stat(testrootfs.HostBusybox); err != nil {
		t.Skip("needs busybox-static for a shell inside the container")
	}
	e := newEnv(t)
	log := filepath.Join(t.TempDir(), "hooks.log")
	hook := func(stage, file string) specs.Hook {
		return specs.Hook{Path: "/bin/sh", Args: []string{"sh", "-c", "echo " + stage + " >> " + file}}
	}
	b := testrootfs.Bundle(t, func(s *specs.Spec) {
		s.Root.Readonly = false
		s.Process.Args = []string{"/bin/payload", "true"}
		s.Hooks = &specs.Hooks{
			CreateRuntime:   []specs.Hook{hook("createRuntime", log)},
			CreateContainer: []specs.Hook{hook("createContainer", log)},
			StartContainer:  []specs.Hook{hook("startContainer", "/tmp/hooks.log")},
			Poststart:       []specs.Hook{hook("poststart", log)},
			Poststop:        []specs.Hook{hook("poststop", log)},
		}
	})
	e.ok("run", "-b", b, "hooks")
	got, _ := os.ReadFile(log)
	want := "createRuntime\ncreateContainer\npoststart\npoststop\n"
	if string(got) != want {
		t.Errorf("host hooks ran as %q, want %q", got, want)
	}
	inside, _ := os.ReadFile(filepath.Join(b, "rootfs", "tmp", "hooks.log"))
	if strings.TrimSpace(string(inside)) != "startContainer" {
		t.Errorf("startContainer hook inside: %q", inside)
	}
}

func TestFailingHookFailsCreate(t *testing.T) {
	e := newEnv(t)
	b := testrootfs.Bundle(t, func(s *specs.Spec) {
		s.Hooks = &specs.Hooks{CreateRuntime: []specs.Hook{{Path: "/bin/false"}}}
	})
	_, errs, code := e.cell("create", "-b", b, "badhook")
	if code == 0 || !strings.Contains(errs, "createRuntime hook") {
		t.Fatalf("exit %d, %q: want a createRuntime hook error", code, errs)
	}
	assertGone(t, e, "badhook")
}
