package network

import (
	"fmt"
	"strings"

	"github.com/cell-runtime/cell/internal/network/netns"
)

// Kind is how a container is networked.
type Kind int

// The kinds of Mode.
const (
	None      Kind = iota // new namespace with only loopback, up
	Host                  // the host's namespace
	Netns                 // a named namespace in /run/netns (ns:NAME)
	Container             // another container's namespace (container:ID)
	Bridge                // new namespace on a bridge network
)

// Mode is a parsed --net value. Name is the netns name, container id or
// network name, per Kind.
type Mode struct {
	Kind Kind
	Name string
}

// ParseMode parses none, host, ns:NAME, container:ID, bridge (the default
// network) or the name of a network made with `cell network create`.
func ParseMode(s string) (Mode, error) {
	switch {
	case s == "none":
		return Mode{Kind: None}, nil
	case s == "host":
		return Mode{Kind: Host}, nil
	case s == "bridge" || s == "":
		return Mode{Kind: Bridge, Name: DefaultNetwork}, nil
	case strings.HasPrefix(s, "ns:") && len(s) > 3:
		return Mode{Kind: Netns, Name: s[3:]}, nil
	case strings.HasPrefix(s, "container:") && len(s) > 10:
		return Mode{Kind: Container, Name: s[10:]}, nil
	case validName(s):
		return Mode{Kind: Bridge, Name: s}, nil
	}
	return Mode{}, fmt.Errorf("network mode %q: want none, host, ns:NAME, container:ID, bridge or a network name", s)
}

// NewNamespace reports whether the container needs a network namespace of
// its own (none and bridge modes).
func (m Mode) NewNamespace() bool { return m.Kind == None || m.Kind == Bridge }

// JoinPath returns the namespace file a container joins in ns: and
// container: modes, and "" otherwise. pidOf resolves a container id to the
// pid of its init.
func (m Mode) JoinPath(pidOf func(id string) (int, error)) (string, error) {
	switch m.Kind {
	case Netns:
		if !netns.ValidName(m.Name) {
			return "", fmt.Errorf("network mode ns:%s: %w", m.Name, netns.ErrBadName)
		}
		return netns.Path(m.Name), nil
	case Container:
		pid, err := pidOf(m.Name)
		if err != nil {
			return "", fmt.Errorf("network mode container:%s: %w", m.Name, err)
		}
		return fmt.Sprintf("/proc/%d/ns/net", pid), nil
	}
	return "", nil
}
