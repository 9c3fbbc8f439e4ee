package cli

import "testing"

// newRoot builds only the subcommand a command line names, found by its
// registered name: each name must be the one cobra matches, and unique.
func TestRegisteredNames(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range commands {
		if got := c.new(&Globals{}).Name(); got != c.name {
			t.Errorf("registered as %q, but cobra calls it %q", c.name, got)
		}
		if seen[c.name] {
			t.Errorf("%q registered twice", c.name)
		}
		seen[c.name] = true
	}
}

func TestSubcommand(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, ""},
		{[]string{"create", "--bundle", "b", "c1"}, "create"},
		{[]string{"--root", "/run/x", "--log", "start", "--log-format=json", "state", "c1"}, "state"},
		{[]string{"--debug", "--systemd-cgroup", "run", "-b", "b", "c1"}, "run"},
		{[]string{"--help"}, ""},
		{[]string{"--", "run"}, ""},
	} {
		if got := subcommand(tc.args); got != tc.want {
			t.Errorf("subcommand(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
	// A named subcommand is the only one built; anything else gets all.
	if n := len(newRoot(&Globals{}, []string{"--root", "x", "delete", "c1"}).Commands()); n != 1 {
		t.Errorf("delete: built %d subcommands, want 1", n)
	}
	if n := len(newRoot(&Globals{}, []string{"ls"}).Commands()); n != len(commands) {
		t.Errorf("alias ls: built %d subcommands, want all %d", n, len(commands))
	}
}
