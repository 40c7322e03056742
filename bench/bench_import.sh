#!/bin/sh
# bench/bench_import.sh [ROWS] [ACCOUNTS]: time `rapport import nps` of ROWS
# responses over ACCOUNTS accounts against sqlite3's own `.import --csv` of
# the same file into a plain table (no validation, no references, no
# indexes), in the same run.  Prints rows/s for both and the ratio; each
# figure is the median of 3 runs.  Also the median CPU time (user + sys) of
# each, which other users of a shared machine disturb less than the wall
# clock.  Never fails on timing.
set -eu
rows=${1:-1000000}
accounts=${2:-100000}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${RAPPORT_BIN:-$top/src/rapport}
w=$(mktemp -d /tmp/rapport-bench.XXXXXX)
trap 'rm -rf "$w"' EXIT

# deterministic data (awk's rand with a fixed seed)
awk -v n="$accounts" 'BEGIN { print "key,name,segment"; for (i = 0; i < n; i++) printf "K%06d,Account %d,%s\n", i, i, (i % 3 ? "SMB" : "Enterprise") }' >"$w/accounts.csv"
awk -v n="$rows" -v a="$accounts" 'BEGIN { srand(42); print "account,score,date,contact,survey,comment";
	for (i = 0; i < n; i++) printf "K%06d,%d,2024-%02d-%02d,,relationship,\n", int(rand() * a), int(rand() * 11), 1 + int(rand() * 12), 1 + int(rand() * 28) }' >"$w/nps.csv"

now() { date +%s.%N; }
median3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
# CPU seconds (user + sys) of the children waited for between two `times`
# snapshots (its second line: "XmY.YYYs XmY.YYYs").  `times` must run in
# this shell, not in $(...) or a pipe, whose subshell has no children.
cpu_since() { awk 'FNR == 2 { for (i = 1; i <= 2; i++) { split($i, p, "m"); sub("s", "", p[2]);
	t += (FILENAME == ARGV[1] ? -1 : 1) * (p[1] * 60 + p[2]) } } END { print t }' "$w/t0" "$w/t1"; }

t_rapport=""
t_sqlite=""
c_rapport=""
c_sqlite=""
for run in 1 2 3; do
	rm -f "$w/r.db" "$w/r.db-wal" "$w/r.db-shm" "$w/s.db"
	"$bin" -d "$w/r.db" import accounts "$w/accounts.csv" >/dev/null
	times >"$w/t0"; s=$(now); "$bin" -d "$w/r.db" import nps "$w/nps.csv" >/dev/null; e=$(now); times >"$w/t1"
	t_rapport="$t_rapport $(awk "BEGIN { print $e - $s }")"
	c_rapport="$c_rapport $(cpu_since)"
	times >"$w/t0"; s=$(now); sqlite3 "$w/s.db" ".import --csv $w/nps.csv nps"; e=$(now); times >"$w/t1"
	t_sqlite="$t_sqlite $(awk "BEGIN { print $e - $s }")"
	c_sqlite="$c_sqlite $(cpu_since)"
done
# shellcheck disable=SC2086
tr=$(median3 $t_rapport); ts=$(median3 $t_sqlite)
# shellcheck disable=SC2086
cr=$(median3 $c_rapport); cs=$(median3 $c_sqlite)
printf 'rows: %d over %d accounts (median of 3)\n' "$rows" "$accounts"
awk -v r="$rows" -v tr="$tr" -v ts="$ts" -v cr="$cr" -v cs="$cs" 'BEGIN {
	printf "rapport import nps:       %7.2f s  %10.0f rows/s  (CPU %.2f s)\n", tr, r / tr, cr
	printf "sqlite3 .import (peer):   %7.2f s  %10.0f rows/s  (CPU %.2f s)\n", ts, r / ts, cs
	printf "speed vs peer:            %7.2fx  (CPU time: %.2fx)\n", ts / tr, (cr > 0 ? cs / cr : 0) }'
