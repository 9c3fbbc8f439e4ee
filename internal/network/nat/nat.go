package nat

import (
	"fmt"
	"net"

	"github.com/google/nftables"
)

// Network is one bridge network.
type Network struct {
	Bridge string
	Subnet *net.IPNet
}

// Port publishes ContainerPort of IP on HostPort of every local address.
type Port struct {
	Proto         string // "tcp" or "udp"
	HostPort      uint16
	IP            net.IP
	ContainerPort uint16
}

// Rules is everything one table should hold.
type Rules struct {
	Networks []Network
	Ports    []Port
}

// Apply makes the ip table name hold exactly r, atomically. An empty r
// deletes the table.
func Apply(name string, r Rules) error {
	c, err := nftables.New()
	if err != nil {
		return fmt.Errorf("nft %s: %w", name, err)
	}
	t := &nftables.Table{Family: nftables.TableFamilyIPv4, Name: name}
	c.AddTable(t) // so that deleting it cannot fail when it is missing
	c.DelTable(t)
	if len(r.Networks) > 0 || len(r.Ports) > 0 {
		c.AddTable(t)
		if err := build(c, t, r); err != nil {
			return fmt.Errorf("nft %s: %w", name, err)
		}
	}
	if err := c.Flush(); err != nil {
		return fmt.Errorf("nft %s: %w", name, err)
	}
	return nil
}

// Delete removes the table name; a missing table is no error.
func Delete(name string) error { return Apply(name, Rules{}) }

func build(c *nftables.Conn, t *nftables.Table, r Rules) error {
	post := natChain(c, t, "postrouting", nftables.ChainHookPostrouting, nftables.ChainPriorityNATSource)
	pre := natChain(c, t, "prerouting", nftables.ChainHookPrerouting, nftables.ChainPriorityNATDest)
	out := natChain(c, t, "output", nftables.ChainHookOutput, nftables.ChainPriorityNATDest)
	fwd := c.AddChain(&nftables.Chain{Name: "forward", Table: t, Type: nftables.ChainTypeFilter,
		Hooknum: nftables.ChainHookForward, Priority: nftables.ChainPriorityFilter})
	for _, n := range r.Networks {
		c.AddRule(&nftables.Rule{Table: t, Chain: post, Exprs: masqueradeOut(n)})
		c.AddRule(&nftables.Rule{Table: t, Chain: post, Exprs: masqueradeLoopback(n.Bridge)})
		for _, other := range r.Networks {
			if other.Bridge != n.Bridge {
				c.AddRule(&nftables.Rule{Table: t, Chain: fwd, Exprs: isolate(n.Bridge, other.Bridge)})
			}
		}
	}
	for _, p := range r.Ports {
		exprs, err := dnat(p)
		if err != nil {
			return err
		}
		c.AddRule(&nftables.Rule{Table: t, Chain: pre, Exprs: exprs})
		c.AddRule(&nftables.Rule{Table: t, Chain: out, Exprs: exprs})
	}
	return nil
}

func natChain(c *nftables.Conn, t *nftables.Table, name string, hook *nftables.ChainHook, prio *nftables.ChainPriority) *nftables.Chain {
	return c.AddChain(&nftables.Chain{Name: name, Table: t, Type: nftables.ChainTypeNAT, Hooknum: hook, Priority: prio})
}
