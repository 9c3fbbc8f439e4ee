// Package initbin carries the slim init binary (cmd/cell-init) inside cell.
//
// `make build` builds cmd/cell-init into this directory as cell-init, with
// its SHA-256 in cell-init.sha256, then builds cell with the build tag
// cellinit, which embeds both. A plain `go build ./cmd/cell` embeds
// nothing: Binary is empty and cell starts its init from itself (`cell
// init`); tests of single packages run that way.
package initbin
