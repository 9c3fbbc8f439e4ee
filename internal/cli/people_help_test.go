package cli

import (
	"bytes"
	"strings"
	"testing"
)

// TestRunHelp: `cell run --help` lists every flag once, in a named group
// (none left under "Other options"), with examples, and no pflag type
// names such as stringArray.
func TestRunHelp(t *testing.T) {
	root := newRoot(&Globals{}, nil)
	cmd, _, err := root.Find([]string{"run"})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	runHelp(cmd, &b)
	help := b.String()
	for _, want := range []string{"Usage:\n  cell run", "Examples:\n", "Options:\n", "Resources:\n", "Security:\n",
		"Global options:\n", "  -v, --volume SRC:DST[:ro]", "  -m, --memory SIZE"} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q:\n%s", want, help)
		}
	}
	for _, bad := range []string{"Other options", "stringArray", "--network", "--help"} {
		if strings.Contains(help, bad) {
			t.Errorf("help has %q:\n%s", bad, help)
		}
	}
	_, flags, _ := strings.Cut(help, "\nOptions:\n")
	for _, f := range []string{"--rm", "--name", "--cpus", "--userns", "--bundle", "--root"} {
		if n := strings.Count(flags, f+" "); n != 1 {
			t.Errorf("%s listed %d times", f, n)
		}
	}
}
