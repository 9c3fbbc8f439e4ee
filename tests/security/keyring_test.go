package security

import (
	"strings"
	"testing"
)

// Every container joins a new session keyring of its own, named
// _ses.ID, so keys one container adds are not another's or the host's;
// --no-new-keyring keeps the caller's.
func TestSecSessionKeyring(t *testing.T) {
	e := newEnv(t)
	b := bundle(t, args("/bin/payload", "keyring"))
	first := strings.TrimSpace(e.ok("run", "-b", b, "sec-keys1"))
	second := strings.TrimSpace(e.ok("run", "-b", b, "sec-keys2"))
	kept := strings.TrimSpace(e.ok("run", "--no-new-keyring", "-b", b, "sec-keys3"))
	t.Logf("sessions: %q %q %q", first, second, kept)
	if !strings.HasSuffix(first, ";_ses.sec-keys1") || !strings.HasSuffix(second, ";_ses.sec-keys2") {
		t.Errorf("session keyrings %q and %q, want _ses.sec-keys1 and _ses.sec-keys2", first, second)
	}
	if serial := func(s string) string { return strings.Fields(s + " ")[0] }; serial(first) == serial(second) {
		t.Errorf("two containers share session keyring %s", serial(first))
	}
	if strings.Contains(kept, "_ses.sec-keys3") {
		t.Errorf("--no-new-keyring: the container got a new keyring: %q", kept)
	}
	for _, id := range []string{"sec-keys1", "sec-keys2", "sec-keys3"} {
		e.assertGone(id)
	}
}
