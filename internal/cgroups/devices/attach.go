package devices

import (
	"errors"
	"fmt"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// Attach compiles rules, loads the program and attaches it to the cgroup
// v2 directory dir with BPF_F_ALLOW_MULTI, then detaches the device
// programs that were there before, so the group is never unguarded.
//
// It uses BPF_PROG_ATTACH rather than a bpf_link (link.AttachCgroup
// prefers links), because a link dies with the cell process that made it
// while the container must stay guarded after cell exits.
func Attach(dir string, rules []specs.LinuxDeviceCgroup) error {
	insns, err := Program(rules)
	if err != nil {
		return err
	}
	prog, err := ebpf.NewProgram(&ebpf.ProgramSpec{
		Type:         ebpf.CGroupDevice,
		License:      "Apache-2.0",
		Instructions: insns,
	})
	if err != nil {
		return fmt.Errorf("load device program: %w", err)
	}
	defer prog.Close()
	fd, err := unix.Open(dir, unix.O_DIRECTORY|unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("open cgroup %s: %w", dir, err)
	}
	defer unix.Close(fd)
	old, err := attached(fd)
	if err != nil {
		return err
	}
	err = link.RawAttachProgram(link.RawAttachProgramOptions{
		Target: fd, Program: prog, Attach: ebpf.AttachCGroupDevice, Flags: unix.BPF_F_ALLOW_MULTI,
	})
	if err != nil {
		return fmt.Errorf("attach device program to %s: %w", dir, err)
	}
	return detach(fd, old)
}

// Detach removes every device program attached directly to dir. A missing
// directory is fine.
func Detach(dir string) error {
	fd, err := unix.Open(dir, unix.O_DIRECTORY|unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if errors.Is(err, unix.ENOENT) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open cgroup %s: %w", dir, err)
	}
	defer unix.Close(fd)
	old, err := attached(fd)
	if err != nil {
		return err
	}
	return detach(fd, old)
}

// Attached counts the device programs attached directly to dir.
func Attached(dir string) (int, error) {
	fd, err := unix.Open(dir, unix.O_DIRECTORY|unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return 0, fmt.Errorf("open cgroup %s: %w", dir, err)
	}
	defer unix.Close(fd)
	ids, err := attached(fd)
	return len(ids), err
}

// attached lists the ids of device programs attached to the cgroup fd.
func attached(fd int) ([]ebpf.ProgramID, error) {
	res, err := link.QueryPrograms(link.QueryOptions{Target: fd, Attach: ebpf.AttachCGroupDevice})
	if err != nil {
		return nil, fmt.Errorf("query device programs: %w", err)
	}
	ids := make([]ebpf.ProgramID, 0, len(res.Programs))
	for _, p := range res.Programs {
		ids = append(ids, p.ID)
	}
	return ids, nil
}

// detach detaches the programs ids from the cgroup fd.
func detach(fd int, ids []ebpf.ProgramID) error {
	for _, id := range ids {
		prog, err := ebpf.NewProgramFromID(id)
		if err != nil {
			return fmt.Errorf("open device program %d: %w", id, err)
		}
		err = link.RawDetachProgram(link.RawDetachProgramOptions{
			Target: fd, Program: prog, Attach: ebpf.AttachCGroupDevice,
		})
		prog.Close()
		if err != nil && !errors.Is(err, unix.ENOENT) {
			return fmt.Errorf("detach device program %d: %w", id, err)
		}
	}
	return nil
}
