package network

import (
	"fmt"
	"hash/fnv"
	"path/filepath"
)

// defaultRoot is the manager's Root under cell's default state root.
const defaultRoot = "/run/cell/network"

// TableName is the nftables table the manager owns: Table when set, else
// "cell" for the default root and "cell-" and 8 hex digits of a hash of
// Root for any other. Each manager rewrites its whole table, so cells with
// different state roots on one host need tables of their own.
func (m *Manager) TableName() string {
	if m.Table != "" {
		return m.Table
	}
	if m.isDefaultRoot() {
		return "cell"
	}
	return m.rootTag()
}

// absRoot is Root made absolute and clean.
func (m *Manager) absRoot() string {
	root, err := filepath.Abs(m.Root)
	if err != nil {
		root = filepath.Clean(m.Root)
	}
	return root
}

// owner marks the bridges the manager makes (their alias, see
// link.EnsureBridge): absRoot, or rootTag when too long for an alias.
func (m *Manager) owner() string {
	if r := m.absRoot(); len(r) < 256 {
		return r
	}
	return m.rootTag()
}

func (m *Manager) isDefaultRoot() bool { return m.absRoot() == defaultRoot }

// rootHash is the FNV-1a hash of absRoot, which tells roots apart.
func (m *Manager) rootHash() uint32 {
	h := fnv.New32a()
	h.Write([]byte(m.absRoot()))
	return h.Sum32()
}

// rootTag is "cell-" and 8 hex digits of rootHash: the table and the
// default network's bridge of a root other than the default one.
func (m *Manager) rootTag() string { return fmt.Sprintf("cell-%08x", m.rootHash()) }
