package image

import "slices"

// Args returns the process arguments for a container of this image, as
// docker computes them: the image's Entrypoint followed by cmd, or by the
// image's Cmd when cmd is empty. The result is empty when the image has
// neither and cmd is empty.
//
// The rest of Config maps onto the runtime spec as is: Env is the
// process's base environment, WorkingDir its cwd ("/" when empty), and
// User ("uid", "uid:gid", "name" or "name:group") must be resolved against
// the image's /etc/passwd and /etc/group by the caller.
func (img *Image) Args(cmd []string) []string {
	if len(cmd) == 0 {
		cmd = img.Config.Cmd
	}
	return append(slices.Clone(img.Config.Entrypoint), cmd...)
}
