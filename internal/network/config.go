package network

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"

	json "github.com/go-json-experiment/json/v1"
)

// DefaultNetwork is the network `bridge` means; it is created on first use.
const DefaultNetwork = "cell"

// Default bridge and subnet of DefaultNetwork.
const (
	DefaultBridge = "cell0"
	DefaultSubnet = "10.89.0.0/24"
)

// ErrNoNetwork is returned for a network name that was never created.
var ErrNoNetwork = errors.New("no such network")

// Network is a named bridge network.
type Network struct {
	Name   string `json:"name"`
	Bridge string `json:"bridge"`
	Subnet string `json:"subnet"`
}

// validName accepts 1 to 64 of [a-zA-Z0-9_.-], not starting with one of
// "_.-". (Written out: the equivalent regexp cost every cell process, also
// those that never touch a network, most of a millisecond to compile.)
func validName(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i, c := range []byte(s) {
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if !alnum && (i == 0 || c != '_' && c != '.' && c != '-') {
			return false
		}
	}
	return true
}

// bridgeFor names a network's bridge: "cell-" and the name, cut to 15 bytes.
func bridgeFor(name string) string {
	b := "cell-" + name
	if len(b) > 15 {
		b = b[:15]
	}
	return b
}

func (m *Manager) networkFile(name string) string {
	return filepath.Join(m.Root, "networks", name+".json")
}

func (m *Manager) readNetwork(name string) (Network, error) {
	var n Network
	data, err := os.ReadFile(m.networkFile(name))
	if errors.Is(err, os.ErrNotExist) {
		return n, fmt.Errorf("network %q: %w", name, ErrNoNetwork)
	}
	if err == nil {
		err = json.Unmarshal(data, &n)
	}
	if err != nil {
		return n, fmt.Errorf("network %q: %w", name, err)
	}
	return n, nil
}

func (m *Manager) listNetworks() ([]Network, error) {
	files, err := filepath.Glob(filepath.Join(m.Root, "networks", "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []Network
	for _, f := range files {
		n, err := m.readNetwork(strings.TrimSuffix(filepath.Base(f), ".json"))
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

func checkSubnet(cidr string) (*net.IPNet, error) {
	ip, n, err := net.ParseCIDR(cidr)
	if err != nil || ip.To4() == nil || !ip.Equal(n.IP) {
		return nil, fmt.Errorf("subnet %q: want an IPv4 network address with prefix, like 10.90.0.0/24", cidr)
	}
	return n, nil
}
