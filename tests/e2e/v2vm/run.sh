#!/usr/bin/env bash
# Boots Debian's kernel under qemu (TCG) with cgroup_no_v1=all, a pure
# cgroup v2 host, from an initramfs holding the test binaries of
# internal/cgroups/... and tests/integration, the cell binary, the payload
# and busybox; the init (tests/e2e/v2vm/vminit) runs the commands of the
# initramfs' /vm/plan, written below. Exits 0 only when the VM's console
# says CELL-VM-RESULT: PASS.
#
# Environment: CELL_VM_CACHE (kernel cache, default /var/cache/cell-vm),
# CELL_VM_TIMEOUT (seconds the VM may run, default 420), CELL_VM_LOG (console
# log, default $CELL_VM_CACHE/console.log), CELL_VM_MODULES (kernel modules
# to load, dependencies are added), CELL_VM_TESTS (-test.run pattern for
# tests/integration).
# Needs root (device node in the initramfs), qemu-system-x86, cpio, busybox-static.
set -euo pipefail
cd "$(dirname "$0")/../../.."
cache=${CELL_VM_CACHE:-/var/cache/cell-vm}
timeout_s=${CELL_VM_TIMEOUT:-420}
log=${CELL_VM_LOG:-$cache/console.log}
# loop gives the device tests /dev/loop*; virtio_blk the io tests a disk;
# nf_tables needs crc32c (a soft dependency of libcrc32c: no modprobe in the VM).
modules=${CELL_VM_MODULES:-loop virtio_pci virtio_blk overlay veth bridge crc32c_generic nf_tables}

# Tests run in the VM: the whole of internal/cgroups/... and
# internal/container/... on pure v2, and the container tests of
# tests/integration matching CELL_VM_TESTS (default: the cgroup tests and the
# lifecycle ones: run, create/start/pause/resume/kill/delete, exec, bad
# input; TCG is too slow for the whole suite in CI).
integration=${CELL_VM_TESTS:-'^(TestCgroup.*|TestLifecycleStates|TestExecJoinsTheContainer|TestRunSeesItsOwnNamespaces|TestBadInput)$'}

# kernel fetches Debian's current amd64 kernel package once into $cache and
# prints its version.
kernel() {
	local pkg ver
	pkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
	[ -n "$pkg" ] || { echo "v2vm: no linux-image-amd64 in apt's lists (apt-get update?)" >&2; return 1; }
	ver=${pkg#linux-image-}
	if [ ! -f "$cache/k/boot/vmlinuz-$ver" ]; then
		mkdir -p "$cache"
		rm -rf "$cache/k" "$cache"/*.deb
		(cd "$cache" && apt-get download -q "$pkg" >/dev/null 2>&1 && dpkg -x "$pkg"_*.deb k && rm -f "$pkg"_*.deb) ||
			{ echo "v2vm: cannot fetch and unpack $pkg into $cache" >&2; return 1; }
	fi
	echo "$ver"
}

# add_module copies module $1 (a name) and its dependencies, dependencies
# first, into the initramfs' /vm/modules and appends them to the load list
# /vm/modules.list. Dependencies are read from the module's .modinfo
# (modules.dep is made by depmod at install time, which dpkg -x skips).
add_module() {
	local name=$1 path d
	path=$(find "$moddir/kernel" \( -name "$name.ko" -o -name "${name//_/-}.ko" \) -print -quit)
	[ -n "$path" ] || { echo "v2vm: no module $name" >&2; return 1; }
	grep -qxF "modules/$(basename "$path")" "$stage/vm/modules.list" && return 0
	for d in $(tr '\0' '\n' <"$path" | sed -n 's/^depends=//p' | tr , ' '); do
		add_module "$d"
	done
	cp "$path" "$stage/vm/modules/"
	echo "modules/$(basename "$path")" >>"$stage/vm/modules.list"
}

ver=$(kernel)
moddir=$cache/k/lib/modules/$ver
work=$(mktemp -d /tmp/cell-v2vm.XXXXXX)
trap 'rm -rf "$work"' EXIT
stage=$work/root
mkdir -p "$stage"/{bin,dev,vm/bin,vm/modules}

t0=$SECONDS
CGO_ENABLED=0 go build -o "$stage/init" ./tests/e2e/v2vm/vminit
CGO_ENABLED=0 go build -trimpath -o "$stage/vm/payload" ./tests/payload
# One by one: go names internal/cgroups/v2's binary cgroups.test too.
# Static with cgo, as cell: packages that join namespaces link internal/nsenter.
for p in $(go list -f '{{if .TestGoFiles}}{{.ImportPath}}{{end}}' ./internal/cgroups/... ./internal/container/... ./tests/integration); do
	CGO_ENABLED=1 go test -c -tags netgo,osusergo -ldflags '-linkmode external -extldflags -static' \
		-o "$stage/vm/bin/$(basename "$(dirname "$p")")-$(basename "$p").test" "$p"
done
make -s build GO=go >/dev/null
cp cell "$stage/vm/cell"
cp /bin/busybox "$stage/bin/busybox"
for a in $("$stage/bin/busybox" --list); do [ "$a" = busybox ] || ln -s busybox "$stage/bin/$a"; done
touch "$stage/vm/modules.list"
for m in $modules; do add_module "$m"; done
mknod -m 600 "$stage/dev/console" c 5 1
cat >"$stage/vm/env" <<ENV
PATH=/bin
HOME=/root
TMPDIR=/tmp
CELL_BINARY=/vm/cell
CELL_TEST_PAYLOAD=/vm/payload
CELL_TEST_CGROUP_LAYOUT=v2
ENV
{
	for t in "$stage"/vm/bin/*.test; do
		case $t in
		*/tests-integration.test) echo "/vm/bin/tests-integration.test -test.v -test.timeout 360s -test.run $integration" ;;
		*) echo "/vm/bin/$(basename "$t") -test.v -test.timeout 300s" ;;
		esac
	done
} >"$stage/vm/plan"
(cd "$stage" && find . | cpio -o -H newc --quiet) >"$work/initrd"
truncate -s 16M "$work/disk" # an empty block device to throttle
echo "v2vm: built initramfs ($(du -m "$work/initrd" | cut -f1) MiB) in $((SECONDS - t0))s; kernel $ver"

# hugepages=4 reserves four 2 MiB pages in the VM's own kernel, so the hugetlb
# limit test sees pages mapped and refused (the host reserves none).
t0=$SECONDS
status=0
timeout "$timeout_s" qemu-system-x86_64 -accel tcg -cpu max -m 2G -smp 2 -nographic -no-reboot \
	-kernel "$cache/k/boot/vmlinuz-$ver" -initrd "$work/initrd" -drive if=virtio,format=raw,file="$work/disk" \
	-append "console=ttyS0 cgroup_no_v1=all hugepages=4 panic=-1 quiet" </dev/null >"$log" 2>&1 || status=$?
echo "v2vm: VM ran $((SECONDS - t0))s (exit $status); console log $log"
tr -d '\r' <"$log" | grep -E '^(CELL-VM-|--- (FAIL|SKIP)|FAIL)' || true
if [ "$status" = 124 ]; then
	echo "v2vm: FAIL: the VM did not finish in ${timeout_s}s; end of the console log:"
elif ! grep -q '^CELL-VM-RESULT: PASS' <(tr -d '\r' <"$log"); then
	echo "v2vm: FAIL; end of the console log:"
else
	exit 0
fi
tail -n 150 "$log"
exit 1
