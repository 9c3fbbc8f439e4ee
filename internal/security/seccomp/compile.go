package seccomp

import (
	"fmt"
	"sort"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// Offsets in struct seccomp_data.
const (
	offNr   = 0
	offArch = 4
)

// x32Bit is __X32_SYSCALL_BIT: x32 syscalls enter the kernel as
// AUDIT_ARCH_X86_64 with this bit set in the syscall number.
const x32Bit = 0x40000000

// badArchRet is what a syscall made through an ABI the spec does not list
// gets: the process dies, as with libseccomp's default bad-arch action,
// killing the whole process rather than one thread.
const badArchRet = unix.SECCOMP_RET_KILL_PROCESS

// Result is a compiled filter and what the compiler had to leave out.
type Result struct {
	// Filter is the BPF program; nil when the spec is nil.
	Filter []unix.SockFilter
	// Unknown lists, sorted, the syscall names no enabled ABI knows; they
	// were ignored.
	Unknown []string
	// IgnoredArches lists the non-x86 architectures of the spec.
	IgnoredArches []specs.Arch
	// Notify is true when some rule uses SCMP_ACT_NOTIFY: Load must then
	// be asked for a listener fd.
	Notify bool
}

// Compile compiles s into a BPF program (see CompileReport). A nil s gives
// a nil program and no error: no seccomp.
func Compile(s *specs.LinuxSeccomp) ([]unix.SockFilter, error) {
	r, err := CompileReport(s)
	if err != nil {
		return nil, err
	}
	return r.Filter, nil
}

// CompileReport compiles s and reports ignored names and architectures.
// Rule precedence for one syscall: rules with argument conditions are
// tried first, in spec order, and the first whose conditions all hold
// decides; then the first rule without conditions; then defaultAction.
func CompileReport(s *specs.LinuxSeccomp) (*Result, error) {
	if s == nil {
		return &Result{}, nil
	}
	def, err := actionRet(s.DefaultAction, s.DefaultErrnoRet)
	if err != nil {
		return nil, fmt.Errorf("seccomp defaultAction: %w", err)
	}
	if s.DefaultAction == specs.ActNotify {
		return nil, fmt.Errorf("seccomp defaultAction: %s cannot be the default", specs.ActNotify)
	}
	set, err := parseArches(s.Architectures)
	if err != nil {
		return nil, fmt.Errorf("seccomp architectures: %w", err)
	}
	rules, err := resolveRules(s)
	if err != nil {
		return nil, fmt.Errorf("seccomp %w", err)
	}
	filter, err := emit(set, rules, def)
	if err != nil {
		return nil, fmt.Errorf("seccomp: %w", err)
	}
	return &Result{
		Filter:        filter,
		Unknown:       unknownNames(rules, set.enabled()),
		IgnoredArches: set.ignored,
		Notify:        hasNotify(s),
	}, nil
}

// emit writes the whole program: dispatch on seccomp_data.arch, then one
// section per audit architecture.
func emit(set abiSet, rules []resolvedRule, def uint32) ([]unix.SockFilter, error) {
	p := &program{}
	x86_64, i386 := p.newLabel(), p.newLabel()
	p.load(offArch)
	p.jumpFar(unix.BPF_JEQ, unix.AUDIT_ARCH_X86_64, x86_64, 0)
	if set.x86 {
		p.jumpFar(unix.BPF_JEQ, unix.AUDIT_ARCH_I386, i386, 0)
	}
	p.ret(badArchRet)

	p.bind(x86_64)
	native, x32 := p.newLabel(), p.newLabel()
	p.load(offNr)
	// The kernel treats 0x40000000-0x7fffffff as x32 numbers; above that
	// (including -1) as out-of-range native numbers, which fail ENOSYS.
	p.jumpFar(unix.BPF_JGE, 0x80000000, native, 0)
	p.jumpFar(unix.BPF_JGE, x32Bit, x32, native)
	p.bind(native)
	if err := p.section(abiX86_64, rules, def); err != nil {
		return nil, err
	}
	p.bind(x32)
	if set.x32 {
		if err := p.section(abiX32, rules, def); err != nil {
			return nil, err
		}
	} else {
		p.ret(badArchRet)
	}
	p.bind(i386)
	if set.x86 {
		p.load(offNr)
		if err := p.section(abiX86, rules, def); err != nil {
			return nil, err
		}
	}
	return p.assemble()
}

// unknownNames returns the rule names that none of abis knows.
func unknownNames(rules []resolvedRule, abis []*abi) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range rules {
		for _, n := range r.names {
			if seen[n] || known(n, abis) {
				continue
			}
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

func known(name string, abis []*abi) bool {
	for _, a := range abis {
		if _, ok := a.table()[name]; ok {
			return true
		}
	}
	return false
}

func hasNotify(s *specs.LinuxSeccomp) bool {
	for _, sc := range s.Syscalls {
		if sc.Action == specs.ActNotify {
			return true
		}
	}
	return false
}
