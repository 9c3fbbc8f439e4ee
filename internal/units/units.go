// Package units writes byte counts the way people read them: binary units
// (KiB, MiB) for memory, decimal ones (kB, MB) for traffic, as docker does.
// It only formats; it parses nothing.
package units

import "fmt"

// IEC formats n bytes with binary prefixes: "512B", "32MiB", "1.5GiB".
func IEC(n uint64) string {
	return format(float64(n), 1024, []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"})
}

// SI formats n bytes with decimal prefixes: "512B", "1.2MB".
func SI(n uint64) string {
	return format(float64(n), 1000, []string{"B", "kB", "MB", "GB", "TB", "PB", "EB"})
}

func format(v, base float64, names []string) string {
	i := 0
	for v >= base && i < len(names)-1 {
		v /= base
		i++
	}
	if i == 0 || v >= 100 {
		return fmt.Sprintf("%.0f%s", v, names[i])
	}
	if v >= 10 {
		return fmt.Sprintf("%.1f%s", v, names[i])
	}
	return fmt.Sprintf("%.2f%s", v, names[i])
}
