package people

import (
	"fmt"

	"github.com/cell-runtime/cell/internal/container"
	"github.com/cell-runtime/cell/internal/network"
	"github.com/cell-runtime/cell/internal/spec"
)

// resolveNetwork sets o.Spec.Network from --net: host shares the host's
// namespace, ns:NAME and container:NAME join one, none gets a new one, and
// bridge networks one that attachBridge has connected before create.
func resolveNetwork(root string, o *Options) error {
	if o.Net == "" {
		o.Net = "bridge"
	}
	if o.Net == SlirpNet {
		return useSlirp(o)
	}
	m, err := network.ParseMode(o.Net)
	if err != nil {
		return fmt.Errorf("--net: %w", err)
	}
	if len(o.Ports) > 0 && m.Kind != network.Bridge {
		return fmt.Errorf("-p: publishing ports needs a bridge network, not --net %s", o.Net)
	}
	if m.Kind == network.Bridge {
		return attachBridge(root, o, m.Name)
	}
	path, err := m.JoinPath(func(name string) (int, error) { return runningPid(root, name) })
	if err != nil {
		return fmt.Errorf("--net: %w", err)
	}
	o.Spec.Network = spec.NetworkOptions{Host: m.Kind == network.Host, Join: path}
	return nil
}

func runningPid(root, name string) (int, error) {
	c, err := Find(root, name)
	if err != nil {
		return 0, err
	}
	if s := c.Status(); s != container.Running && s != container.Paused {
		return 0, fmt.Errorf("container %s is %s", name, s)
	}
	return c.Pid, nil
}

// useSlirp gives the container a network namespace of its own that Run
// connects through slirp4netns once the init exists.
func useSlirp(o *Options) error {
	if len(o.Ports) > 0 {
		return fmt.Errorf("-p: publishing ports needs a bridge network, not --net %s", o.Net)
	}
	s, err := newSlirp()
	if err != nil {
		return err
	}
	o.slirp = s
	o.Spec.Network = spec.NetworkOptions{}
	return writeFiles(o.etcDir, map[string]string{"resolv.conf": slirpResolv})
}
