package nstools

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/cell-runtime/cell/internal/nsenter"
	"golang.org/x/sys/unix"
)

// NsenterOptions are the util-linux nsenter options cell supports.
type NsenterOptions struct {
	// Target is the process whose namespaces are joined (-t); 0 means
	// none, and then every namespace needs a File.
	Target int
	// Enter maps a Kind's Letter to the namespace file to join; "" means
	// /proc/Target/ns/<Proc>.
	Enter map[string]string
	// PreserveCredentials keeps uid and gid after joining a user namespace
	// instead of becoming root in it.
	PreserveCredentials bool
	// Argv is the program; empty means $SHELL or /bin/sh.
	Argv []string
}

// joins turns the options into the namespaces to join, in Kinds order.
func (o NsenterOptions) joins() ([]nsenter.Join, error) {
	var joins []nsenter.Join
	for _, k := range Kinds {
		file, ok := o.Enter[k.Letter]
		if !ok {
			continue
		}
		if file == "" {
			if o.Target <= 0 {
				return nil, fmt.Errorf("neither filename nor target pid supplied for ns/%s", k.Proc)
			}
			file = fmt.Sprintf("/proc/%d/ns/%s", o.Target, k.Proc)
		}
		joins = append(joins, nsenter.Join{Type: k.Proc, Path: file})
	}
	if len(joins) == 0 {
		return nil, fmt.Errorf("no namespace specified")
	}
	return joins, nil
}

// Nsenter runs o.Argv in the namespaces o names, by re-executing self with
// package nsenter's constructor, waits for it and returns its exit status.
// Joining a pid or time namespace forks once more, as util-linux does.
func Nsenter(self string, o NsenterOptions, stdio Stdio) (int, error) {
	joins, err := o.joins()
	if err != nil {
		return -1, fmt.Errorf("nsenter: %w", err)
	}
	user := "0"
	if _, ok := o.Enter["U"]; ok && !o.PreserveCredentials {
		user = "1"
	}
	args := append([]string{ChildCommand, "nsenter", user, "--"}, defaultArgv(o.Argv)...)
	cmd := exec.Command(self, args...)
	cmd.Args[0] = "cell"
	stdio.apply(cmd)
	if !nsenter.NeedsFork(joins) {
		cmd.Env = append(os.Environ(), nsenter.Env(joins, -1)...)
		if err := cmd.Start(); err != nil {
			return -1, fmt.Errorf("nsenter: %w", err)
		}
		return exitStatus(cmd.Wait())
	}
	return runForked(cmd, joins)
}

// runForked starts cmd, whose constructor forks the process that runs on
// (a child of ours thanks to CLONE_PARENT) and reports its pid on a pipe.
func runForked(cmd *exec.Cmd, joins []nsenter.Join) (int, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return -1, fmt.Errorf("nsenter: %w", err)
	}
	defer r.Close()
	cmd.ExtraFiles = []*os.File{w}
	cmd.Env = append(os.Environ(), nsenter.Env(joins, 3)...)
	err = cmd.Start()
	w.Close()
	if err != nil {
		return -1, fmt.Errorf("nsenter: %w", err)
	}
	line, _ := bufio.NewReader(r).ReadString('\n')
	if werr := cmd.Wait(); werr != nil {
		return exitStatus(werr)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		return -1, fmt.Errorf("nsenter: read forked pid: %q", line)
	}
	var ws unix.WaitStatus
	for {
		_, err = unix.Wait4(pid, &ws, 0, nil)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return -1, fmt.Errorf("nsenter: wait for %d: %w", pid, err)
	}
	return waitStatus(syscallStatus(ws)), nil
}

// childNsenter runs after the constructor joined the namespaces: args are
// USER -- ARGV, USER "1" meaning take root credentials in the user
// namespace.
func childNsenter(args []string) error {
	if len(args) < 3 || args[1] != "--" {
		return fmt.Errorf("nsenter child: bad arguments %q", args)
	}
	if args[0] == "1" {
		if err := becomeRoot(); err != nil {
			return err
		}
	}
	return execArgv(args[2:])
}

func becomeRoot() error {
	if err := unix.Setgroups(nil); err != nil && err != unix.EPERM {
		return fmt.Errorf("nsenter: setgroups: %w", err)
	}
	if err := unix.Setresgid(0, 0, 0); err != nil {
		return fmt.Errorf("nsenter: setgid 0: %w", err)
	}
	if err := unix.Setresuid(0, 0, 0); err != nil {
		return fmt.Errorf("nsenter: setuid 0: %w", err)
	}
	return nil
}

// AllOf returns an Enter map with every namespace of process target that
// differs from the caller's (util-linux nsenter --all).
func AllOf(target int) map[string]string {
	enter := map[string]string{}
	for _, k := range Kinds {
		theirs, err := os.Readlink(fmt.Sprintf("/proc/%d/ns/%s", target, k.Proc))
		if err != nil {
			continue
		}
		if ours, _ := os.Readlink("/proc/self/ns/" + k.Proc); ours != theirs {
			enter[k.Letter] = ""
		}
	}
	return enter
}
