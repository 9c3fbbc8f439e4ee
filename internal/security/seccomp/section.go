package seccomp

import "golang.org/x/sys/unix"

// chunk bounds a run of jeq instructions sharing one ret, so that every
// jump to that ret fits the 8-bit jt field.
const chunk = 250

// section emits the rules of one ABI. On entry A holds the syscall number;
// every path ends in a ret.
func (p *program) section(a *abi, rules []resolvedRule, def uint32) error {
	srs := forABI(rules, a)
	p.plainSyscalls(srs, def)
	for _, sr := range srs {
		if len(sr.conds) == 0 {
			continue
		}
		if err := p.condSyscall(sr, a.wide, def); err != nil {
			return err
		}
	}
	p.ret(def)
	return nil
}

// plainSyscalls emits the syscalls without argument conditions, grouped
// by action: a run of "jeq nr" jumping to the group's ret. Syscalls whose
// action is the default need no code.
func (p *program) plainSyscalls(srs []*sysRules, def uint32) {
	groups := map[uint32][]uint32{}
	var order []uint32
	for _, sr := range srs {
		if len(sr.conds) > 0 || sr.uncond == nil || *sr.uncond == def {
			continue
		}
		ret := *sr.uncond
		if _, ok := groups[ret]; !ok {
			order = append(order, ret)
		}
		groups[ret] = append(groups[ret], sr.nr)
	}
	for _, ret := range order {
		for nrs := groups[ret]; len(nrs) > 0; {
			n := min(len(nrs), chunk)
			hit, after := p.newLabel(), p.newLabel()
			for _, nr := range nrs[:n] {
				p.jump(unix.BPF_JEQ, nr, hit, 0)
			}
			p.ja(after)
			p.bind(hit)
			p.ret(ret)
			p.bind(after)
			nrs = nrs[n:]
		}
	}
}

// condSyscall emits one syscall that has rules with argument conditions:
// each rule's conditions in turn, then its unconditional action (or the
// default). It reloads the syscall number, since conditions clobber A.
func (p *program) condSyscall(sr *sysRules, wide bool, def uint32) error {
	body, next := p.newLabel(), p.newLabel()
	p.load(offNr)
	p.jumpFar(unix.BPF_JEQ, sr.nr, body, next)
	p.bind(body)
	for _, r := range sr.conds {
		fail := p.newLabel()
		for _, a := range r.args {
			if err := p.cond(a, wide, fail); err != nil {
				return err
			}
		}
		p.ret(r.ret)
		p.bind(fail)
	}
	if sr.uncond != nil {
		p.ret(*sr.uncond)
	} else {
		p.ret(def)
	}
	p.bind(next)
	return nil
}
