package network

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"strings"

	"github.com/cell-runtime/cell/internal/network/link"
	"github.com/cell-runtime/cell/internal/network/netns"
	"github.com/vishvananda/netlink"
)

// Hosts returns /etc/hosts content for a container named hostname with
// address ip (nil for none).
func Hosts(hostname string, ip net.IP) string {
	var b strings.Builder
	b.WriteString("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n")
	if ip != nil {
		fmt.Fprintf(&b, "%s\t%s\n", ip, hostname)
	} else if hostname != "" {
		fmt.Fprintf(&b, "127.0.1.1\t%s\n", hostname)
	}
	return b.String()
}

// ResolvConf returns /etc/resolv.conf content for a container with its own
// network namespace: the host's file (path) without loopback name servers,
// which would be the container's own loopback; when none is left, public
// resolvers are not invented and the result has no nameserver line.
func ResolvConf(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("resolv.conf: %w", err)
	}
	defer f.Close()
	var b strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && fields[0] == "nameserver" {
			if ip := net.ParseIP(fields[1]); ip != nil && ip.IsLoopback() {
				continue
			}
		}
		b.WriteString(sc.Text() + "\n")
	}
	return b.String(), sc.Err()
}

// SetupNone sets the loopback up in the namespace at path, which is all
// `--net none` needs.
func SetupNone(path string) error {
	return netns.Do(path, link.LoopbackUp)
}

// ContainerIP returns the IPv4 address of eth0 in the namespace at path.
func ContainerIP(path string) (net.IP, error) {
	var ip net.IP
	err := netns.Do(path, func() error {
		l, err := netlink.LinkByName("eth0")
		if err != nil {
			return err
		}
		addrs, err := netlink.AddrList(l, netlink.FAMILY_V4)
		if err != nil || len(addrs) == 0 {
			return fmt.Errorf("no address: %v", err)
		}
		ip = addrs[0].IP
		return nil
	})
	return ip, err
}
