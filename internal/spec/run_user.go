package spec

import (
	"fmt"
	"strconv"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// ParseUser parses uid[:gid] (numbers only: the default root filesystem's
// names are the host's, an image's are resolved by the caller). A missing
// gid is 0, as Docker does for a uid with no passwd entry.
func ParseUser(s string) (specs.User, error) {
	us, gs, hasGid := strings.Cut(s, ":")
	uid, err := strconv.ParseUint(us, 10, 32)
	if err != nil {
		return specs.User{}, fmt.Errorf("user %q: want uid[:gid] as numbers", s)
	}
	var gid uint64
	if hasGid {
		if gid, err = strconv.ParseUint(gs, 10, 32); err != nil {
			return specs.User{}, fmt.Errorf("user %q: want uid[:gid] as numbers", s)
		}
	}
	return specs.User{UID: uint32(uid), GID: uint32(gid)}, nil
}
