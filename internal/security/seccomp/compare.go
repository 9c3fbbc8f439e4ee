package seccomp

import (
	"fmt"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// maxArgs is the number of syscall arguments seccomp_data holds.
const maxArgs = 6

// argLo and argHi are the offsets of an argument's 32-bit halves in
// struct seccomp_data (x86 is little-endian).
func argLo(i uint) uint32 { return 16 + 8*uint32(i) }
func argHi(i uint) uint32 { return 20 + 8*uint32(i) }

// outcomes says where the high-word comparison sends a condition: when the
// argument's high word is greater than (gt) or less than (lt) the value's;
// equal high words go on to the low-word jump lo, which holds when taken
// if loTrue.
type outcomes struct {
	gt, lt bool // true = condition holds
	lo     uint16
	loTrue bool // outcome when the low-word jump is taken
}

// opTable gives, for each ordered operator, the decisions on the high word
// and the low-word jump (unsigned, as the kernel and libseccomp compare).
var opTable = map[specs.LinuxSeccompOperator]outcomes{
	specs.OpEqualTo:      {gt: false, lt: false, lo: unix.BPF_JEQ, loTrue: true},
	specs.OpNotEqual:     {gt: true, lt: true, lo: unix.BPF_JEQ, loTrue: false},
	specs.OpGreaterThan:  {gt: true, lt: false, lo: unix.BPF_JGT, loTrue: true},
	specs.OpGreaterEqual: {gt: true, lt: false, lo: unix.BPF_JGE, loTrue: true},
	specs.OpLessThan:     {gt: false, lt: true, lo: unix.BPF_JGE, loTrue: false},
	specs.OpLessEqual:    {gt: false, lt: true, lo: unix.BPF_JGT, loTrue: false},
}

// pick returns pass when ok, else fail.
func pick(ok bool, pass, fail label) label {
	if ok {
		return pass
	}
	return fail
}

// cond emits the test of one argument condition: it falls through when the
// condition holds and jumps to fail otherwise. Every conditional jump stays
// inside the block; fail is reached through a ja, so it may be far away.
func (p *program) cond(a specs.LinuxSeccompArg, wide bool, fail label) error {
	if a.Index >= maxArgs {
		return fmt.Errorf("argument index %d out of range 0-%d", a.Index, maxArgs-1)
	}
	pass, stub := p.newLabel(), p.newLabel()
	if a.Op == specs.OpMaskedEqual {
		p.maskedEq(a, wide, pass, stub)
	} else {
		o, ok := opTable[a.Op]
		if !ok {
			return fmt.Errorf("unknown operator %q", a.Op)
		}
		p.ordered(a, o, wide, pass, stub)
	}
	p.bind(stub)
	p.ja(fail)
	p.bind(pass)
	return nil
}

// ordered emits EQ, NE, LT, LE, GT and GE.
func (p *program) ordered(a specs.LinuxSeccompArg, o outcomes, wide bool, pass, fail label) {
	if wide {
		hi := uint32(a.Value >> 32)
		p.load(argHi(a.Index))
		p.jump(unix.BPF_JGT, hi, pick(o.gt, pass, fail), 0)
		p.jump(unix.BPF_JEQ, hi, 0, pick(o.lt, pass, fail))
	}
	p.load(argLo(a.Index))
	p.jump(o.lo, uint32(a.Value), pick(o.loTrue, pass, fail), pick(!o.loTrue, pass, fail))
}

// maskedEq emits SCMP_CMP_MASKED_EQ: (arg & value) == valueTwo.
func (p *program) maskedEq(a specs.LinuxSeccompArg, wide bool, pass, fail label) {
	if wide {
		p.load(argHi(a.Index))
		p.and(uint32(a.Value >> 32))
		p.jump(unix.BPF_JEQ, uint32(a.ValueTwo>>32), 0, fail)
	}
	p.load(argLo(a.Index))
	p.and(uint32(a.Value))
	p.jump(unix.BPF_JEQ, uint32(a.ValueTwo), pass, fail)
}
