package cli

// runLong is the long help of `cell run`.
const runLong = `Run a command in a new container, like docker run but with no daemon.

With no ROOTFS or IMAGE the container gets a fresh root filesystem holding
the host's /usr, /bin, /lib* and /sbin read-only, a minimal /etc and its
own /proc, /dev and /tmp:

  cell run --rm --net none -- sh -c 'hostname; ps'

ROOTFS is a directory to use as the root filesystem; IMAGE is an image
imported with 'cell image import' (its Entrypoint, Cmd, Env, WorkingDir and
User are the defaults). Flags come before ROOTFS|IMAGE; put the command
after --.

With -b BUNDLE (or a single ID, no --, and a ./config.json) cell runs an OCI
bundle as runc does: create, start, wait, delete.

Images are stored in $CELL_IMAGES (default /var/lib/cell/images).`
