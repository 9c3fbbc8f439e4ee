package people

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cell-runtime/cell/internal/network"
)

// minimalPasswd and minimalGroup are the accounts of the default root
// filesystem.
const (
	minimalPasswd = "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
	minimalGroup  = "root:x:0:\ntty:x:5:\nnogroup:x:65534:\n"
)

// netFiles are the /etc files cell writes for every container (a
// ROOTFS's or image's own are covered by binds of these).
var netFiles = []string{"hostname", "hosts", "resolv.conf"}

// writeEtc writes the default root filesystem's /etc: accounts, the
// network files and the host's os-release.
func writeEtc(rootfs, hostname string, hostNet bool) error {
	files := map[string]string{"passwd": minimalPasswd, "group": minimalGroup}
	if b, err := os.ReadFile("/etc/os-release"); err == nil {
		files["os-release"] = string(b)
	}
	if err := writeFiles(filepath.Join(rootfs, "etc"), files); err != nil {
		return err
	}
	return writeNetFiles(filepath.Join(rootfs, "etc"), hostname, hostNet)
}

// writeNetFiles writes hostname, hosts and resolv.conf (the host's, without
// loopback servers unless the container shares the host's network) in dir.
func writeNetFiles(dir, hostname string, hostNet bool) error {
	resolv, err := resolvConf(hostNet)
	if err != nil {
		return err
	}
	return writeFiles(dir, map[string]string{
		"hostname":    hostname + "\n",
		"hosts":       network.Hosts(hostname, nil),
		"resolv.conf": resolv,
	})
}

func writeFiles(dir string, files map[string]string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write /etc: %w", err)
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			return fmt.Errorf("write /etc/%s: %w", name, err)
		}
	}
	return nil
}

func resolvConf(hostNet bool) (string, error) {
	if hostNet {
		b, err := os.ReadFile("/etc/resolv.conf")
		if errors.Is(err, os.ErrNotExist) {
			return "", nil
		}
		return string(b), err
	}
	s, err := network.ResolvConf("/etc/resolv.conf")
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	return s, err
}
