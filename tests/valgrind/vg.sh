#!/bin/sh
# vg.sh PROGRAM [ARGS...]: run PROGRAM under valgrind's memcheck for
# make check-valgrind.  Used as LOG_COMPILER for the unit tests and, through
# rapport.sh, as RAPPORT_BIN for the CLI tests.  Each process writes
# $VG_LOGDIR/PID.log, empty when clean (its stderr stays the program's, which the CLI tests
# read); any error, or a leak that is definitely or possibly lost, exits 99,
# a status no test expects.  valgrind.supp lists the known noise we ignore.
here=$(cd "$(dirname "$0")" && pwd)
logdir=${VG_LOGDIR:-/tmp}
exec valgrind --quiet --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,possible --show-leak-kinds=definite,possible \
	--track-fds=no --num-callers=30 --suppressions="$here/valgrind.supp" \
	--log-file="$logdir/%p.log" "$@"
