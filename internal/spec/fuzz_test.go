package spec

import (
	"fmt"
	"strings"
	"testing"
)

// FuzzValidateID checks that every id ValidateID accepts is a single,
// harmless path component of the allowed characters.
//
//cell:fuzzexecs 400000
func FuzzValidateID(f *testing.F) {
	for _, s := range []string{"a", "sec-1", ".", "..", "a/b", "", "x\x00y", strings.Repeat("a", 256)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		if ValidateID(id) != nil {
			return
		}
		if id == "" || len(id) > 255 || id == "." || id == ".." {
			t.Fatalf("accepted %q", id)
		}
		if strings.Trim(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+.-") != "" {
			t.Fatalf("accepted %q with a character outside [A-Za-z0-9_+.-]", id)
		}
	})
}

// FuzzParseUser checks that ParseUser accepts only UID[:GID] in decimal
// and that what it returns prints back to an equal value.
//
//cell:fuzzexecs 400000
func FuzzParseUser(f *testing.F) {
	for _, s := range []string{"0", "1000:1000", "1000:1000abc", ":", "-1", "4294967296", "1:2:3", " 1", "+1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		uid, gid, err := ParseUser(s)
		if err != nil {
			if !strings.Contains(err.Error(), "UID") {
				t.Fatalf("error %q does not say what is wanted", err)
			}
			return
		}
		if strings.Trim(s, "0123456789:") != "" || strings.Count(s, ":") > 1 {
			t.Fatalf("accepted %q", s)
		}
		u2, g2, err := ParseUser(fmt.Sprintf("%d:%d", uid, gid))
		if err != nil || u2 != uid || g2 != gid {
			t.Fatalf("%q -> %d:%d does not round-trip: %d:%d %v", s, uid, gid, u2, g2, err)
		}
	})
}

func TestParseUser(t *testing.T) {
	for _, tc := range []struct {
		in       string
		uid, gid uint32
		ok       bool
	}{
		{"0", 0, 0, true}, {"1000", 1000, 0, true}, {"1000:1000", 1000, 1000, true},
		{"4294967295:7", 4294967295, 7, true},
		{"1000:1000abc", 0, 0, false}, {"abc", 0, 0, false}, {"", 0, 0, false}, {"1000:", 0, 0, false},
		{":1", 0, 0, false}, {"-1", 0, 0, false}, {"+1", 0, 0, false}, {"4294967296", 0, 0, false},
		{"1:2:3", 0, 0, false}, {" 1", 0, 0, false},
	} {
		uid, gid, err := ParseUser(tc.in)
		if (err == nil) != tc.ok || uid != tc.uid || gid != tc.gid {
			t.Errorf("ParseUser(%q) = %d, %d, %v; want %d, %d, ok=%v", tc.in, uid, gid, err, tc.uid, tc.gid, tc.ok)
		}
	}
}
