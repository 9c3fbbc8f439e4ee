package v2

import (
	"strconv"
	"strings"

	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	"github.com/cell-runtime/cell/internal/cgroups/stats"
)

// psiStats reads cpu.pressure, memory.pressure and io.pressure. Pressure
// files are part of the core, so they exist on hybrid hosts too; a
// missing file (PSI disabled) is skipped.
func psiStats(dir string, s *stats.Stats) error {
	for _, p := range []struct {
		file string
		dst  **stats.PSIStats
	}{
		{"cpu.pressure", &s.CPU.PSI},
		{"memory.pressure", &s.Memory.PSI},
		{"io.pressure", &s.Blkio.PSI},
	} {
		content, err := cgfile.Read(dir, p.file)
		if err != nil {
			continue
		}
		psi, err := ParsePSI(content)
		if err != nil {
			return err
		}
		*p.dst = psi
	}
	return nil
}

// ParsePSI parses a pressure file: "some avg10=0.00 avg60=0.00
// avg300=0.00 total=0" and the same for "full".
func ParsePSI(content string) (*stats.PSIStats, error) {
	var psi stats.PSIStats
	for _, line := range strings.Split(content, "\n") {
		kind, kv := cgfile.ParseNested(line)
		var d *stats.PSIData
		switch kind {
		case "some":
			d = &psi.Some
		case "full":
			d = &psi.Full
		default:
			continue
		}
		if err := fillPSI(d, kv); err != nil {
			return nil, err
		}
	}
	return &psi, nil
}

// fillPSI converts one line's fields.
func fillPSI(d *stats.PSIData, kv map[string]string) error {
	var err error
	for k, dst := range map[string]*float64{"avg10": &d.Avg10, "avg60": &d.Avg60, "avg300": &d.Avg300} {
		if *dst, err = strconv.ParseFloat(kv[k], 64); err != nil {
			return err
		}
	}
	d.Total, err = strconv.ParseUint(kv["total"], 10, 64)
	return err
}
