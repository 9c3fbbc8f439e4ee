package image

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	sha256Empty = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	sha512Empty = "sha512:cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"
)

func TestDigestValidate(t *testing.T) {
	tests := []struct {
		name string
		d    digest
		ok   bool
	}{
		{"sha256", sha256Empty, true},
		{"sha512", sha512Empty, true},
		{"empty", "", false},
		{"no colon", "sha256", false},
		{"no algorithm", digest(":" + sha256Empty[7:]), false},
		{"no hex", "sha256:", false},
		{"short", digest(sha256Empty[:len(sha256Empty)-1]), false},
		{"long", sha256Empty + "0", false},
		{"sha512 length under sha256", digest("sha256:" + sha512Empty[7:]), false},
		{"upper case", digest(strings.ToUpper(sha256Empty[:7]) + sha256Empty[7:]), false},
		{"upper-case hex", digest("sha256:" + strings.ToUpper(sha256Empty[7:])), false},
		{"not hex", digest("sha256:" + strings.Repeat("g", 64)), false},
		{"unknown algorithm", digest("sha384:" + strings.Repeat("0", 96)), false},
		{"md5", "md5:d41d8cd98f00b204e9800998ecf8427e", false},
		{"path traversal", "sha256:../../x", false},
		{"traversal of hex length", digest("sha256:../../" + strings.Repeat("0", 58)), false},
		{"slash in algorithm", digest("sha256/..:" + strings.Repeat("0", 64)), false},
		{"second colon", digest(sha256Empty[:70] + ":"), false},
	}
	for _, tt := range tests {
		err := tt.d.validate()
		if (err == nil) != tt.ok {
			t.Errorf("%s: validate(%q) = %v, want ok %v", tt.name, tt.d, err, tt.ok)
			continue
		}
		if err != nil && (!errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), string(tt.d))) {
			t.Errorf("%s: error %q does not wrap ErrFormat and name the digest", tt.name, err)
		}
	}
}

func TestDigestBytes(t *testing.T) {
	tests := []struct {
		alg  string
		want digest
	}{
		{"sha256", sha256Empty},
		{"sha512", sha512Empty},
	}
	for _, tt := range tests {
		got, err := digestBytes(tt.alg, nil)
		if err != nil || got != tt.want {
			t.Errorf("digestBytes(%s) = %q, %v; want %q", tt.alg, got, err, tt.want)
		}
		if got.algorithm() != tt.alg || got.encoded() != string(tt.want)[len(tt.alg)+1:] {
			t.Errorf("%q: algorithm %q encoded %q", got, got.algorithm(), got.encoded())
		}
	}
	if got := canonicalDigest(nil); got != sha256Empty {
		t.Errorf("canonicalDigest = %q", got)
	}
	if _, err := digestBytes("sha384", nil); !errors.Is(err, ErrFormat) {
		t.Errorf("digestBytes(sha384): %v, want ErrFormat", err)
	}
}

func TestVerifyFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "blob"), []byte("abc"))
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	tests := []struct {
		d    digest
		want error
	}{
		{"sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", nil},
		{sha256Empty, ErrDigest},
		{sha512Empty, ErrDigest},
		{"sha1:a9993e364706816aba3e25717850c26c9cd0d89d", ErrFormat},
	}
	for _, tt := range tests {
		if err := verifyFile(root, "blob", tt.d); !errors.Is(err, tt.want) {
			t.Errorf("verifyFile(%q) = %v, want %v", tt.d, err, tt.want)
		}
	}
}
