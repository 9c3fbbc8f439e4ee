#!/usr/bin/env bash
# network.sh: TCP throughput between cell containers on a bridge, beside
# plain namespaces, and the time to set up and tear down a bridged
# namespace.
#
# iperf3 (Debian's package; installed with apt-get when missing) measures
# four paths in the same run, R rounds (default 3) of T seconds each
# (default 3), the paths interleaved:
#   bridge    two cell containers on one cell network (`cell network attach`,
#             the namespace path put in config.json, `cell run -d -b`), iperf3
#             started inside them with `cell nsenter --target ID -n`
#   host      the bench host to one of those containers, over the bridge
#   veth      two plain namespaces (ip netns add) joined by one veth pair
#   loopback  the loopback of one plain namespace
# and prints the median Gbit/s and the ratios bridge/veth and
# bridge/loopback. Then it
# times N (default 20) `cell network attach` + `cell network detach` cycles
# (a new namespace, veth, lease and nftables update, and back; each is one
# cell process) and prints the medians in ms.
#
# The bridge, its veths and cell's nftables table live in a namespace the
# script makes to stand in for the host ("bench host"), so nothing is added
# to the real host's interfaces or rules; the containers are real. Every
# namespace, container and file is removed at exit.
#
# Usage: bench/network.sh      (as root, from anywhere)
# Environment: CELL (cell binary, default ./cell), T (seconds per iperf3
# run), R (rounds), N (attach/detach cycles).
set -euo pipefail

SELF=$(realpath "${BASH_SOURCE[0]}")
T=${T:-3}
R=${R:-3}
N=${N:-20}
TAG=$$
HOSTNS=cellbench-host-$TAG
P1=cellbench-p1-$TAG
P2=cellbench-p2-$TAG
NETNS_WAS_MOUNTED=0

# c runs cell with the bench's state root.
c() { "$CELL" --root "$ROOT" "$@"; }

# inhost runs "$@" in the bench host's network namespace, keeping our mount
# namespace (where cell binds the containers' namespace files).
inhost() { nsenter --net="/run/netns/$HOSTNS" "$@"; }

cleanup() {
	set +e
	for id in bench-a-$TAG bench-b-$TAG; do
		c delete --force "$id" >/dev/null 2>&1
		inhost "$CELL" --root "$ROOT" network detach "$id" >/dev/null 2>&1
	done
	inhost "$CELL" --root "$ROOT" network detach bench-t-$TAG >/dev/null 2>&1
	for ns in "$HOSTNS" "$P1" "$P2"; do ip netns del "$ns" 2>/dev/null; done
	if ((!NETNS_WAS_MOUNTED)) && mountpoint -q /run/netns && [[ -z $(ls -A /run/netns) ]]; then
		umount /run/netns
	fi
	rm -rf "$WORK"
}

# iperf prints the throughput in bit/s measured by a client run with
# CLIENT... against a one-off server run with SERVER..., separated by "--":
#   iperf SERVER-PREFIX... -- CLIENT-PREFIX... -- ADDRESS
iperf() {
	local server=() client=() addr i
	while [[ $1 != -- ]]; do server+=("$1"); shift; done
	shift
	while [[ $1 != -- ]]; do client+=("$1"); shift; done
	addr=$2
	# The server serves one test, or gives up when no client came.
	"${server[@]}" timeout $((T + 20)) iperf3 -s -1 -p 5201 >>"$LOG" 2>&1 &
	local spid=$! out bps=""
	for i in $(seq 1 50); do # until the server listens
		out=$("${client[@]}" iperf3 -c "$addr" -p 5201 -t "$T" -J 2>>"$LOG") || true
		bps=$(jq -er '.end.sum_received.bits_per_second // empty' <<<"$out" 2>/dev/null) && break
		bps=""
		sleep 0.1
	done
	wait "$spid" || true
	[[ -n $bps ]] || { echo "iperf3 to $addr failed: $(jq -r .error <<<"$out")" >&2; return 1; }
	echo "$bps"
}

# container starts container $1 sleeping in the namespace Attach made for it
# and prints its address.
container() {
	local id=$1 a bundle=$WORK/bundle-$1
	a=$(inhost "$CELL" --root "$ROOT" network attach "$id" --net benchnet)
	(cd "$REPO" && go run ./tests/testrootfs/cmd/mkbundle "$bundle" /bin/payload sleep 600)
	jq --arg p "$(jq -r .netnsPath <<<"$a")" \
		'.linux.namespaces |= map(if .type == "network" then .path = $p else . end)' \
		"$bundle/config.json" >"$bundle/config.new"
	mv "$bundle/config.new" "$bundle/config.json"
	c run -d -b "$bundle" "$id" </dev/null >/dev/null 2>>"$LOG"
	jq -r .ip <<<"$a"
}

# median prints the median of the numbers on stdin.
median() {
	sort -g | awk '{ v[NR] = $1 } END { printf "%.0f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# median_ms prints the median of the nanosecond numbers on stdin in ms.
median_ms() { median | awk '{ printf "%.1f\n", $1 / 1e6 }'; }

setup_plain() {
	ip netns add "$P1"
	ip netns add "$P2"
	ip link add "cbv1-$TAG" netns "$P1" type veth peer name "cbv2-$TAG" netns "$P2"
	ip -n "$P1" addr add 10.213.91.1/24 dev "cbv1-$TAG"
	ip -n "$P2" addr add 10.213.91.2/24 dev "cbv2-$TAG"
	ip -n "$P1" link set lo up
	ip -n "$P1" link set "cbv1-$TAG" up
	ip -n "$P2" link set "cbv2-$TAG" up
}

time_cycles() {
	local i t0 t1 t2
	for i in $(seq 1 "$N"); do
		t0=$(date +%s%N)
		inhost "$CELL" --root "$ROOT" network attach bench-t-$TAG --net benchnet >/dev/null
		t1=$(date +%s%N)
		inhost "$CELL" --root "$ROOT" network detach bench-t-$TAG
		t2=$(date +%s%N)
		echo "$((t1 - t0)) $((t2 - t1)) $((t2 - t0))" >>"$WORK/cycles"
	done
}

main() {
	[[ $(id -u) == 0 ]] || { echo "network.sh: must run as root" >&2; exit 2; }
	[[ $T =~ ^[1-9][0-9]*$ && $R =~ ^[1-9][0-9]*$ && $N =~ ^[1-9][0-9]*$ ]] || { echo "network.sh: T, R and N must be positive integers" >&2; exit 2; }
	command -v iperf3 >/dev/null || apt-get install -y -qq iperf3 >/dev/null
	REPO=$(cd "$(dirname "$SELF")/.." && pwd)
	CELL=${CELL:-./cell}
	CELL=$(realpath "$CELL")
	[[ -x $CELL ]] || { echo "network.sh: no cell binary at $CELL (make build)" >&2; exit 2; }
	mountpoint -q /run/netns 2>/dev/null && NETNS_WAS_MOUNTED=1
	WORK=$(mktemp -d /tmp/cell-netbench.XXXXXX)
	ROOT=$WORK/root
	LOG=$WORK/errors.log
	trap cleanup EXIT

	ip netns add "$HOSTNS"
	inhost "$CELL" --root "$ROOT" network create benchnet --subnet 10.213.90.0/24 >/dev/null
	local ipa bridge host veth loop
	ipa=$(container bench-a-$TAG)
	container bench-b-$TAG >/dev/null
	setup_plain
	for _ in $(seq 1 "$R"); do # interleaved, so that load from elsewhere hits all paths alike
		iperf c nsenter --target bench-a-$TAG -n -- c nsenter --target bench-b-$TAG -n -- "$ipa" >>"$WORK/bridge"
		iperf c nsenter --target bench-a-$TAG -n -- inhost -- "$ipa" >>"$WORK/host"
		iperf ip netns exec "$P1" -- ip netns exec "$P2" -- 10.213.91.1 >>"$WORK/veth"
		iperf ip netns exec "$P1" -- ip netns exec "$P1" -- 127.0.0.1 >>"$WORK/loop"
	done
	bridge=$(median <"$WORK/bridge")
	host=$(median <"$WORK/host")
	veth=$(median <"$WORK/veth")
	loop=$(median <"$WORK/loop")
	c delete --force bench-a-$TAG >/dev/null
	c delete --force bench-b-$TAG >/dev/null
	inhost "$CELL" --root "$ROOT" network detach bench-a-$TAG bench-b-$TAG
	time_cycles

	awk -v b="$bridge" -v h="$host" -v v="$veth" -v l="$loop" -v t="$T" -v r="$R" 'BEGIN {
		printf "iperf3 TCP, median of %d runs of %d s   Gbit/s\n", r, t
		printf "bridge (2 containers)  %8.2f\n", b / 1e9
		printf "host -> container      %8.2f\n", h / 1e9
		printf "veth pair (ip netns)   %8.2f\n", v / 1e9
		printf "loopback (one netns)   %8.2f\n", l / 1e9
		printf "bridge/veth            %8.2f\n", b / v
		printf "bridge/loopback        %8.2f\n", b / l
	}'
	printf "bridged namespace, median of %d (ms): attach %s, detach %s, both %s\n" "$N" \
		"$(cut -d' ' -f1 "$WORK/cycles" | median_ms)" "$(cut -d' ' -f2 "$WORK/cycles" | median_ms)" \
		"$(cut -d' ' -f3 "$WORK/cycles" | median_ms)"
}

main "$@"
