package v1

import (
	"fmt"
	"strings"

	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	"github.com/cell-runtime/cell/internal/cgroups/stats"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

const ioField = "linux.resources.blockIO."

// SetBlkio writes linux.resources.blockIO into dir: weights (CFQ files, or
// the BFQ ones when CFQ is gone) and throttling. A throttle rate of 0
// removes that device's limit.
func SetBlkio(dir string, b *specs.LinuxBlockIO) error {
	if b == nil {
		return nil
	}
	if err := setWeights(dir, b); err != nil {
		return err
	}
	for _, t := range []struct {
		field, file string
		devs        []specs.LinuxThrottleDevice
	}{
		{"throttleReadBpsDevice", "blkio.throttle.read_bps_device", b.ThrottleReadBpsDevice},
		{"throttleWriteBpsDevice", "blkio.throttle.write_bps_device", b.ThrottleWriteBpsDevice},
		{"throttleReadIOPSDevice", "blkio.throttle.read_iops_device", b.ThrottleReadIOPSDevice},
		{"throttleWriteIOPSDevice", "blkio.throttle.write_iops_device", b.ThrottleWriteIOPSDevice},
	} {
		for _, d := range t.devs {
			line := fmt.Sprintf("%d:%d %d", d.Major, d.Minor, d.Rate)
			if err := writeField(dir, ioField+t.field, t.file, line); err != nil {
				return err
			}
		}
	}
	return nil
}

// weightFile picks blkio.<name> (CFQ) or blkio.bfq.<name> (BFQ).
func weightFile(dir, name string) string {
	if cgfile.Exists(dir, "blkio."+name) {
		return "blkio." + name
	}
	if cgfile.Exists(dir, "blkio.bfq."+name) {
		return "blkio.bfq." + name
	}
	return "blkio." + name
}

// setWeights writes weight, leafWeight and the per-device weights. A
// weight of 0 means unset, as in runc: Docker always sends one.
func setWeights(dir string, b *specs.LinuxBlockIO) error {
	if b.Weight != nil && *b.Weight != 0 {
		if err := writeField(dir, ioField+"weight", weightFile(dir, "weight"), fmt.Sprint(*b.Weight)); err != nil {
			return err
		}
	}
	if b.LeafWeight != nil && *b.LeafWeight != 0 {
		if err := writeField(dir, ioField+"leafWeight", "blkio.leaf_weight", fmt.Sprint(*b.LeafWeight)); err != nil {
			return err
		}
	}
	for _, d := range b.WeightDevice {
		if d.Weight != nil {
			line := fmt.Sprintf("%d:%d %d", d.Major, d.Minor, *d.Weight)
			if err := writeField(dir, ioField+"weightDevice", weightFile(dir, "weight_device"), line); err != nil {
				return err
			}
		}
		if d.LeafWeight != nil {
			line := fmt.Sprintf("%d:%d %d", d.Major, d.Minor, *d.LeafWeight)
			if err := writeField(dir, ioField+"weightDevice.leafWeight", "blkio.leaf_weight_device", line); err != nil {
				return err
			}
		}
	}
	return nil
}

// blkioStats reads the recursive I/O counters, from CFQ, BFQ or the
// throttling files, whichever the kernel has.
func blkioStats(dir string, s *stats.Stats) error {
	for _, prefix := range []string{"blkio.", "blkio.bfq.", "blkio.throttle."} {
		if !cgfile.Exists(dir, prefix+"io_service_bytes_recursive") {
			continue
		}
		var err error
		b := &s.Blkio
		if b.IoServiceBytesRecursive, err = readBlkio(dir, prefix+"io_service_bytes_recursive"); err != nil {
			return err
		}
		b.IoServicedRecursive, err = readBlkio(dir, prefix+"io_serviced_recursive")
		return err
	}
	return nil
}

// readBlkio parses "major:minor Op value" lines; the "Total" line is skipped.
func readBlkio(dir, name string) ([]stats.BlkioEntry, error) {
	content, err := cgfile.Read(dir, name)
	if err != nil {
		return nil, err
	}
	return ParseBlkio(content)
}

// ParseBlkio parses the content of a v1 blkio statistics file.
func ParseBlkio(content string) ([]stats.BlkioEntry, error) {
	var out []stats.BlkioEntry
	for _, line := range strings.Split(content, "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		major, minor, err := cgfile.ParseDevice(f[0])
		if err != nil {
			return nil, err
		}
		v, err := cgfile.ParseUint(f[2])
		if err != nil {
			return nil, err
		}
		out = append(out, stats.BlkioEntry{Major: major, Minor: minor, Op: f[1], Value: v})
	}
	return out, nil
}
