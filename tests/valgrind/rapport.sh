#!/bin/sh
# rapport.sh ARGS...: the rapport binary ($VG_PROGRAM) under valgrind; make
# check-valgrind sets it as RAPPORT_BIN for the CLI tests.
exec "$(cd "$(dirname "$0")" && pwd)/vg.sh" "${VG_PROGRAM:?VG_PROGRAM is not set}" "$@"
