package spec

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseUser parses a numeric user as given to `exec -u`: "UID" or
// "UID:GID", each a decimal number that fits in 32 bits. A missing GID is
// 0. Names are not accepted: they would have to be looked up in the
// container's /etc/passwd, which the host must not read.
func ParseUser(s string) (uid, gid uint32, err error) {
	u, g, hasGID := strings.Cut(s, ":")
	if uid, err = parseID(u); err != nil {
		return 0, 0, fmt.Errorf("%q: want UID or UID:GID in numbers", s)
	}
	if hasGID {
		if gid, err = parseID(g); err != nil {
			return 0, 0, fmt.Errorf("%q: want UID or UID:GID in numbers", s)
		}
	}
	return uid, gid, nil
}

// parseID parses one decimal id: digits only (no sign, no spaces).
func parseID(s string) (uint32, error) {
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, strconv.ErrSyntax
	}
	n, err := strconv.ParseUint(s, 10, 32)
	return uint32(n), err
}
