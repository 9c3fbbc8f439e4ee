package seccomp

import (
	"fmt"
	"sort"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// condRule is one rule with argument conditions (ANDed) for one syscall.
type condRule struct {
	args []specs.LinuxSeccompArg
	ret  uint32
}

// sysRules gathers every rule that names one syscall of one ABI.
type sysRules struct {
	nr     uint32
	uncond *uint32    // action of the first rule without conditions
	conds  []condRule // rules with conditions, in spec order
}

// resolvedRule is a spec rule with its action already encoded.
type resolvedRule struct {
	names []string
	args  []specs.LinuxSeccompArg
	ret   uint32
}

// resolveRules validates every spec rule and encodes its action.
func resolveRules(s *specs.LinuxSeccomp) ([]resolvedRule, error) {
	out := make([]resolvedRule, 0, len(s.Syscalls))
	for i, sc := range s.Syscalls {
		if len(sc.Names) == 0 {
			return nil, fmt.Errorf("syscalls[%d]: no names", i)
		}
		ret, err := actionRet(sc.Action, sc.ErrnoRet)
		if err != nil {
			return nil, fmt.Errorf("syscalls[%d] %s: %w", i, sc.Names[0], err)
		}
		for j, a := range sc.Args {
			if err := checkArg(a); err != nil {
				return nil, fmt.Errorf("syscalls[%d] %s: args[%d]: %w", i, sc.Names[0], j, err)
			}
		}
		out = append(out, resolvedRule{names: sc.Names, args: sc.Args, ret: ret})
	}
	return out, nil
}

// checkArg validates an argument condition.
func checkArg(a specs.LinuxSeccompArg) error {
	if a.Index >= maxArgs {
		return fmt.Errorf("index %d out of range 0-%d", a.Index, maxArgs-1)
	}
	if _, ok := opTable[a.Op]; !ok && a.Op != specs.OpMaskedEqual {
		return fmt.Errorf("unknown operator %q", a.Op)
	}
	return nil
}

// forABI groups the rules by syscall number for one ABI, sorted by number.
// Names the ABI does not know are skipped.
func forABI(rules []resolvedRule, a *abi) []*sysRules {
	byNr := map[uint32]*sysRules{}
	for _, r := range rules {
		for _, name := range r.names {
			nr, ok := a.table()[name]
			if !ok {
				continue
			}
			sr := byNr[nr]
			if sr == nil {
				sr = &sysRules{nr: nr}
				byNr[nr] = sr
			}
			sr.add(r)
		}
	}
	out := make([]*sysRules, 0, len(byNr))
	for _, sr := range byNr {
		out = append(out, sr)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].nr < out[j].nr })
	return out
}

// add records one rule; the first unconditional rule of a syscall wins.
func (sr *sysRules) add(r resolvedRule) {
	if len(r.args) > 0 {
		sr.conds = append(sr.conds, condRule{args: r.args, ret: r.ret})
		return
	}
	if sr.uncond == nil {
		ret := r.ret
		sr.uncond = &ret
	}
}
