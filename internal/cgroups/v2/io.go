package v2

import (
	"fmt"

	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

const ioField = "linux.resources.blockIO."

// SetIO writes linux.resources.blockIO: weights to io.bfq.weight (same
// 1-1000 range as v1) when BFQ is in use, else to io.weight (converted to
// 1-10000); throttles to io.max, where a rate of 0 means "max".
func SetIO(dir string, b *specs.LinuxBlockIO) error {
	if b == nil {
		return nil
	}
	if b.LeafWeight != nil && *b.LeafWeight != 0 {
		return cgfile.Fieldf(ioField+"leafWeight", "cgroup v2 has no leaf weight")
	}
	if err := setIOWeights(dir, b); err != nil {
		return err
	}
	for _, t := range []struct {
		field, key string
		devs       []specs.LinuxThrottleDevice
	}{
		{"throttleReadBpsDevice", "rbps", b.ThrottleReadBpsDevice},
		{"throttleWriteBpsDevice", "wbps", b.ThrottleWriteBpsDevice},
		{"throttleReadIOPSDevice", "riops", b.ThrottleReadIOPSDevice},
		{"throttleWriteIOPSDevice", "wiops", b.ThrottleWriteIOPSDevice},
	} {
		for _, d := range t.devs {
			if err := write(dir, ioField+t.field, "io.max", IOMaxLine(d, t.key)); err != nil {
				return err
			}
		}
	}
	return nil
}

// IOMaxLine formats one io.max line, e.g. "8:0 rbps=1048576".
func IOMaxLine(d specs.LinuxThrottleDevice, key string) string {
	v := "max"
	if d.Rate != 0 {
		v = fmt.Sprint(d.Rate)
	}
	return fmt.Sprintf("%d:%d %s=%s", d.Major, d.Minor, key, v)
}

// BlkioWeightToIOWeight maps a v1 weight [10, 1000] onto io.weight
// [1, 10000].
func BlkioWeightToIOWeight(w uint16) uint64 {
	v := uint64(min(max(w, 10), 1000))
	return 1 + (v-10)*9999/990
}

// setIOWeights writes the default and per-device weights. A weight of 0
// means unset, as in runc: Docker always sends one.
func setIOWeights(dir string, b *specs.LinuxBlockIO) error {
	file, conv := "io.weight", BlkioWeightToIOWeight
	if cgfile.Exists(dir, "io.bfq.weight") {
		file, conv = "io.bfq.weight", func(w uint16) uint64 { return uint64(w) }
	}
	if b.Weight != nil && *b.Weight != 0 {
		if err := write(dir, ioField+"weight", file, fmt.Sprintf("default %d", conv(*b.Weight))); err != nil {
			return err
		}
	}
	for _, d := range b.WeightDevice {
		if d.LeafWeight != nil {
			return cgfile.Fieldf(ioField+"weightDevice.leafWeight", "cgroup v2 has no leaf weight")
		}
		if d.Weight == nil {
			continue
		}
		line := fmt.Sprintf("%d:%d %d", d.Major, d.Minor, conv(*d.Weight))
		if err := write(dir, ioField+"weightDevice", file, line); err != nil {
			return err
		}
	}
	return nil
}
