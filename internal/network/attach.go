package network

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"

	"github.com/cell-runtime/cell/internal/network/nat"
	"github.com/cell-runtime/cell/internal/network/netns"
)

// AttachOptions say how Attach networks container ID.
type AttachOptions struct {
	// ID is the container id; it names the namespace file, the lease and
	// the endpoint.
	ID string
	// Network is the network's name; "" and "bridge" mean DefaultNetwork,
	// which is created on first use.
	Network string
	// Ports are published on every local address of the host, the
	// loopback included (parse -p values with ParsePort); their IP is
	// filled in.
	Ports []nat.Port
	// Hostname is the container's name in /etc/hosts; "" means ID.
	Hostname string
	// ResolvConf is the host file /etc/resolv.conf is derived from; ""
	// means /etc/resolv.conf.
	ResolvConf string
}

// Attachment is what a container networked by Attach needs in its spec and
// root filesystem.
type Attachment struct {
	// NetnsPath is the container's network namespace: the path to put in
	// the spec's linux.namespaces entry of type network.
	NetnsPath string `json:"netnsPath"`
	Network   string `json:"network"`
	IP        net.IP `json:"ip"`
	PrefixLen int    `json:"prefixLen"`
	Gateway   net.IP `json:"gateway"`
	// HostVeth is the host end of the container's veth (the run.cell.veth
	// annotation, and the interface InterfaceStats reads).
	HostVeth string `json:"hostVeth"`
	// Hosts and ResolvConf are the contents for /etc/hosts and
	// /etc/resolv.conf inside the container.
	Hosts      string `json:"hosts"`
	ResolvConf string `json:"resolvConf"`
}

// NetnsPath returns the namespace file Attach makes for container id:
// Root/netns/ID, a bind mount of the namespace. It lives under the
// manager's root rather than in /run/netns so that containers of different
// cell roots cannot collide and `ip netns list` is not filled with them;
// `cell nsenter --target ID` enters it.
func (m *Manager) NetnsPath(id string) string { return filepath.Join(m.Root, "netns", id) }

// Attach gives container o.ID a network before it is created: a new
// network namespace bound to NetnsPath(o.ID), joined to the bridge network
// by a veth whose inside end is eth0, with an address leased from the
// network's IPAM store, a default route via the bridge, loopback up and
// o.Ports published. On failure nothing is left behind. Detach undoes it.
func (m *Manager) Attach(o AttachOptions) (*Attachment, error) {
	if !validName(o.ID) {
		return nil, fmt.Errorf("network attach: invalid id %q", o.ID)
	}
	if o.Network == "" || o.Network == "bridge" {
		o.Network = DefaultNetwork
	}
	if o.ResolvConf == "" {
		o.ResolvConf = "/etc/resolv.conf"
	}
	if o.Hostname == "" {
		o.Hostname = o.ID
	}
	resolv, err := ResolvConf(o.ResolvConf)
	if err != nil {
		return nil, fmt.Errorf("network attach %s: %w", o.ID, err)
	}
	var a *Attachment
	err = m.locked(func() error {
		ep, err := m.attach(o)
		if err == nil {
			a = &Attachment{NetnsPath: ep.NetnsPath, Network: ep.Network, IP: ep.IP, PrefixLen: ep.PrefixLen,
				Gateway: ep.Gateway, HostVeth: ep.HostVeth, Hosts: Hosts(o.Hostname, ep.IP), ResolvConf: resolv}
		}
		return err
	})
	return a, err
}

func (m *Manager) attach(o AttachOptions) (*Endpoint, error) {
	path := m.NetnsPath(o.ID)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("network attach %s: %w", o.ID, err)
	}
	if err := netns.AddAt(path); err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("network attach %s: already attached", o.ID)
		}
		return nil, fmt.Errorf("network attach %s: new namespace: %w", o.ID, err)
	}
	ep, err := m.connect(o.Network, o.ID, path, o.Ports)
	if err != nil {
		_ = netns.DeleteAt(path)
		return nil, fmt.Errorf("network attach %s: %w", o.ID, err)
	}
	return ep, nil
}

// Detach undoes Attach for container id: on every network it removes the
// veth, the endpoint, the published ports and the lease, then the
// namespace file. It also clears what an Attach interrupted half-way left,
// and detaching an id that holds nothing is no error. Run it in the network
// namespace Attach ran in.
func (m *Manager) Detach(id string) error {
	if !validName(id) {
		return fmt.Errorf("network detach: invalid id %q", id)
	}
	return m.locked(func() error {
		nets, err := m.listNetworks()
		if err != nil {
			return fmt.Errorf("network detach %s: %w", id, err)
		}
		for _, n := range nets {
			if err := m.disconnect(n, id); err != nil {
				return fmt.Errorf("network detach %s: %w", id, err)
			}
		}
		if err := m.syncRules(); err != nil {
			return fmt.Errorf("network detach %s: %w", id, err)
		}
		if err := netns.DeleteAt(m.NetnsPath(id)); err != nil {
			return fmt.Errorf("network detach %s: %w", id, err)
		}
		return nil
	})
}
