#!/bin/sh
# End to end, issue 7: hostile files and environments, configuration and
# command-line mistakes, security properties, and two processes at once.
# Each refusal: a clear message, exit 1 (2 for usage), the database unchanged.
. "$(dirname "$0")/lib.sh"
D=$RAPPORT_TESTDATA/basic
R=$RAPPORT_BIN
db=$T/main.db
for k in staff accounts financials nps; do
	"$R" -d "$db" import "$k" "$D/$k.csv" >/dev/null || fail "setup $k"
done
snapshot() { for k in accounts staff financials nps; do "$R" -d "$1" export "$k"; done; }
snapshot "$db" >"$T/before"
unchanged() { snapshot "$1" >"$T/now"; same "$T/before" "$T/now"; }

# ---- files -------------------------------------------------------------------
# a database path whose folder does not exist (named with -d: not created)
expect 1 "$R" -d "$T/no/such/dir/x.db" import staff "$D/staff.csv"; err_has "x.db"
# a truncated database: refused or reported damaged, exit 1
cp "$db" "$T/trunc.db"
size=$(stat -c %s "$T/trunc.db")
truncate -s $((size / 2)) "$T/trunc.db"
expect 1 "$R" -d "$T/trunc.db" check
grep -qE "damaged|malformed|NOT SOUND|not sound" "$T/err" "$T/out" && ok || fail "truncated database: no clear message"

# a table dropped by another tool: the pages are sound, the database not
if command -v sqlite3 >/dev/null 2>&1; then
	cp "$db" "$T/dropped.db"
	sqlite3 "$T/dropped.db" "DROP TABLE notes"
	expect 1 "$R" -d "$T/dropped.db" check; out_has "table notes is missing"; err_has "not sound"
fi

# read-only file, and writable file in a read-only folder: reads work,
# writes are refused with a message.  Permissions do not bind root, so as
# root the commands run as nobody (setpriv), else the test user.
as_user=""
chmod 711 "$T"   # the other user passes through to its folders
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1; then
		as_user="setpriv --reuid=$(id -u nobody) --regid=$(id -g nobody) --clear-groups"
	else
		as_user=skip
	fi
fi
if [ "$as_user" != skip ]; then
	for how in file folder; do
		ro=$T/ro-$how
		mkdir -p "$ro/home"
		cp "$db" "$ro/r.db"
		[ -n "$as_user" ] && chown -R nobody "$ro"
		chmod 755 "$ro"
		if [ "$how" = file ]; then chmod 444 "$ro/r.db"; else chmod 644 "$ro/r.db"; chmod 555 "$ro"; fi
		# shellcheck disable=SC2086
		ro_run() { HOME=$ro/home $as_user "$R" -d "$ro/r.db" "$@"; }
		expect 0 ro_run report grid;          out_has "ACME"
		expect 0 ro_run export accounts;      out_has "ACME"
		expect 0 ro_run check;                out_has "ok"
		expect 0 ro_run;                      out_has "accounts"
		expect 1 ro_run import staff "$D/staff.csv"
		err_has "read-only"
		err_has "nothing was imported"
		chmod 755 "$ro"
		unchanged "$ro/r.db"
	done
fi

# a full disk, simulated by a file size limit just above the database's
# size: the import fails with a message, exit 1, the database unchanged and
# sound; a backup over the limit leaves no file behind
if command -v prlimit >/dev/null 2>&1; then
	cp "$db" "$T/full.db"
	awk 'BEGIN { print "key,name,notes"; for (i = 0; i < 20000; i++)
		printf "K%05d,Name %d,%0100d\n", i, i, i }' >"$T/big.csv"
	lim=$(( $(stat -c %s "$T/full.db") + 65536 ))
	expect 1 prlimit --fsize=$lim "$R" -d "$T/full.db" import accounts "$T/big.csv"
	err_has "disk"
	err_has "nothing was imported"
	unchanged "$T/full.db"
	expect 0 "$R" -d "$T/full.db" check
	mkdir "$T/bk"
	expect 1 prlimit --fsize=4096 "$R" -d "$T/full.db" backup "$T/bk/copy.db"
	[ -z "$(ls "$T/bk")" ] && ok || fail "a failed backup left files: $(ls "$T/bk")"
fi

# ---- configuration ---------------------------------------------------------------
printf '[colours]\ntitle = red\n[roles]\nmeeting_interval_days = 90\n' >"$T/sect.ini"
expect 0 "$R" -c "$T/sect.ini" -d "$db" check; err_has "sect.ini:1: warning: unknown section [colours]"
printf 'stray = 1\n' >"$T/stray.ini"
expect 0 "$R" -c "$T/stray.ini" -d "$db" check; err_has "stray.ini:1: warning"
printf '[roles]\nmeeting_interval_days\n' >"$T/nokv.ini"
expect 1 "$R" -c "$T/nokv.ini" -d "$db" check; err_has "nokv.ini:2: syntax error"
printf '[roles]\nmeeting_interval_days = -5\n' >"$T/neg.ini"
expect 1 "$R" -c "$T/neg.ini" -d "$db" report roles; err_has "neg.ini:2:"
[ -s "$T/out" ] && fail "a bad configuration still wrote a report" || ok
expect 1 "$R" -c "$T" -d "$db" check; err_has "Is a directory"

# ---- command line ------------------------------------------------------------------
expect 2 "$R" -d "$db" report nosuch;      err_has "unknown report 'nosuch'"; err_has "--help"
expect 2 "$R" -d "$db" import --bogus accounts x; err_has "rapport import: unknown option '--bogus'"
err_has "Try 'rapport --help'"
expect 2 "$R" -d "$db" export --format;    err_has "--help"
expect 2 "$R" --db;                        err_has "--help"
expect 2 "$R" -d "$db" check extra;        err_has "unexpected argument"
expect 2 "$R" -d "$db" backup;             err_has "expected FILE"
# messages quote arguments, file and column names: terminal escapes in
# them reach the terminal inert ('?'), never raw
esc=$(printf '\033]0;pwned\007\033[2J')
err_inert() {
	if LC_ALL=C grep -q "$(printf '[\033\007]')" "$T/err"; then
		fail "raw escape sequence in stderr: $(od -c "$T/err" | head -3)"
	else ok; fi
}
printf 'key,name,c%s\nA,B,c\n' "$esc" >"$T/eschead.csv"
expect 2 "$R" -d "$db" import "x$esc" "$D/staff.csv";  err_inert; err_has "unknown kind"
expect 2 "$R" -d "$db" "--x$esc";                      err_inert
expect 2 "$R" -d "$db" report nps "--by$esc";          err_inert
expect 2 "$R" -d "$db" report "n$esc";                 err_inert
expect 1 "$R" -d "$db" report nps --by "a$esc";        err_inert
expect 1 "$R" -d "$db" import accounts "$T/eschead.csv"; err_inert; err_has "eschead.csv:1:10: unknown column"
expect 1 "$R" -d "$db" import accounts "$T/no$esc.csv"; err_inert
expect 1 "$R" -c "$T/no$esc.ini" -d "$db" check;      err_inert
unchanged "$db"

# ---- security --------------------------------------------------------------------------
# values are bound, never spliced into SQL: quotes, semicolons and SQL
# round-trip as text and nothing else happens
cat >"$T/sql.csv" <<'EOF'
key,name,notes
Q1,"x'); DROP TABLE accounts; --","1; DELETE FROM staff"
Q2,"Robert"" ; --",%s%n%x
EOF
expect 0 "$R" -d "$T/sql.db" import accounts "$T/sql.csv"
expect 0 "$R" -d "$T/sql.db" export accounts
out_has "DROP TABLE accounts"
out_has "%s%n%x"
expect 0 "$R" -d "$T/sql.db" check; out_has "ok"
"$R" -d "$T/sql.db" report spectrum >"$T/out" 2>&1 && ok || fail "report over SQL-looking names"
# files are private whatever the umask: database, its -wal/-shm, backups,
# the data folder made for the default database
(
	umask 022
	"$R" -d "$T/mode.db" import staff "$D/staff.csv" >/dev/null
	"$R" -d "$T/mode.db" backup "$T/mode-copy.db" >/dev/null
	XDG_DATA_HOME=$T/xdg "$R" import staff "$D/staff.csv" >/dev/null
)
for f in mode.db mode-copy.db xdg/rapport/rapport.db; do
	[ "$(stat -c %a "$T/$f")" = 600 ] && ok || fail "$f: mode $(stat -c %a "$T/$f"), want 600"
done
for f in "$T"/mode.db-wal "$T"/mode.db-shm; do
	[ ! -e "$f" ] || { [ "$(stat -c %a "$f")" = 600 ] && ok || fail "$f: mode $(stat -c %a "$f")"; }
done
[ "$(stat -c %a "$T/xdg/rapport")" = 700 ] && ok || fail "data folder mode $(stat -c %a "$T/xdg/rapport")"
# exports to stdout are the shell's file, under its umask
(umask 022; "$R" -d "$db" export staff >"$T/staff.out")
[ "$(stat -c %a "$T/staff.out")" = 644 ] && ok || fail "export file mode"
# the audit log names who changed what: the login name, not the creator's
if command -v sqlite3 >/dev/null 2>&1; then
	USER=creator "$R" -d "$T/who.db" import staff "$D/staff.csv" >/dev/null
	printf 'handle,name\nann,Ann Lee-Smith\n' >"$T/who.csv"
	USER=creator "$R" -d "$T/who.db" import staff "$T/who.csv" >/dev/null
	who=$(sqlite3 "$T/who.db" "SELECT actor FROM audit WHERE field = 'name' AND new = 'Ann Lee-Smith'")
	[ "$who" = "$(id -un)" ] && ok || fail "audit names '$who' for a change by $(id -un)"
fi
# no shell, ever: the program calls no shell or command interpreter
if [ -d "${RAPPORT_SRCDIR:-}/src" ]; then
	if grep -rnE '\b(system|popen|wordexp|execl|execlp|execvp)[[:space:]]*\(' "$RAPPORT_SRCDIR/src" --include='*.c'; then
		fail "src/ runs a shell or command"
	else
		ok
	fi
fi

# ---- two processes at once --------------------------------------------------------------
# A long import holds the write lock; meanwhile other processes import,
# report and export.  Everyone succeeds: writers wait (busy timeout, BEGIN
# IMMEDIATE), readers read the last commit (WAL); nobody sees "locked".
awk 'BEGIN { print "key,name,segment"; for (i = 0; i < 6000; i++) printf "L%05d,Long %d,bulk\n", i, i }' >"$T/long.csv"
"$R" -d "$db" import accounts "$T/long.csv" >"$T/long.out" 2>"$T/long.err" &
long=$!
i=0
while [ $i -lt 6 ]; do
	printf 'key,name,notes\nACME,Acme Corp,edit %d\n' $i >"$T/e.csv"
	"$R" -d "$db" import accounts "$T/e.csv" >/dev/null 2>>"$T/conc.err" || fail "edit $i during a long import"
	"$R" -d "$db" report spectrum >/dev/null 2>>"$T/conc.err" || fail "report $i during a long import"
	"$R" -d "$db" export nps >/dev/null 2>>"$T/conc.err" || fail "export $i during a long import"
	i=$((i + 1))
done
wait $long && ok || { fail "the long import"; cat "$T/long.err" >&2; }
if grep -qi "locked\|busy" "$T/conc.err" "$T/long.err"; then fail "'locked' reached the user:"; cat "$T/conc.err" >&2; else ok; fi
expect 0 "$R" -d "$db" export accounts
out_has "ACME,Acme Corp,Enterprise,Manufacturing,US,,6,250000.00,4,4,5,4,4,3,edit 5"
[ "$(grep -c "^L[0-9]" "$T/out")" = 6000 ] && ok || fail "the long import is not all there: $(grep -c "^L[0-9]" "$T/out") rows"
finish
