#!/usr/bin/env bash
# lifecycle.sh: time the container lifecycle of cell, runc and crun.
#
# For N iterations (default 30) each runtime runs /bin/true on the same
# bundle (built by tests/testrootfs/cmd/mkbundle): once with `run`, and once
# split into `create`, `start` and `delete` (after start the script waits,
# untimed, for the container to stop). The runtimes take turns in rounds
# of 5 iterations, so that a change in the machine's load (it is shared)
# touches all of them alike. It prints the median of each phase in
# milliseconds and the ratios cell/runc and cell/crun.
#
# Usage: bench/lifecycle.sh [-n N]      (run as root, from anywhere)
# Environment: CELL (cell binary, default ./cell), RUNC, CRUN (default: on
# $PATH), N (iterations).
#
# crun 1.8 refuses this host's hybrid cgroup layout, so its iterations run
# inside a private mount namespace (unshare -m --propagation private) in
# which /sys/fs/cgroup/unified is unmounted and replaced by an empty tmpfs:
# crun then sees plain cgroup v1, and the directories it makes there vanish
# with the namespace. Nothing is unmounted on the host.
set -euo pipefail

# time_ns prints the wall time of "$@" in nanoseconds; output is discarded.
time_ns() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" </dev/null >/dev/null 2>>"$LOG" || return 1
	t1=$(date +%s%N)
	echo $((t1 - t0))
}

# wait_stopped polls `state` until the container is no longer running.
wait_stopped() {
	local rt=$1 root=$2 id=$3 i
	for i in $(seq 1 200); do
		"$rt" --root "$root" state "$id" 2>/dev/null | grep -q '"status": *"stopped"' && return 0
		sleep 0.01
	done
	return 1
}

# one_iteration times run, then create/start/delete, appending
# "PHASE NANOSECONDS" lines to $out.
one_iteration() {
	local rt=$1 root=$2 bundle=$3 id=$4 out=$5 t
	t=$(time_ns "$rt" --root "$root" run --bundle "$bundle" "$id-r") || return 1
	echo "run $t" >>"$out"
	t=$(time_ns "$rt" --root "$root" create --bundle "$bundle" "$id-c") || return 1
	echo "create $t" >>"$out"
	t=$(time_ns "$rt" --root "$root" start "$id-c") || return 1
	echo "start $t" >>"$out"
	wait_stopped "$rt" "$root" "$id-c" || { echo "$id-c did not stop" >>"$LOG"; return 1; }
	t=$(time_ns "$rt" --root "$root" delete "$id-c") || return 1
	echo "delete $t" >>"$out"
}

# bench_loop runs iterations FIRST..FIRST+COUNT-1 of runtime $1; iteration
# 0 is an untimed warm-up.
bench_loop() {
	local rt=$1 root=$2 bundle=$3 first=$4 count=$5 out=$6 name=$7 i
	mkdir -p "$root"
	for ((i = first; i < first + count; i++)); do
		if ((i == 0)); then
			one_iteration "$rt" "$root" "$bundle" "bench-$name-$$-w" /dev/null || return 1
		else
			one_iteration "$rt" "$root" "$bundle" "bench-$name-$$-$i" "$out" || return 1
		fi
	done
}

# force_delete removes every container left in a runtime's root.
force_delete() {
	local rt=$1 root=$2 id
	[[ -d $root ]] || return 0
	for id in $("$rt" --root "$root" list -q 2>/dev/null); do
		"$rt" --root "$root" delete --force "$id" >/dev/null 2>&1 || true
	done
}

# inner_crun is the body run inside the private mount namespace.
inner_crun() {
	local rt=$1 root=$2 bundle=$3 first=$4 count=$5 out=$6
	umount /sys/fs/cgroup/unified
	mount -t tmpfs -o size=1m,mode=755 cell-bench /sys/fs/cgroup/unified
	# shellcheck disable=SC2064 # expand now: the locals are gone at exit
	trap "force_delete '$rt' '$root'" EXIT
	bench_loop "$rt" "$root" "$bundle" "$first" "$count" "$out" crun
}

# median prints the median of the numbers for phase $1 in file $2, in ms.
median() {
	grep "^$1 " "$2" | awk '{print $2}' | sort -n | awk '
		{ v[NR] = $1 }
		END { if (NR == 0) { print "-"; exit }
		      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      printf "%.2f\n", m / 1e6 }'
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f\n", a / b }'
}

# bench_runtime runs COUNT iterations from FIRST of runtime NAME (binary
# BIN), appending to its times, unless it is unavailable or failed before.
bench_runtime() {
	local name=$1 bin=$2 first=$3 count=$4
	local out=$WORK/$name.times root=$WORK/root-$name
	if [[ -z $bin || ! -x $bin ]]; then
		STATUS[$name]="unavailable"
		return
	fi
	[[ ${STATUS[$name]:-ok} == ok ]] || return 0
	local ok=0
	if [[ $name == crun ]]; then
		unshare -m --propagation private bash "$SELF" __inner_crun "$bin" "$root" "$BUNDLE" "$first" "$count" "$out" && ok=1
	else
		bench_loop "$bin" "$root" "$BUNDLE" "$first" "$count" "$out" "$name" && ok=1
		force_delete "$bin" "$root"
	fi
	if ((ok)); then STATUS[$name]="ok"; else STATUS[$name]="failed (stderr below)"; fi
}

report() {
	local name phase
	printf "%-6s %9s %9s %9s %9s   (median ms, N=%d)\n" runtime run create start delete "$N"
	for name in cell runc crun; do
		if [[ ${STATUS[$name]} != ok ]]; then
			printf "%-6s %s\n" "$name:" "${STATUS[$name]}"
			continue
		fi
		for phase in run create start delete; do MED[$name.$phase]=$(median "$phase" "$WORK/$name.times"); done
		printf "%-6s %9s %9s %9s %9s\n" "$name" "${MED[$name.run]}" "${MED[$name.create]}" \
			"${MED[$name.start]}" "${MED[$name.delete]}"
	done
	for name in runc crun; do
		[[ ${STATUS[cell]} == ok && ${STATUS[$name]} == ok ]] || continue
		printf "%-9s" "cell/$name"
		for phase in run create start delete; do
			printf " %9s" "$(ratio "${MED[cell.$phase]}" "${MED[$name.$phase]}")"
		done
		echo
	done
}

main() {
	while getopts "n:h" opt; do
		case $opt in
		n) N=$OPTARG ;;
		*) sed -n '2,/^set -euo/p' "$SELF" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
		esac
	done
	[[ $N =~ ^[1-9][0-9]*$ ]] || { echo "lifecycle.sh: N must be a positive integer" >&2; exit 2; }
	[[ $(id -u) == 0 ]] || { echo "lifecycle.sh: must run as root" >&2; exit 2; }
	local repo cell
	repo=$(cd "$(dirname "$SELF")/.." && pwd)
	cell=${CELL:-./cell}
	[[ $cell == /* || ! -e $cell ]] || cell=$(realpath "$cell")
	WORK=$(mktemp -d /tmp/cell-bench.XXXXXX)
	LOG=$WORK/errors.log
	trap 'rm -rf "$WORK"' EXIT
	BUNDLE=$WORK/bundle
	(cd "$repo" && go run ./tests/testrootfs/cmd/mkbundle -oci-version 1.0.2 "$BUNDLE" /bin/true)
	local runc crun first count
	runc=${RUNC:-$(command -v runc || true)}
	crun=${CRUN:-$(command -v crun || true)}
	for ((first = 0; first <= N; first += ROUND)); do
		count=$((N + 1 - first < ROUND ? N + 1 - first : ROUND))
		bench_runtime cell "$cell" "$first" "$count"
		bench_runtime runc "$runc" "$first" "$count"
		bench_runtime crun "$crun" "$first" "$count"
	done
	report
	if [[ ${STATUS[*]} == *failed* && -s $LOG ]]; then
		echo "--- runtime stderr (last 20 lines) ---"
		tail -20 "$LOG"
	fi
}

SELF=$(realpath "${BASH_SOURCE[0]}")
N=${N:-30}
ROUND=5
declare -A STATUS MED
if [[ ${1:-} == __inner_crun ]]; then
	shift
	LOG=$(dirname "$6")/errors.log
	inner_crun "$@"
else
	main "$@"
fi
