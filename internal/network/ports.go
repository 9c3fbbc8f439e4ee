package network

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cell-runtime/cell/internal/network/nat"
)

// ParsePort parses HOSTPORT:CONTAINERPORT[/tcp|/udp] (tcp by default).
func ParsePort(s string) (nat.Port, error) {
	p := nat.Port{Proto: "tcp"}
	spec := s
	if i := strings.IndexByte(spec, '/'); i >= 0 {
		p.Proto, spec = spec[i+1:], spec[:i]
	}
	host, ctr, ok := strings.Cut(spec, ":")
	hp, err1 := strconv.ParseUint(host, 10, 16)
	cp, err2 := strconv.ParseUint(ctr, 10, 16)
	if !ok || err1 != nil || err2 != nil || hp == 0 || cp == 0 || (p.Proto != "tcp" && p.Proto != "udp") {
		return nat.Port{}, fmt.Errorf("port %q: want HOSTPORT:CONTAINERPORT[/tcp|udp]", s)
	}
	p.HostPort, p.ContainerPort = uint16(hp), uint16(cp)
	return p, nil
}
