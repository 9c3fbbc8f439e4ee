// Package ipam hands out IPv4 addresses of a subnet to owners (container
// ids) and remembers them in a JSON file, so leases survive restarts. Every
// operation holds an exclusive flock on PATH.lock, so several cell processes
// may share one store. The lowest free address is handed out first, so
// released addresses are reused.
//
// It does not configure interfaces; the first host address of the subnet is
// reserved for the gateway (the bridge) and never leased.
package ipam

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"

	json "github.com/go-json-experiment/json/v1"
	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/atomicfile"
)

// ErrFull is returned when every address of the subnet is leased.
var ErrFull = errors.New("no free address in subnet")

// Store is a file-backed allocator for one subnet.
type Store struct {
	path   string
	subnet *net.IPNet
}

// Open returns the store kept in file path for subnet, an IPv4 CIDR of at
// most /30. The file is created on first use.
func Open(path, subnet string) (*Store, error) {
	_, n, err := net.ParseCIDR(subnet)
	if err != nil || n.IP.To4() == nil {
		return nil, fmt.Errorf("ipam: subnet %q: want an IPv4 CIDR", subnet)
	}
	if ones, _ := n.Mask.Size(); ones > 30 {
		return nil, fmt.Errorf("ipam: subnet %q is too small", subnet)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("ipam: %w", err)
	}
	return &Store{path: path, subnet: n}, nil
}

// Gateway returns the subnet's first host address, reserved for the bridge.
func (s *Store) Gateway() net.IP { return s.nth(1) }

// Subnet returns the store's subnet.
func (s *Store) Subnet() *net.IPNet { return s.subnet }

// Allocate leases an address to owner, or returns the one it already holds.
func (s *Store) Allocate(owner string) (net.IP, error) {
	var ip net.IP
	err := s.update(func(l map[string]string) error {
		for a, o := range l {
			if o == owner {
				ip = net.ParseIP(a).To4()
				return nil
			}
		}
		ones, bits := s.subnet.Mask.Size()
		for i := uint32(2); i < 1<<(bits-ones)-1; i++ {
			if _, used := l[s.nth(i).String()]; !used {
				ip = s.nth(i)
				l[ip.String()] = owner
				return nil
			}
		}
		return fmt.Errorf("ipam: %s: %w", s.subnet, ErrFull)
	})
	return ip, err
}

// Release frees the address owner holds; an owner without one is no error.
func (s *Store) Release(owner string) error {
	return s.update(func(l map[string]string) error {
		for a, o := range l {
			if o == owner {
				delete(l, a)
			}
		}
		return nil
	})
}

// Leases returns the current leases, address to owner.
func (s *Store) Leases() (map[string]string, error) {
	var out map[string]string
	err := s.update(func(l map[string]string) error { out = l; return nil })
	return out, err
}

func (s *Store) nth(i uint32) net.IP {
	ip := make(net.IP, 4)
	binary.BigEndian.PutUint32(ip, binary.BigEndian.Uint32(s.subnet.IP.To4())+i)
	return ip
}

// update runs fn on the leases under the lock and writes them back
// atomically (temp file, fsync, rename) when fn succeeds.
func (s *Store) update(fn func(map[string]string) error) error {
	lock, err := os.OpenFile(s.path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("ipam: %w", err)
	}
	defer lock.Close()
	if err := unix.Flock(int(lock.Fd()), unix.LOCK_EX); err != nil {
		return fmt.Errorf("ipam: lock: %w", err)
	}
	leases := map[string]string{}
	data, err := os.ReadFile(s.path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("ipam: %w", err)
	}
	if len(data) > 0 {
		if err := json.Unmarshal(data, &leases); err != nil {
			return fmt.Errorf("ipam: parse %s: %w", s.path, err)
		}
	}
	if err := fn(leases); err != nil {
		return err
	}
	return writeAtomic(s.path, leases)
}

func writeAtomic(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("ipam: %w", err)
	}
	if err := atomicfile.WriteSync(path, data, 0o600); err != nil {
		return fmt.Errorf("ipam: write %s: %w", path, err)
	}
	return nil
}
