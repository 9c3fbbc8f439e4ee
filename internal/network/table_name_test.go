package network

import (
	"strings"
	"testing"
)

func TestTableName(t *testing.T) {
	other := (&Manager{Root: "/tmp/a/network"}).TableName()
	for _, c := range []struct {
		m    Manager
		want string
	}{
		{Manager{Root: "/run/cell/network"}, "cell"},
		{Manager{Root: "/run/cell/../cell/network/"}, "cell"},
		{Manager{Root: "/tmp/x", Table: "mine"}, "mine"},
		{Manager{Root: "/tmp/a/network/"}, other},
	} {
		if got := c.m.TableName(); got != c.want {
			t.Errorf("%+v: table %q, want %q", c.m, got, c.want)
		}
	}
	b := (&Manager{Root: "/tmp/b/network"}).TableName()
	if !strings.HasPrefix(other, "cell-") || len(other) != len("cell-")+8 || other == b {
		t.Errorf("tables of two other roots: %q and %q, want distinct cell-XXXXXXXX", other, b)
	}
}
