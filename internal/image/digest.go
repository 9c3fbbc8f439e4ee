package image

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"
)

// digest is a content digest as OCI descriptors and image configs write
// it: "algorithm:hex", e.g. "sha256:e3b0...". Decoding JSON does not check
// it; validate does, and every digest that names a file is validated
// first. (Local, rather than github.com/opencontainers/go-digest, whose
// package init compiles regexps on every start of cell.)
type digest string

// canonicalAlgorithm is the algorithm of the digests cell computes itself.
const canonicalAlgorithm = "sha256"

// validate returns an error wrapping ErrFormat and naming d unless d is
// "sha256:" or "sha512:" followed by that hash's length in lower-case hex
// digits. A valid digest is safe as a path component.
func (d digest) validate() error {
	alg, hx, ok := strings.Cut(string(d), ":")
	if !ok || alg == "" || hx == "" {
		return fmt.Errorf("digest %q: %w: not algorithm:hex", d, ErrFormat)
	}
	h, err := newHash(alg)
	if err != nil {
		return fmt.Errorf("digest %q: %w", d, err)
	}
	if len(hx) != 2*h.Size() || strings.TrimLeft(hx, "0123456789abcdef") != "" {
		return fmt.Errorf("digest %q: %w: %s needs %d lower-case hex digits", d, ErrFormat, alg, 2*h.Size())
	}
	return nil
}

// algorithm returns the part before the colon.
func (d digest) algorithm() string {
	alg, _, _ := strings.Cut(string(d), ":")
	return alg
}

// encoded returns the hex part after the colon.
func (d digest) encoded() string {
	_, hx, _ := strings.Cut(string(d), ":")
	return hx
}

// newHash returns a new hash of algorithm alg, or an error wrapping
// ErrFormat for an algorithm other than sha256 and sha512.
func newHash(alg string) (hash.Hash, error) {
	switch alg {
	case "sha256":
		return sha256.New(), nil
	case "sha512":
		return sha512.New(), nil
	}
	return nil, fmt.Errorf("digest algorithm %q: %w: want sha256 or sha512", alg, ErrFormat)
}

// digester computes the digest of a stream: write the stream to it, then
// compare sum with the digest wanted.
type digester struct {
	hash.Hash
	alg string
}

// newDigester returns a digester in algorithm alg (see newHash).
func newDigester(alg string) (digester, error) {
	h, err := newHash(alg)
	return digester{Hash: h, alg: alg}, err
}

// sum returns the digest of what was written so far.
func (g digester) sum() digest {
	return digest(g.alg + ":" + hex.EncodeToString(g.Sum(nil)))
}

// digestBytes returns the digest of b in algorithm alg (see newHash).
func digestBytes(alg string, b []byte) (digest, error) {
	g, err := newDigester(alg)
	if err != nil {
		return "", err
	}
	g.Write(b)
	return g.sum(), nil
}

// canonicalDigest returns the sha256 digest of b.
func canonicalDigest(b []byte) digest {
	sum := sha256.Sum256(b)
	return digest(canonicalAlgorithm + ":" + hex.EncodeToString(sum[:]))
}
