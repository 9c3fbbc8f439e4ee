package seccomp

import (
	"math/rand"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// holds is the reference meaning of an argument condition.
func holds(a specs.LinuxSeccompArg, v uint64) bool {
	switch a.Op {
	case specs.OpNotEqual:
		return v != a.Value
	case specs.OpLessThan:
		return v < a.Value
	case specs.OpLessEqual:
		return v <= a.Value
	case specs.OpEqualTo:
		return v == a.Value
	case specs.OpGreaterEqual:
		return v >= a.Value
	case specs.OpGreaterThan:
		return v > a.Value
	case specs.OpMaskedEqual:
		return v&a.Value == a.ValueTwo
	}
	panic(a.Op)
}

var allOps = []specs.LinuxSeccompOperator{specs.OpNotEqual, specs.OpLessThan, specs.OpLessEqual,
	specs.OpEqualTo, specs.OpGreaterEqual, specs.OpGreaterThan, specs.OpMaskedEqual}

// edgy returns values around interesting 64-bit boundaries: equal or
// neighbouring high and low words.
func edgy(r *rand.Rand, base uint64) uint64 {
	switch r.Intn(6) {
	case 0:
		return base
	case 1:
		return base + 1
	case 2:
		return base - 1
	case 3:
		return base ^ 1<<32
	case 4:
		return base ^ uint64(r.Intn(4))<<31
	}
	return r.Uint64()
}

func TestCompareOperators64(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 3000; i++ {
		a := specs.LinuxSeccompArg{Index: uint(r.Intn(6)), Op: allOps[r.Intn(len(allOps))], Value: r.Uint64(), ValueTwo: r.Uint64()}
		if a.Op == specs.OpMaskedEqual && r.Intn(2) == 0 {
			a.ValueTwo &= a.Value
		}
		s := &specs.LinuxSeccomp{DefaultAction: specs.ActAllow, Syscalls: []specs.LinuxSyscall{
			{Names: []string{"getppid"}, Action: specs.ActErrno, Args: []specs.LinuxSeccompArg{a}}}}
		vm := newVM(t, mustCompile(t, s))
		for j := 0; j < 8; j++ {
			v := edgy(r, a.Value)
			if a.Op == specs.OpMaskedEqual && j%2 == 0 {
				v = a.ValueTwo | (r.Uint64() &^ a.Value)
			}
			c := native(unix.SYS_GETPPID)
			c.args[a.Index] = v
			want := uint32(retAllow)
			if holds(a, v) {
				want = retErrno(uint32(unix.EPERM))
			}
			if got := eval(t, vm, c); got != want {
				t.Fatalf("%s %#x (value2 %#x) on %#x: got %#x, want %#x", a.Op, a.Value, a.ValueTwo, v, got, want)
			}
		}
	}
}

// TestCompareOperators32 checks that on i386 only the low 32 bits of the
// rule's values are compared, against a 32-bit argument.
func TestCompareOperators32(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for i := 0; i < 2000; i++ {
		a := specs.LinuxSeccompArg{Index: uint(r.Intn(6)), Op: allOps[r.Intn(len(allOps))], Value: r.Uint64(), ValueTwo: r.Uint64()}
		s := &specs.LinuxSeccomp{DefaultAction: specs.ActAllow, Architectures: []specs.Arch{specs.ArchX86},
			Syscalls: []specs.LinuxSyscall{{Names: []string{"getppid"}, Action: specs.ActErrno, Args: []specs.LinuxSeccompArg{a}}}}
		vm := newVM(t, mustCompile(t, s))
		a32 := a
		a32.Value, a32.ValueTwo = uint64(uint32(a.Value)), uint64(uint32(a.ValueTwo))
		for j := 0; j < 6; j++ {
			v := uint64(uint32(edgy(r, a32.Value)))
			c := call{arch: unix.AUDIT_ARCH_I386, nr: 64}
			c.args[a.Index] = v
			want := uint32(retAllow)
			if holds(a32, v) {
				want = retErrno(uint32(unix.EPERM))
			}
			if got := eval(t, vm, c); got != want {
				t.Fatalf("%s %#x on %#x: got %#x, want %#x", a.Op, a.Value, v, got, want)
			}
		}
	}
}
