package seccomp

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// maxInsns is the kernel's limit on a classic BPF program (BPF_MAXINSNS).
const maxInsns = 4096

// label names a position in a program being assembled. The zero label
// means "the next instruction".
type label int

// insn is one instruction whose jump targets may still be labels.
type insn struct {
	f      unix.SockFilter
	jt, jf label
	ja     label
}

// program is a tiny assembler: instructions are appended with symbolic
// targets and resolved to offsets by assemble. Conditional jumps are only
// ever emitted to nearby labels (the compiler routes far targets through
// an unconditional ja, whose offset is 32 bits wide).
type program struct {
	insns  []insn
	labels []int
}

func (p *program) newLabel() label {
	p.labels = append(p.labels, -1)
	return label(len(p.labels))
}

func (p *program) bind(l label) { p.labels[l-1] = len(p.insns) }

func (p *program) load(off uint32) {
	p.insns = append(p.insns, insn{f: unix.SockFilter{Code: unix.BPF_LD | unix.BPF_W | unix.BPF_ABS, K: off}})
}

func (p *program) and(k uint32) {
	p.insns = append(p.insns, insn{f: unix.SockFilter{Code: unix.BPF_ALU | unix.BPF_AND | unix.BPF_K, K: k}})
}

func (p *program) ret(v uint32) {
	p.insns = append(p.insns, insn{f: unix.SockFilter{Code: unix.BPF_RET | unix.BPF_K, K: v}})
}

// jump emits a conditional jump (op is BPF_JEQ, BPF_JGT, BPF_JGE or
// BPF_JSET) comparing A with k.
func (p *program) jump(op uint16, k uint32, jt, jf label) {
	p.insns = append(p.insns, insn{f: unix.SockFilter{Code: unix.BPF_JMP | op | unix.BPF_K, K: k}, jt: jt, jf: jf})
}

// ja emits an unconditional jump, which may go arbitrarily far.
func (p *program) ja(l label) {
	p.insns = append(p.insns, insn{f: unix.SockFilter{Code: unix.BPF_JMP | unix.BPF_JA}, ja: l})
}

// jumpFar is jump for targets that may be far away: the conditional jump
// selects one of two following ja instructions.
func (p *program) jumpFar(op uint16, k uint32, onTrue, onFalse label) {
	f := p.newLabel()
	p.jump(op, k, 0, f)
	p.ja(onTrue)
	p.bind(f)
	p.ja(onFalse)
}

// offset returns the distance from instruction i to label l.
func (p *program) offset(i int, l label) (uint32, error) {
	if l == 0 {
		return 0, nil
	}
	t := p.labels[l-1]
	if t < 0 {
		return 0, fmt.Errorf("internal error: unbound label %d", l)
	}
	if t <= i {
		return 0, fmt.Errorf("internal error: backward jump at %d", i)
	}
	return uint32(t - i - 1), nil
}

// assemble resolves labels and returns the final program.
func (p *program) assemble() ([]unix.SockFilter, error) {
	if len(p.insns) > maxInsns {
		return nil, fmt.Errorf("filter has %d instructions, the kernel limit is %d", len(p.insns), maxInsns)
	}
	out := make([]unix.SockFilter, len(p.insns))
	for i, in := range p.insns {
		f := in.f
		if in.ja != 0 {
			off, err := p.offset(i, in.ja)
			if err != nil {
				return nil, err
			}
			f.K = off
		}
		jt, err := p.offset(i, in.jt)
		if err != nil {
			return nil, err
		}
		jf, err := p.offset(i, in.jf)
		if err != nil {
			return nil, err
		}
		if jt > 255 || jf > 255 {
			return nil, fmt.Errorf("internal error: conditional jump too far at %d", i)
		}
		f.Jt, f.Jf = uint8(jt), uint8(jf)
		out[i] = f
	}
	return out, nil
}
