package spec

import (
	"slices"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// NetworkOptions say which network namespace a container gets.
type NetworkOptions struct {
	// Host shares the host's network namespace.
	Host bool
	// Join is a namespace file to join (ns:NAME, container:ID); "" with
	// Host false is a new namespace.
	Join string
}

func setNetwork(s *specs.Spec, o *RunOptions) error {
	n := o.Network
	if n.Host {
		s.Linux.Namespaces = slices.DeleteFunc(s.Linux.Namespaces, func(ns specs.LinuxNamespace) bool {
			return ns.Type == specs.NetworkNamespace
		})
		return nil
	}
	for i, ns := range s.Linux.Namespaces {
		if ns.Type == specs.NetworkNamespace {
			s.Linux.Namespaces[i].Path = n.Join
		}
	}
	return nil
}

// setUserns adds a user namespace with o's maps, when given. The cgroup
// mount stays read-only and /sys is bound from the host when the network
// namespace is the host's (a new user namespace cannot mount sysfs then).
func setUserns(s *specs.Spec, o *RunOptions) error {
	if len(o.UIDMap) == 0 {
		return nil
	}
	s.Linux.Namespaces = append(s.Linux.Namespaces, specs.LinuxNamespace{Type: specs.UserNamespace})
	s.Linux.UIDMappings, s.Linux.GIDMappings = o.UIDMap, o.GIDMap
	if o.Network.Host || o.Network.Join != "" {
		for i, m := range s.Mounts {
			if m.Destination == "/sys" {
				s.Mounts[i] = specs.Mount{Destination: "/sys", Type: "bind", Source: "/sys",
					Options: []string{"rbind", "nosuid", "noexec", "nodev", "ro"}}
			}
		}
	}
	return nil
}
