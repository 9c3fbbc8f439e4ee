package devices

import (
	"fmt"
	"strings"

	"github.com/cilium/ebpf/asm"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// Kernel constants of struct bpf_cgroup_dev_ctx (include/uapi/linux/bpf.h):
// access_type holds the device type in its low 16 bits and the access bits
// in its high 16 bits; major and minor follow.
const (
	devBlock = 1 // BPF_DEVCG_DEV_BLOCK
	devChar  = 2 // BPF_DEVCG_DEV_CHAR

	accMknod = 1 // BPF_DEVCG_ACC_MKNOD
	accRead  = 2 // BPF_DEVCG_ACC_READ
	accWrite = 4 // BPF_DEVCG_ACC_WRITE
)

// Program compiles rules into a cgroup device program. Later rules win,
// as in the spec: the program tests rules from the last to the first and
// returns the verdict of the first match; nothing matching means deny.
// An allow rule matches when it grants every requested access bit, a deny
// rule when it names any of them.
func Program(rules []specs.LinuxDeviceCgroup) (asm.Instructions, error) {
	insns := asm.Instructions{
		asm.LoadMem(asm.R2, asm.R1, 0, asm.Word),
		asm.And.Imm(asm.R2, 0xffff), // R2 = type
		asm.LoadMem(asm.R3, asm.R1, 0, asm.Word),
		asm.RSh.Imm(asm.R3, 16),                  // R3 = access
		asm.LoadMem(asm.R4, asm.R1, 4, asm.Word), // R4 = major
		asm.LoadMem(asm.R5, asm.R1, 8, asm.Word), // R5 = minor
	}
	for i := len(rules) - 1; i >= 0; i-- {
		block, err := ruleBlock(rules[i], fmt.Sprintf("rule%d", i-1))
		if err != nil {
			return nil, fmt.Errorf("device rule %d: %w", i, err)
		}
		block[0] = block[0].WithSymbol(fmt.Sprintf("rule%d", i))
		insns = append(insns, block...)
	}
	insns = append(insns,
		asm.Mov.Imm(asm.R0, 0).WithSymbol("rule-1"),
		asm.Return(),
	)
	return insns, nil
}

// ruleBlock tests one rule, jumping to next when it does not match.
func ruleBlock(r specs.LinuxDeviceCgroup, next string) (asm.Instructions, error) {
	typ, err := devType(r.Type)
	if err != nil {
		return nil, err
	}
	access, err := normAccess(r.Access)
	if err != nil {
		return nil, err
	}
	mask := accessBits(access)
	b := asm.Instructions{asm.Mov.Reg(asm.R6, asm.R3)}
	if r.Allow {
		b = append(b, asm.And.Imm(asm.R6, ^mask&7), asm.JNE.Imm(asm.R6, 0, next))
	} else {
		b = append(b, asm.And.Imm(asm.R6, mask), asm.JEq.Imm(asm.R6, 0, next))
	}
	switch typ {
	case "c":
		b = append(b, asm.JNE.Imm(asm.R2, devChar, next))
	case "b":
		b = append(b, asm.JNE.Imm(asm.R2, devBlock, next))
	}
	if typ != "a" && r.Major != nil && *r.Major >= 0 {
		b = append(b, asm.JNE.Imm(asm.R4, int32(*r.Major), next))
	}
	if typ != "a" && r.Minor != nil && *r.Minor >= 0 {
		b = append(b, asm.JNE.Imm(asm.R5, int32(*r.Minor), next))
	}
	verdict := int32(0)
	if r.Allow {
		verdict = 1
	}
	return append(b, asm.Mov.Imm(asm.R0, verdict), asm.Return()), nil
}

// accessBits maps "rwm" letters to BPF_DEVCG_ACC_* bits.
func accessBits(a string) int32 {
	var m int32
	if strings.Contains(a, "r") {
		m |= accRead
	}
	if strings.Contains(a, "w") {
		m |= accWrite
	}
	if strings.Contains(a, "m") {
		m |= accMknod
	}
	return m
}
