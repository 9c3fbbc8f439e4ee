package people

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
)

// SlirpNet is the --net value for a private network through slirp4netns,
// the one a user other than root can have.
const SlirpNet = "slirp4netns"

// slirpResolv is the resolv.conf of a container on slirp4netns: its DNS
// forwarder.
const slirpResolv = "nameserver 10.0.2.3\n"

// slirp is a slirp4netns process that gives a container's network
// namespace a tap0 on a user-mode network (10.0.2.100/24, gateway
// 10.0.2.2, DNS 10.0.2.3, the host's loopback not reachable). It ends when
// the write end of its exit pipe closes: cell run holds it for a
// foreground container, the log relay for a detached one.
type slirp struct{ exitR, exitW *os.File }

func newSlirp() (*slirp, error) {
	if _, err := exec.LookPath("slirp4netns"); err != nil {
		return nil, errors.New("--net slirp4netns: slirp4netns is not installed (Debian package slirp4netns)")
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("--net slirp4netns: %w", err)
	}
	return &slirp{exitR: r, exitW: w}, nil
}

// start runs slirp4netns on the network namespace of pid, the container's
// init, and waits until tap0 is up.
func (s *slirp) start(pid int) error {
	ready, readyW, err := os.Pipe()
	if err != nil {
		return fmt.Errorf("--net slirp4netns: %w", err)
	}
	defer ready.Close()
	cmd := exec.Command("slirp4netns", "--configure", "--mtu=65520", "--disable-host-loopback",
		"--exit-fd=3", "--ready-fd=4", strconv.Itoa(pid), "tap0")
	cmd.ExtraFiles = []*os.File{s.exitR, readyW}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	err = cmd.Start()
	readyW.Close()
	s.exitR.Close()
	if err != nil {
		return fmt.Errorf("--net slirp4netns: %w", err)
	}
	go func() { _ = cmd.Wait() }()
	if n, _ := ready.Read(make([]byte, 1)); n != 1 {
		return errors.New("--net slirp4netns: slirp4netns exited before tap0 was up")
	}
	return nil
}

// close ends slirp4netns, or lets the last other holder of the exit pipe
// end it.
func (s *slirp) close() {
	if s != nil {
		s.exitR.Close()
		s.exitW.Close()
	}
}
