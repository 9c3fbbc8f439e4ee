package security

import "errors"

// ErrUnknownCap is returned (wrapped) for a capability name cell does not
// know.
var ErrUnknownCap = errors.New("unknown capability")

// ErrUnknownRlimit is returned (wrapped) for an unknown rlimit type.
var ErrUnknownRlimit = errors.New("unknown rlimit")
