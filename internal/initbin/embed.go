//go:build cellinit

package initbin

import _ "embed"

// Binary is the slim init binary.
//
//go:embed cell-init
var Binary []byte

// Sum is its SHA-256 in hex (and a newline): the name to keep it under, so
// that every build of cell finds its own.
//
//go:embed cell-init.sha256
var Sum string
