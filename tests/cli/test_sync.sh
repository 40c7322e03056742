#!/bin/sh
# End to end: rapport sync push/pull through a hub file (SPEC.md "Sync"):
# usage, errors that change nothing, idempotence, a fresh database getting
# everything, conflicts reported, and kill -9 during push and pull.
. "$(dirname "$0")/lib.sh"
R=$RAPPORT_BIN
H=$T/hub.rh
KINDS="accounts contacts staff roles nps financials activities rates meetings projects problems notes decisions action_items"

# every kind exported, as is: databases holding the same data export it
# byte for byte alike (events by date, then uid)
dump() {
	for k in $KINDS; do
		echo "== $k"
		"$R" -d "$1" export "$k"
	done
}

# usage
expect 2 "$R" -d "$T/a.db" sync;                err_has "expected 'push HUB' or 'pull HUB'"
expect 2 "$R" -d "$T/a.db" sync push;           err_has "expected 'push HUB' or 'pull HUB'"
expect 2 "$R" -d "$T/a.db" sync frob "$H";      err_has "expected 'push HUB' or 'pull HUB'"
expect 0 "$R" --help;                           out_has "sync push HUB"

# a missing hub: exit 1, no database created
expect 1 "$R" -d "$T/a.db" sync pull "$H";      err_has "no such hub"
[ ! -e "$T/a.db" ] && ok || fail "a failed pull created the database"

# laptop a: a small portfolio; its first push creates the hub
expect 0 "$R" -d "$T/a.db" demo --accounts 12 --seed 3
expect 0 "$R" -d "$T/a.db" sync push "$H";      out_has "changes sent"
[ -f "$H" ] && ok || fail "push did not create the hub"
expect 0 "$R" -d "$T/a.db" sync push "$H";      out_has "0 changes sent"
if command -v sqlite3 >/dev/null 2>&1; then
	[ "$(sqlite3 "$H" 'PRAGMA journal_mode')" = delete ] && ok || fail "the hub is not in rollback-journal mode"
	[ "$(sqlite3 "$H" 'PRAGMA application_id')" = 1380012104 ] && ok || fail "hub application_id"
fi

# laptop b: a fresh database gets everything in one pull; again changes nothing
expect 0 "$R" -d "$T/b.db" sync pull "$H";      out_has "conflicts"
dump "$T/a.db" >"$T/a.dump"; dump "$T/b.db" >"$T/b.dump"
same "$T/a.dump" "$T/b.dump"
expect 0 "$R" -d "$T/b.db" sync pull "$H";      out_has "0 entries"
expect 0 "$R" -d "$T/b.db" sync push "$H";      out_has "0 changes sent"
expect 0 "$R" -d "$T/b.db" check

# both edit one account offline; the later change wins everywhere
printf 'key,name,notes\nSYNC1,Sync One,base\n' >"$T/base.csv"
expect 0 "$R" -d "$T/a.db" import accounts "$T/base.csv"
expect 0 "$R" -d "$T/a.db" sync push "$H"
expect 0 "$R" -d "$T/b.db" sync pull "$H"
printf 'key,name,notes\nSYNC1,Sync One,from a\n' >"$T/ea.csv"
printf 'key,name,notes\nSYNC1,Sync One,from b\n' >"$T/eb.csv"
expect 0 "$R" -d "$T/a.db" import accounts "$T/ea.csv"
sleep 0.05
expect 0 "$R" -d "$T/b.db" import accounts "$T/eb.csv"
expect 0 "$R" -d "$T/b.db" sync push "$H"
expect 0 "$R" -d "$T/a.db" sync push "$H"
expect 0 "$R" -d "$T/a.db" sync pull "$H";      out_has "1 conflict"
expect 0 "$R" -d "$T/b.db" sync pull "$H"
dump "$T/a.db" >"$T/a.dump"; dump "$T/b.db" >"$T/b.dump"
same "$T/a.dump" "$T/b.dump"
grep -q '^SYNC1,Sync One,.*,from b$' "$T/a.dump" && ok || fail "the later edit did not win"
expect 0 "$R" -d "$T/a.db" report conflicts --format csv
out_has "kind,key,field,kept,lost,at"
out_has "accounts,SYNC1,notes,from b,from a,"
expect 0 "$R" -d "$T/a.db" report conflicts;               out_has "from a"
expect 0 "$R" -d "$T/a.db" report conflicts --format json; out_has '"lost":"from a"'
expect 1 "$R" -d "$T/a.db" report conflicts --since 2024-01-01; err_has "do not apply"

# not hubs: refused, nothing changed
head -c 5000 /dev/urandom >"$T/junk.rh"
expect 1 "$R" -d "$T/a.db" sync pull "$T/junk.rh"; err_has "not a Rapport hub"
expect 1 "$R" -d "$T/a.db" sync push "$T/junk.rh"
expect 1 "$R" -d "$T/a.db" sync pull "$T/b.db";    err_has "not a Rapport hub"
expect 1 "$R" -d "$T/new.db" sync pull "$T/junk.rh"
[ ! -e "$T/new.db" ] && ok || fail "a failed pull left a new database behind"
mkdir "$T/dir.rh"
expect 1 "$R" -d "$T/a.db" sync push "$T/dir.rh";  err_has "is a directory"
expect 1 "$R" -d "$T/a.db" sync pull "$T/nodir/hub.rh"; err_has "no such hub"

# kill -9 during push and during pull: afterwards both files are sound and
# a retry converges
expect 0 "$R" -d "$T/k.db" demo --accounts 400 --seed 9
K=$T/kill.rh
# kill_after DELAY COMMAND...: start COMMAND, SIGKILL it after DELAY s
kill_after() {
	delay=$1
	shift
	"$@" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}
for delay in 0.02 0.08 0.15 0.3; do
	kill_after "$delay" "$R" -d "$T/k.db" sync push "$K"
	expect 0 "$R" -d "$T/k.db" check
	if [ -f "$K" ] && command -v sqlite3 >/dev/null 2>&1; then
		[ "$(sqlite3 "$K" 'PRAGMA integrity_check')" = ok ] && ok || fail "hub damaged after kill -9 at $delay"
	fi
done
expect 0 "$R" -d "$T/k.db" sync push "$K"
expect 0 "$R" -d "$T/k.db" sync push "$K";  out_has "0 changes sent"
for delay in 0.02 0.08 0.15 0.3; do
	kill_after "$delay" "$R" -d "$T/f.db" sync pull "$K"
	if [ -f "$T/f.db" ]; then
		expect 0 "$R" -d "$T/f.db" check
	fi
done
expect 0 "$R" -d "$T/f.db" sync pull "$K"
dump "$T/k.db" >"$T/k.dump"; dump "$T/f.db" >"$T/f.dump"
same "$T/k.dump" "$T/f.dump"
expect 0 "$R" -d "$T/f.db" sync pull "$K";  out_has "0 changes applied"

# bulk writers before a database's first push are not recorded (that push
# sends a full snapshot); after it they are, and reach the others
U=$T/bulk.rh
expect 0 "$R" -d "$T/u.db" demo --accounts 5 --seed 9
if command -v sqlite3 >/dev/null 2>&1; then
	[ "$(sqlite3 "$T/u.db" 'SELECT count(*) FROM sync_outbox')" = 0 ] && ok ||
		fail "a never-pushed demo filled the outbox"
fi
printf 'key,name\nBULK1,Bulk One\n' >"$T/bulk1.csv"
expect 0 "$R" -d "$T/u.db" import accounts "$T/bulk1.csv"
expect 0 "$R" -d "$T/u.db" sync push "$U"
expect 0 "$R" -d "$T/v.db" sync pull "$U"
printf 'key,name\nBULK2,Bulk Two\nBULK3,Bulk Three\n' >"$T/bulk2.csv"
expect 0 "$R" -d "$T/u.db" import accounts "$T/bulk2.csv"
# two accounts and their first spectrum positions
expect 0 "$R" -d "$T/u.db" sync push "$U";     out_has "4 changes sent"
expect 0 "$R" -d "$T/v.db" sync pull "$U"
dump "$T/u.db" >"$T/u.dump"; dump "$T/v.db" >"$T/v.dump"
same "$T/u.dump" "$T/v.dump"
grep -q '^BULK1,Bulk One' "$T/v.dump" && grep -q '^BULK3,Bulk Three' "$T/v.dump" && ok ||
	fail "the bulk imports did not reach the other database"

finish
