package v2

import (
	"os"
	"strings"

	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	"github.com/cell-runtime/cell/internal/cgroups/stats"
)

// ioStats reads io.stat into the v1-shaped recursive lists (Read, Write
// and Discard operations of bytes and of I/Os).
func ioStats(dir string, s *stats.Stats) error {
	content, err := cgfile.Read(dir, "io.stat")
	if err != nil {
		return err
	}
	bytes, ios, err := ParseIOStat(content)
	if err != nil {
		return err
	}
	s.Blkio.IoServiceBytesRecursive = bytes
	s.Blkio.IoServicedRecursive = ios
	return nil
}

// ioOps maps io.stat keys to runc's operation names.
var ioOps = []struct{ bytes, ios, op string }{
	{"rbytes", "rios", "Read"},
	{"wbytes", "wios", "Write"},
	{"dbytes", "dios", "Discard"},
}

// ParseIOStat parses io.stat lines ("8:0 rbytes=1 wbytes=2 rios=3 ...").
func ParseIOStat(content string) (bytes, ios []stats.BlkioEntry, err error) {
	for _, line := range strings.Split(content, "\n") {
		dev, kv := cgfile.ParseNested(line)
		if dev == "" {
			continue
		}
		major, minor, err := cgfile.ParseDevice(dev)
		if err != nil {
			return nil, nil, err
		}
		for _, o := range ioOps {
			if v, ok := kv[o.bytes]; ok {
				n, _ := cgfile.ParseUint(v)
				bytes = append(bytes, stats.BlkioEntry{Major: major, Minor: minor, Op: o.op, Value: n})
			}
			if v, ok := kv[o.ios]; ok {
				n, _ := cgfile.ParseUint(v)
				ios = append(ios, stats.BlkioEntry{Major: major, Minor: minor, Op: o.op, Value: n})
			}
		}
	}
	return bytes, ios, nil
}

// hugetlbStats reads hugetlb.<size>.{current,max,events} for each size.
func hugetlbStats(dir string, s *stats.Stats) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range ents {
		rest, ok := strings.CutPrefix(e.Name(), "hugetlb.")
		size, ok2 := strings.CutSuffix(rest, ".current")
		if !ok || !ok2 || strings.Contains(size, ".") {
			continue
		}
		var h stats.Hugetlb
		h.Usage, _ = cgfile.ReadUint(dir, "hugetlb."+size+".current")
		h.Max, _ = cgfile.ReadUint(dir, "hugetlb."+size+".max")
		if ev, err := cgfile.ReadFlat(dir, "hugetlb."+size+".events"); err == nil {
			h.Failcnt = ev["max"]
		}
		if s.Hugetlb == nil {
			s.Hugetlb = make(map[string]stats.Hugetlb)
		}
		s.Hugetlb[size] = h
	}
	return nil
}
