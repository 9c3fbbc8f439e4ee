package units

import "testing"

func TestFormat(t *testing.T) {
	cases := []struct {
		n       uint64
		iec, si string
	}{
		{0, "0B", "0B"},
		{999, "999B", "999B"},
		{1000, "1000B", "1.00kB"},
		{1024, "1.00KiB", "1.02kB"},
		{32 << 20, "32.0MiB", "33.6MB"},
		{1536 << 20, "1.50GiB", "1.61GB"},
		{200 << 30, "200GiB", "215GB"},
		{^uint64(0), "16.0EiB", "18.4EB"},
	}
	for _, c := range cases {
		if got := IEC(c.n); got != c.iec {
			t.Errorf("IEC(%d) = %q, want %q", c.n, got, c.iec)
		}
		if got := SI(c.n); got != c.si {
			t.Errorf("SI(%d) = %q, want %q", c.n, got, c.si)
		}
	}
}
