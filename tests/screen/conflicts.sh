#!/bin/sh
# The Sync conflicts screen (key C): the losing versions of a pull that met
# a conflict, and R restoring one (after asking) as a local edit.
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 not found: skipped"; exit 77; }
R=$RAPPORT_BIN
H=$T/hub.rh
printf 'key,name,notes,ladder\nACME,Acme,base,3\n' >"$T/base.csv"
printf 'key,name,notes,ladder\nACME,Acme,mine,5\n' >"$T/a.csv"
printf 'key,name,notes,ladder\nACME,Acme,theirs,3\n' >"$T/b.csv"
{
	"$R" -d "$T/a.db" import accounts "$T/base.csv" && "$R" -d "$T/a.db" sync push "$H" &&
	"$R" -d "$T/b.db" sync pull "$H" && "$R" -d "$T/a.db" import accounts "$T/a.csv" &&
	sleep 0.05 && "$R" -d "$T/b.db" import accounts "$T/b.csv" &&
	"$R" -d "$T/b.db" sync push "$H" && "$R" -d "$T/a.db" sync pull "$H"
} >/dev/null || fail "setting up the conflict"
# fixed times for the dump
sqlite3 "$T/a.db" "UPDATE sync_conflicts SET at = '2024-06-01T09:30:00.000Z'"
screen_start 80 24 -d "$T/a.db"
screen_keys C;               screen_expect conflicts-list
screen_keys j R;             screen_expect conflicts-ask
screen_keys y;               screen_expect conflicts-restored
screen_keys ?;               screen_expect conflicts-help
screen_keys q q
screen_expect_exit 0
[ "$("$R" -d "$T/a.db" export accounts | tail -1 | cut -d, -f7,15)" = "5,mine" ] && ok ||
	fail "the losing version was not restored"
finish
