#!/bin/sh
# run.sh BINARY FUZZDIR WORKDIR SECONDS [libFuzzer options...]
#
# Run one libFuzzer harness for SECONDS in one process: new inputs go to
# WORKDIR/NAME (the committed seeds in FUZZDIR/corpus/NAME are read, never
# written), a crash's input to WORKDIR/NAME-crash-*, the log to
# WORKDIR/NAME.log; prints the final statistics.  NAME is BINARY without
# its fuzz_ prefix (csv, import, config).  Exit 0 when no crash, leak,
# sanitizer report or timeout.
set -eu
[ $# -ge 4 ] || { echo "usage: $0 BINARY FUZZDIR WORKDIR SECONDS [options...]" >&2; exit 2; }
bin=$1 fuzzdir=$2 work=$3 secs=$4
shift 4
name=${bin##*/fuzz_}
mkdir -p "$work/$name"
log=$work/$name.log
set -- -max_total_time="$secs" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
	-artifact_prefix="$work/$name-" "$@"
[ -f "$fuzzdir/dict/$name.dict" ] && set -- -dict="$fuzzdir/dict/$name.dict" "$@"
echo "fuzz $name: ${secs}s from $(ls "$fuzzdir/corpus/$name" | wc -l) seeds"
if ! "$bin" "$@" "$work/$name" "$fuzzdir/corpus/$name" >"$log" 2>&1; then
	tail -60 "$log" >&2
	echo "fuzz $name: FAILED (log: $log)" >&2
	exit 1
fi
grep -E '^Done [0-9]+ runs|^#[0-9]+[[:space:]]+DONE|^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$log" |
	sed "s/^/  $name: /"
