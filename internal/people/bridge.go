package people

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cell-runtime/cell/internal/network"
	"github.com/cell-runtime/cell/internal/network/nat"
	"github.com/cell-runtime/cell/internal/spec"
)

// attachBridge gives the container, before it is created, a network
// namespace of its own connected to bridge network name (its veth, lease
// and published ports), joins the spec to it and writes the hosts and
// resolv.conf that go with it. detachBridge undoes all of it.
func attachBridge(root string, o *Options, name string) error {
	ports := make([]nat.Port, 0, len(o.Ports))
	for _, p := range o.Ports {
		port, err := network.ParsePort(p)
		if err != nil {
			return fmt.Errorf("-p %s: %w", p, err)
		}
		ports = append(ports, port)
	}
	att, err := networks(root).Attach(network.AttachOptions{
		ID: o.Spec.ID, Network: name, Ports: ports, Hostname: hostname(o),
	})
	if err != nil {
		return fmt.Errorf("--net %s: %w", o.Net, err)
	}
	o.Spec.Network = spec.NetworkOptions{Join: att.NetnsPath}
	o.veth = att.HostVeth
	return writeFiles(o.etcDir, map[string]string{"hosts": att.Hosts, "resolv.conf": att.ResolvConf})
}

// detachBridge releases container id's bridge network, if it has one. A
// root where no network was ever made has nothing to release (and gets no
// network directory from asking), nor has a user other than root.
func detachBridge(root, id string) error {
	m := networks(root)
	if os.Geteuid() != 0 {
		return nil // rootless: never on a bridge
	}
	if _, err := os.Stat(m.Root); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return m.Detach(id)
}

// networks is the network manager of state root root, the one `cell
// network` uses.
func networks(root string) *network.Manager {
	return &network.Manager{Root: filepath.Join(root, "network")}
}
