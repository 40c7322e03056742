#!/bin/sh
# bench/bench_import.sh [ROWS] [ACCOUNTS]: time `rapport import nps` of ROWS
# responses over ACCOUNTS accounts against sqlite3's own `.import --csv` of
# the same file into a plain table (no validation, no references, no
# indexes), in the same run.  Prints rows/s for both and the ratio; each
# figure is the median of 3 runs.  Never fails on timing.
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

t_rapport=""
t_sqlite=""
for run in 1 2 3; do
	rm -f "$w/r.db" "$w/r.db-wal" "$w/r.db-shm" "$w/s.db"
	"$bin" -d "$w/r.db" import accounts "$w/accounts.csv" >/dev/null
	s=$(now); "$bin" -d "$w/r.db" import nps "$w/nps.csv" >/dev/null; e=$(now)
	t_rapport="$t_rapport $(awk "BEGIN { print $e - $s }")"
	s=$(now); sqlite3 "$w/s.db" ".import --csv $w/nps.csv nps"; e=$(now)
	t_sqlite="$t_sqlite $(awk "BEGIN { print $e - $s }")"
done
# shellcheck disable=SC2086
tr=$(median3 $t_rapport); ts=$(median3 $t_sqlite)
printf 'rows: %d over %d accounts (median of 3)\n' "$rows" "$accounts"
awk -v r="$rows" -v tr="$tr" -v ts="$ts" 'BEGIN {
	printf "rapport import nps:       %7.2f s  %10.0f rows/s\n", tr, r / tr
	printf "sqlite3 .import (peer):   %7.2f s  %10.0f rows/s\n", ts, r / ts
	printf "speed vs peer:            %7.2fx\n", ts / tr }'
