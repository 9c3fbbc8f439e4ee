package testrootfs

import (
	"fmt"
	"os"
	"path/filepath"
)

// User is the uid and gid of the unprivileged account in the test root
// filesystem's /etc/passwd ("user", home /home/user).
const User = 1000

// etcFiles are written into /etc. Group 5 is "tty", the gid of the
// default spec's devpts mount.
var etcFiles = map[string]string{
	"passwd": "root:x:0:0:root:/root:/bin/sh\n" +
		"user:x:1000:1000:user:/home/user:/bin/sh\n" +
		"nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n",
	"group":       "root:x:0:\ntty:x:5:\nuser:x:1000:\nnogroup:x:65534:\n",
	"hosts":       "127.0.0.1\tlocalhost\n::1\tlocalhost\n",
	"resolv.conf": "",
	"hostname":    "cell\n",
}

func writeEtc(dir string) error {
	for name, content := range etcFiles {
		p := filepath.Join(dir, "etc", name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return fmt.Errorf("write /etc/%s: %w", name, err)
		}
	}
	return nil
}
