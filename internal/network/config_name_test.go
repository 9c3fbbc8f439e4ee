package network

import (
	"strings"
	"testing"
)

func TestValidName(t *testing.T) {
	cases := map[string]bool{
		"cell": true, "a": true, "my-net_1.x": true, "0abc": true,
		strings.Repeat("a", 64): true, strings.Repeat("a", 65): false,
		"": false, "-a": false, ".a": false, "_a": false, "a b": false, "a/b": false, "ä": false,
	}
	for name, want := range cases {
		if got := validName(name); got != want {
			t.Errorf("validName(%q) = %v, want %v", name, got, want)
		}
	}
}
