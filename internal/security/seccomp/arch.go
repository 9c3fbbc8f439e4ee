package seccomp

import (
	"fmt"
	"sync"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// abi is one x86 system call ABI the filter can handle.
type abi struct {
	arch specs.Arch
	// table maps syscall names to numbers. It is built on first use:
	// as package-level map literals the three tables cost ~230,000
	// instructions in every cell process, most of which never compile a
	// filter (start, state, delete, an init without seccomp).
	table func() map[string]uint32
	// wide is true when arguments are 64 bits; on i386 only the low
	// 32 bits of each argument (and of each rule value) are compared.
	wide bool
}

var (
	abiX86_64 = &abi{arch: specs.ArchX86_64, table: sync.OnceValue(syscallsX86_64), wide: true}
	abiX86    = &abi{arch: specs.ArchX86, table: sync.OnceValue(syscallsX86)}
	abiX32    = &abi{arch: specs.ArchX32, table: sync.OnceValue(syscallsX32), wide: true}
)

// foreignArches are the architectures runtime-spec knows that an x86_64
// kernel never reports; they are accepted and ignored.
var foreignArches = map[specs.Arch]bool{
	specs.ArchARM: true, specs.ArchAARCH64: true, specs.ArchMIPS: true,
	specs.ArchMIPS64: true, specs.ArchMIPS64N32: true, specs.ArchMIPSEL: true,
	specs.ArchMIPSEL64: true, specs.ArchMIPSEL64N32: true, specs.ArchPPC: true,
	specs.ArchPPC64: true, specs.ArchPPC64LE: true, specs.ArchS390: true,
	specs.ArchS390X: true, specs.ArchPARISC: true, specs.ArchPARISC64: true,
	specs.ArchRISCV64: true, specs.ArchLOONGARCH64: true, specs.ArchM68K: true,
	specs.ArchSH: true, specs.ArchSHEB: true,
}

// abiSet is the set of x86 ABIs a spec enables.
type abiSet struct {
	x86_64, x86, x32 bool
	ignored          []specs.Arch
}

// parseArches reads spec.architectures. The native ABI (x86_64) is always
// enabled, as with libseccomp-based runtimes, whose filters start with the
// native architecture; the list adds i386 and x32.
func parseArches(list []specs.Arch) (abiSet, error) {
	s := abiSet{x86_64: true}
	for _, a := range list {
		switch {
		case a == specs.ArchX86_64:
			s.x86_64 = true
		case a == specs.ArchX86:
			s.x86 = true
		case a == specs.ArchX32:
			s.x32 = true
		case foreignArches[a]:
			s.ignored = append(s.ignored, a)
		default:
			return s, fmt.Errorf("unknown architecture %q", a)
		}
	}
	return s, nil
}

// enabled returns the enabled ABIs in a fixed order.
func (s abiSet) enabled() []*abi {
	var out []*abi
	if s.x86_64 {
		out = append(out, abiX86_64)
	}
	if s.x32 {
		out = append(out, abiX32)
	}
	if s.x86 {
		out = append(out, abiX86)
	}
	return out
}
