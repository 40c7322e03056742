#!/bin/sh
# bench/bench_sync.sh [CHANGES]: time `rapport sync push` and `sync pull`
# of CHANGES record changes (default 10000) through a hub file:
#   first push   a database of CHANGES accounts (its full snapshot)
#   first pull   a fresh database builds everything from the hub
#   edit push    every one of those accounts edited once (CHANGES updates)
#   edit pull    the other database applies them
#   idle pull    nothing new (the cost of a pull that finds nothing)
# Each figure is the median of 3 runs, wall clock, with changes/s.  Never
# fails on timing (bench/RESULTS.md).
set -eu
n=${1:-10000}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${RAPPORT_BIN:-$top/src/rapport}
w=$(mktemp -d /tmp/rapport-bench-sync.XXXXXX)
trap 'rm -rf "$w"' EXIT

awk -v n="$n" 'BEGIN { print "key,name,segment,notes"; for (i = 0; i < n; i++)
	printf "K%06d,Account %d,%s,first\n", i, i, (i % 3 ? "SMB" : "Enterprise") }' >"$w/a.csv"
awk -v n="$n" 'BEGIN { print "key,name,segment,notes"; for (i = 0; i < n; i++)
	printf "K%06d,Account %d,%s,edited on the road\n", i, i, (i % 3 ? "SMB" : "Enterprise") }' >"$w/b.csv"

now() { date +%s.%N; }
median3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
# time a sync command; its "N changes" goes to $w/count
timed() { s=$(now); "$@" >"$w/outp"; e=$(now); awk "BEGIN { print $e - $s }"
	sed -n 's/^sync push: \([0-9]*\) change.*/\1/p; s/^sync pull: .*, \([0-9]*\) changes\{0,1\} applied.*/\1/p' "$w/outp" >"$w/count"; }

p1="" l1="" p2="" l2="" l0="" hubsize=0
for run in 1 2 3; do
	rm -f "$w"/*.db* "$w/hub.rh"
	"$bin" -d "$w/a.db" import accounts "$w/a.csv" >/dev/null
	p1="$p1 $(timed "$bin" -d "$w/a.db" sync push "$w/hub.rh")"
	c1=$(cat "$w/count")
	l1="$l1 $(timed "$bin" -d "$w/b.db" sync pull "$w/hub.rh")"
	"$bin" -d "$w/a.db" import accounts "$w/b.csv" >/dev/null
	p2="$p2 $(timed "$bin" -d "$w/a.db" sync push "$w/hub.rh")"
	c2=$(cat "$w/count")
	l2="$l2 $(timed "$bin" -d "$w/b.db" sync pull "$w/hub.rh")"
	l0="$l0 $(timed "$bin" -d "$w/b.db" sync pull "$w/hub.rh")"
	hubsize=$(wc -c <"$w/hub.rh")
done
row() { t=$(median3 $2); printf '%-12s %8.3f s  %9.0f changes/s\n' "$1" "$t" "$(awk "BEGIN { print $3 / $t }")"; }
echo "sync of $n accounts: first push sends $c1 records (with their spectrum history rows), edit push $c2; median of 3"
row "first push" "$p1" "$c1"
row "first pull" "$l1" "$c1"
row "edit push" "$p2" "$c2"
row "edit pull" "$l2" "$c2"
printf '%-12s %8.3f s\n' "idle pull" "$(median3 $l0)"
echo "hub size after both pushes: $hubsize bytes"
