package security

import "errors"

// ErrUnknownCap is returned (wrapped) for a capability name cell does not
// know.
var ErrUnknownCap = errors.New("unknown capability")

// ErrUnknownRlimit is returned (wrapped) for an unknown rlimit type.
var ErrUnknownRlimit = errors.New("unknown rlimit")

// ErrNoLSM is returned (wrapped) when a process asks for an AppArmor
// profile or SELinux label and the host does not run that module.
var ErrNoLSM = errors.New("not enabled on this host")
