package network

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"

	"github.com/cell-runtime/cell/internal/network/ipam"
	"github.com/cell-runtime/cell/internal/network/link"
	json "github.com/go-json-experiment/json/v1"
	"golang.org/x/sys/unix"
)

// Manager keeps networks, leases and endpoints under Root (normally
// <cell root>/network) and owns the nftables table TableName. Every change
// holds an exclusive flock on Root/lock.
type Manager struct {
	Root  string
	Table string // nftables table (ip family); "" means TableName's choice
}

// ErrInUse is returned when removing a network that still has endpoints.
var ErrInUse = errors.New("network has connected containers")

// locked runs fn holding the manager's lock.
func (m *Manager) locked(fn func() error) error {
	if err := os.MkdirAll(m.Root, 0o700); err != nil {
		return fmt.Errorf("network: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(m.Root, "lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("network: %w", err)
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		return fmt.Errorf("network: lock: %w", err)
	}
	return fn()
}

// Create records a network whose bridge is bridge ("" derives one from the
// name). The bridge is made when the first container connects.
func (m *Manager) Create(name, subnet, bridge string) (Network, error) {
	if !validName(name) || name == "none" || name == "host" || name == "bridge" {
		return Network{}, fmt.Errorf("network create %q: invalid name", name)
	}
	sub, err := checkSubnet(subnet)
	if err != nil {
		return Network{}, fmt.Errorf("network create %q: %w", name, err)
	}
	if bridge == "" {
		bridge = bridgeFor(name)
	}
	n := Network{Name: name, Bridge: bridge, Subnet: sub.String()}
	err = m.locked(func() error {
		if err := m.checkNew(n, sub); err != nil {
			return err
		}
		if err := checkHostOverlap(sub); err != nil {
			return fmt.Errorf("network create %q: %w", name, err)
		}
		return m.record(n)
	})
	return n, err
}

// checkNew refuses n when a network of that name exists or another one of
// the root has its bridge or a subnet overlapping sub.
func (m *Manager) checkNew(n Network, sub *net.IPNet) error {
	if _, err := os.Stat(m.networkFile(n.Name)); err == nil {
		return fmt.Errorf("network create %q: already exists", n.Name)
	}
	all, err := m.listNetworks()
	if err != nil {
		return err
	}
	for _, o := range all {
		_, os2, _ := net.ParseCIDR(o.Subnet)
		if o.Bridge == n.Bridge || overlaps(os2, sub) {
			return fmt.Errorf("network create %q: bridge or subnet overlaps network %q", n.Name, o.Name)
		}
	}
	return nil
}

// record writes n's network file.
func (m *Manager) record(n Network) error {
	if err := os.MkdirAll(filepath.Dir(m.networkFile(n.Name)), 0o700); err != nil {
		return err
	}
	data, _ := json.MarshalIndent(n, "", "  ")
	return writeFile(m.networkFile(n.Name), data)
}

// List returns the networks, by name.
func (m *Manager) List() ([]Network, error) { return m.listNetworks() }

// Inspect returns a network and its endpoints.
func (m *Manager) Inspect(name string) (Network, []Endpoint, error) {
	n, err := m.readNetwork(name)
	if err != nil {
		return n, nil, err
	}
	eps, err := m.endpoints(name)
	return n, eps, err
}

// Remove deletes a network without endpoints, its lease file and its
// bridge, unless another root marked the bridge as its own.
func (m *Manager) Remove(name string) error {
	return m.locked(func() error {
		n, eps, err := m.Inspect(name)
		if err != nil {
			return err
		}
		if len(eps) > 0 {
			return fmt.Errorf("network rm %q: %w", name, ErrInUse)
		}
		if err := link.DeleteBridge(n.Bridge, m.owner()); err != nil {
			return err
		}
		os.Remove(m.leaseFile(name))
		os.Remove(m.leaseFile(name) + ".lock")
		os.Remove(filepath.Join(m.Root, "endpoints", name))
		if err := os.Remove(m.networkFile(name)); err != nil {
			return fmt.Errorf("network rm %q: %w", name, err)
		}
		return m.syncRules()
	})
}

func (m *Manager) leaseFile(network string) string {
	return filepath.Join(m.Root, "leases", network+".json")
}

func (m *Manager) ipam(n Network) (*ipam.Store, error) {
	return ipam.Open(m.leaseFile(n.Name), n.Subnet)
}

// network returns the named network, creating the default one on demand
// (see defaultNetwork).
func (m *Manager) network(name string) (Network, error) {
	n, err := m.readNetwork(name)
	if !errors.Is(err, ErrNoNetwork) || name != DefaultNetwork {
		return n, err
	}
	n, sub, err := m.defaultNetwork()
	if err == nil {
		err = m.checkNew(n, sub)
	}
	if err == nil {
		err = m.record(n)
	}
	return n, err
}

func writeFile(path string, data []byte) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	return err
}
