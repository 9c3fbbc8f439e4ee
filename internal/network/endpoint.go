package network

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cell-runtime/cell/internal/network/link"
	"github.com/cell-runtime/cell/internal/network/nat"
	json "github.com/go-json-experiment/json/v1"
	"github.com/vishvananda/netlink"
)

// Endpoint is a container connected to a bridge network.
type Endpoint struct {
	ID        string     `json:"id"`
	Network   string     `json:"network"`
	HostVeth  string     `json:"hostVeth"`
	NetnsPath string     `json:"netnsPath"`
	IP        net.IP     `json:"ip"`
	PrefixLen int        `json:"prefixLen"`
	Gateway   net.IP     `json:"gateway"`
	Ports     []nat.Port `json:"ports,omitempty"`
}

// vethName derives the host end's name (15 bytes) from the manager's
// root, network and id: the same id on a network of the same name in
// another root gets a veth of its own, which this root never deletes.
func (m *Manager) vethName(network, id string) string {
	sum := sha256.Sum256([]byte(m.absRoot() + "/" + network + "/" + id))
	return "cv" + hex.EncodeToString(sum[:])[:13]
}

func (m *Manager) endpointFile(network, id string) string {
	return filepath.Join(m.Root, "endpoints", network, id+".json")
}

// Connect attaches the namespace at netnsPath to network as container id,
// publishing ports (their IP is filled in). Connecting an id twice is an
// error; on failure nothing is left behind.
func (m *Manager) Connect(network, id, netnsPath string, ports []nat.Port) (*Endpoint, error) {
	if !validName(id) {
		return nil, fmt.Errorf("network connect: invalid id %q", id)
	}
	var ep *Endpoint
	err := m.locked(func() error {
		var err error
		ep, err = m.connect(network, id, netnsPath, ports)
		return err
	})
	return ep, err
}

func (m *Manager) connect(network, id, netnsPath string, ports []nat.Port) (*Endpoint, error) {
	n, err := m.network(network)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(m.endpointFile(n.Name, id)); err == nil {
		return nil, fmt.Errorf("network connect %s: %s is already connected", n.Name, id)
	}
	store, err := m.ipam(n)
	if err != nil {
		return nil, err
	}
	ip, err := store.Allocate(id)
	if err != nil {
		return nil, err
	}
	ones, _ := store.Subnet().Mask.Size()
	ep := &Endpoint{ID: id, Network: n.Name, HostVeth: m.vethName(n.Name, id), NetnsPath: netnsPath,
		IP: ip, PrefixLen: ones, Gateway: store.Gateway()}
	for _, p := range ports {
		p.IP = ip
		ep.Ports = append(ep.Ports, p)
	}
	if err := m.plumb(n, ep); err != nil {
		_ = link.DeleteVeth(ep.HostVeth)
		_ = store.Release(id)
		return nil, err
	}
	return ep, nil
}

// plumb creates the links, records the endpoint and rebuilds the rules.
func (m *Manager) plumb(n Network, ep *Endpoint) error {
	gw := &net.IPNet{IP: ep.Gateway, Mask: net.CIDRMask(ep.PrefixLen, 32)}
	if err := m.bridge(n, gw); err != nil {
		return fmt.Errorf("network %q: %w", n.Name, err)
	}
	addr := &net.IPNet{IP: ep.IP, Mask: net.CIDRMask(ep.PrefixLen, 32)}
	v := link.Veth{Host: ep.HostVeth, Bridge: n.Bridge, NetnsPath: ep.NetnsPath, Addr: addr, Gateway: ep.Gateway}
	if err := link.AddVeth(v); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(m.endpointFile(n.Name, ep.ID)), 0o700); err != nil {
		return err
	}
	data, _ := json.MarshalIndent(ep, "", "  ")
	if err := writeFile(m.endpointFile(n.Name, ep.ID), data); err != nil {
		return err
	}
	if err := m.syncRules(); err != nil {
		os.Remove(m.endpointFile(n.Name, ep.ID))
		_ = m.syncRules()
		return err
	}
	return nil
}

// bridge makes sure n's bridge is up with address gw. Before making it,
// it checks that no host link has an address in n's subnet: another cell
// root's bridge may have taken it since the network was created.
func (m *Manager) bridge(n Network, gw *net.IPNet) error {
	if _, err := netlink.LinkByName(n.Bridge); err != nil {
		if err := checkHostOverlap(&net.IPNet{IP: gw.IP.Mask(gw.Mask), Mask: gw.Mask}); err != nil {
			return err
		}
	}
	return link.EnsureBridge(n.Bridge, gw, m.owner())
}

// Disconnect removes container id from network: its veth, its published
// ports and its lease. A container that is not connected is no error.
func (m *Manager) Disconnect(network, id string) error {
	return m.locked(func() error {
		n, err := m.readNetwork(network)
		if err != nil {
			return err
		}
		if err := m.disconnect(n, id); err != nil {
			return err
		}
		return m.syncRules()
	})
}

// disconnect removes id's veth, endpoint and lease on n, leaving the rules
// to the caller's syncRules.
func (m *Manager) disconnect(n Network, id string) error {
	if err := link.DeleteVeth(m.vethName(n.Name, id)); err != nil {
		return err
	}
	if err := os.Remove(m.endpointFile(n.Name, id)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("network disconnect: %w", err)
	}
	store, err := m.ipam(n)
	if err != nil {
		return err
	}
	return store.Release(id)
}

func (m *Manager) endpoints(network string) ([]Endpoint, error) {
	files, err := filepath.Glob(filepath.Join(m.Root, "endpoints", network, "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	out := []Endpoint{}
	for _, f := range files {
		var ep Endpoint
		data, err := os.ReadFile(f)
		if err == nil {
			err = json.Unmarshal(data, &ep)
		}
		if err != nil {
			return nil, fmt.Errorf("endpoint %s: %w", strings.TrimSuffix(filepath.Base(f), ".json"), err)
		}
		out = append(out, ep)
	}
	return out, nil
}

// syncRules rebuilds the nftables table from every network and endpoint.
func (m *Manager) syncRules() error {
	nets, err := m.listNetworks()
	if err != nil {
		return err
	}
	var r nat.Rules
	for _, n := range nets {
		eps, err := m.endpoints(n.Name)
		if err != nil {
			return err
		}
		if len(eps) == 0 {
			continue // no bridge traffic to handle
		}
		_, sub, _ := net.ParseCIDR(n.Subnet)
		r.Networks = append(r.Networks, nat.Network{Bridge: n.Bridge, Subnet: sub})
		for _, ep := range eps {
			r.Ports = append(r.Ports, ep.Ports...)
		}
	}
	return nat.Apply(m.TableName(), r)
}
