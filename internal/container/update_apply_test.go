package container

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/internal/cgroups"
	"github.com/cell-runtime/cell/internal/store"
)

// recordingCgroup is a cgroups.Manager whose Set records what it was given
// and fails on call number failAt (1-based; 0 never).
type recordingCgroup struct {
	cgroups.Manager
	sets   []string
	failAt int
}

func (r *recordingCgroup) Set(res *specs.LinuxResources) error {
	b, _ := json.Marshal(res)
	r.sets = append(r.sets, string(b))
	if len(r.sets) == r.failAt {
		return errors.New("kernel says no")
	}
	return nil
}

func (r *recordingCgroup) Paths() map[string]string { return map[string]string{"pids": "/x"} }

// updatable is a running container with 64-byte memory and 32 pids limits
// whose cgroup is cg, saved in a temporary store.
func updatable(t *testing.T, cg cgroups.Manager) *Container {
	t.Helper()
	st := store.Store{Root: t.TempDir()}
	lock, err := st.Create("u")
	if err != nil {
		t.Fatal(err)
	}
	lock.Unlock()
	c := &Container{store: st, cg: cg, State: State{ID: "u", Status: Running, Spec: &specs.Spec{Linux: &specs.Linux{
		Resources: &specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: ptr(int64(64))}, Pids: &specs.LinuxPids{Limit: ptr(int64(32))}},
	}}}}
	if err := c.save(); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestUpdateRestoresWrittenPartsOnFailure(t *testing.T) {
	cg := &recordingCgroup{failAt: 3}
	c := updatable(t, cg)
	r := &specs.LinuxResources{
		Memory: &specs.LinuxMemory{Limit: ptr(int64(128)), CheckBeforeUpdate: ptr(false)},
		Pids:   &specs.LinuxPids{Limit: ptr(int64(48))},
		CPU:    &specs.LinuxCPU{Quota: ptr(int64(5000))},
	}
	if err := c.Update(r); err == nil {
		t.Fatal("Update succeeded though the cpu part failed")
	}
	want := []string{
		`{"memory":{"limit":128,"checkBeforeUpdate":false}}`,
		`{"pids":{"limit":48}}`,
		`{"cpu":{"quota":5000}}`,
		`{"cpu":{"quota":-1,"period":100000}}`, // back to the kernel's defaults
		`{"pids":{"limit":32}}`,
		`{"memory":{"limit":64}}`,
	}
	if !reflect.DeepEqual(cg.sets, want) {
		t.Errorf("Set calls:\n got %q\nwant %q", cg.sets, want)
	}
	var saved State
	if err := c.store.Load("u", &saved); err != nil {
		t.Fatal(err)
	}
	if *saved.Spec.Linux.Resources.Pids.Limit != 32 || saved.Spec.Linux.Resources.CPU != nil {
		t.Errorf("a failed update changed the saved state: %s", jsonOf(saved.Spec.Linux.Resources))
	}
}

func TestUpdateSavesMergedResources(t *testing.T) {
	cg := &recordingCgroup{}
	c := updatable(t, cg)
	if err := c.Update(&specs.LinuxResources{Pids: &specs.LinuxPids{Limit: ptr(int64(48))}}); err != nil {
		t.Fatal(err)
	}
	var saved State
	if err := c.store.Load("u", &saved); err != nil {
		t.Fatal(err)
	}
	if got := jsonOf(saved.Spec.Linux.Resources); got != `{"memory":{"limit":64},"pids":{"limit":48}}` {
		t.Errorf("saved resources %s", got)
	}
	if len(cg.sets) != 1 {
		t.Errorf("Set calls %q, want only the pids part", cg.sets)
	}
}

func TestUpdateRefusesStoppedContainer(t *testing.T) {
	c := updatable(t, &recordingCgroup{})
	c.State.Status = Stopped
	if err := c.Update(&specs.LinuxResources{}); err == nil {
		t.Error("updated a stopped container")
	}
}
