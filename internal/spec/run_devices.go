package spec

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func setDevices(s *specs.Spec, o *RunOptions) error {
	for _, d := range o.Devices {
		dev, access, err := parseDevice(d, o.LookupDevice)
		if err != nil {
			return fmt.Errorf("--device: %w", err)
		}
		s.Linux.Devices = append(s.Linux.Devices, dev)
		if !strings.Contains(access, "m") {
			// The node is made with mknod inside the container's cgroup;
			// Docker's default rules allow mknod of any device too.
			access += "m"
		}
		s.Linux.Resources.Devices = append(s.Linux.Resources.Devices, specs.LinuxDeviceCgroup{
			Allow: true, Type: dev.Type, Major: &dev.Major, Minor: &dev.Minor, Access: access})
	}
	return nil
}

// parseDevice parses HOST[:CONTAINER[:PERMS]] (PERMS from "rwm", default
// all three).
func parseDevice(d string, lookup func(string) (specs.LinuxDevice, error)) (specs.LinuxDevice, string, error) {
	parts := strings.Split(d, ":")
	if len(parts) > 3 || parts[0] == "" {
		return specs.LinuxDevice{}, "", fmt.Errorf("%q: want HOST[:CONTAINER[:PERMS]]", d)
	}
	host, dst, access := parts[0], parts[0], "rwm"
	if len(parts) == 3 {
		dst, access = parts[1], parts[2]
	} else if len(parts) == 2 && strings.Trim(parts[1], "rwm") == "" {
		access = parts[1]
	} else if len(parts) == 2 {
		dst = parts[1]
	}
	if !filepath.IsAbs(host) || !filepath.IsAbs(dst) {
		return specs.LinuxDevice{}, "", fmt.Errorf("%q: paths must be absolute", d)
	}
	if access == "" || strings.Trim(access, "rwm") != "" {
		return specs.LinuxDevice{}, "", fmt.Errorf("%q: permissions %q: want letters from rwm", d, access)
	}
	dev, err := lookupDevice(lookup, host)
	if err != nil {
		return specs.LinuxDevice{}, "", fmt.Errorf("%q: %w", d, err)
	}
	dev.Path = filepath.Clean(dst)
	return dev, access, nil
}

func lookupDevice(lookup func(string) (specs.LinuxDevice, error), path string) (specs.LinuxDevice, error) {
	if lookup == nil {
		return specs.LinuxDevice{}, errors.New("no device lookup")
	}
	return lookup(path)
}

// throttle parses DEV:RATE entries (RATE a size per second) for flag.
func throttle(flag string, vals []string, lookup func(string) (specs.LinuxDevice, error)) ([]specs.LinuxThrottleDevice, error) {
	var out []specs.LinuxThrottleDevice
	for _, v := range vals {
		dev, rate, ok := strings.Cut(v, ":")
		if !ok || !filepath.IsAbs(dev) {
			return nil, fmt.Errorf("--%s %q: want DEVICE:RATE", flag, v)
		}
		n, err := flagSize(flag, rate)
		if err != nil {
			return nil, err
		}
		d, err := lookupDevice(lookup, dev)
		if err != nil {
			return nil, fmt.Errorf("--%s %q: %w", flag, v, err)
		}
		t := specs.LinuxThrottleDevice{Rate: uint64(n)}
		t.Major, t.Minor = d.Major, d.Minor
		out = append(out, t)
	}
	return out, nil
}
