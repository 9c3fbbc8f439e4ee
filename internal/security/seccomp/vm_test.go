package seccomp

import (
	"encoding/binary"
	"fmt"
	"testing"

	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

// call is one syscall as the filter sees it (struct seccomp_data).
type call struct {
	arch uint32
	nr   uint32
	args [6]uint64
}

func native(nr uint32, args ...uint64) call {
	c := call{arch: unix.AUDIT_ARCH_X86_64, nr: nr}
	copy(c.args[:], args)
	return c
}

// bytes encodes c for golang.org/x/net/bpf, whose loads are big-endian:
// each aligned 32-bit word of seccomp_data is stored big-endian so that
// the VM reads the value the kernel would.
func (c call) bytes() []byte {
	words := []uint32{c.nr, c.arch, 0, 0}
	for _, a := range c.args {
		words = append(words, uint32(a), uint32(a>>32))
	}
	b := make([]byte, 4*len(words))
	for i, w := range words {
		binary.BigEndian.PutUint32(b[4*i:], w)
	}
	return b
}

// checkFilter applies the kernel's rules for seccomp programs: jumps in
// range, loads aligned and inside seccomp_data, a ret at the end.
func checkFilter(f []unix.SockFilter) error {
	if len(f) == 0 || len(f) > maxInsns {
		return fmt.Errorf("length %d", len(f))
	}
	for i, in := range f {
		switch in.Code {
		case unix.BPF_LD | unix.BPF_W | unix.BPF_ABS:
			if in.K%4 != 0 || in.K >= 64 {
				return fmt.Errorf("%d: bad load offset %d", i, in.K)
			}
		case unix.BPF_JMP | unix.BPF_JA:
			if uint64(i)+1+uint64(in.K) >= uint64(len(f)) {
				return fmt.Errorf("%d: ja out of range", i)
			}
		case unix.BPF_RET | unix.BPF_K, unix.BPF_ALU | unix.BPF_AND | unix.BPF_K:
		default:
			if in.Code&0x07 != unix.BPF_JMP {
				return fmt.Errorf("%d: unexpected opcode %#x", i, in.Code)
			}
			if i+1+int(max(in.Jt, in.Jf)) >= len(f) {
				return fmt.Errorf("%d: jump out of range", i)
			}
		}
	}
	if last := f[len(f)-1]; last.Code != unix.BPF_RET|unix.BPF_K {
		return fmt.Errorf("last instruction %#x is not ret", last.Code)
	}
	return nil
}

// newVM checks f and loads it into the x/net/bpf interpreter.
func newVM(t testing.TB, f []unix.SockFilter) *bpf.VM {
	t.Helper()
	if err := checkFilter(f); err != nil {
		t.Fatalf("invalid filter: %v", err)
	}
	ins := make([]bpf.Instruction, len(f))
	for i, in := range f {
		ins[i] = bpf.RawInstruction{Op: in.Code, Jt: in.Jt, Jf: in.Jf, K: in.K}.Disassemble()
	}
	vm, err := bpf.NewVM(ins)
	if err != nil {
		t.Fatalf("bpf.NewVM: %v", err)
	}
	return vm
}

// eval runs the program for one call and returns its SECCOMP_RET_* value.
func eval(t testing.TB, vm *bpf.VM, c call) uint32 {
	t.Helper()
	r, err := vm.Run(c.bytes())
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return uint32(r)
}
