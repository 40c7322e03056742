#!/bin/sh
# End to end: options, exit codes, database location and safety, check,
# backup, demo, configuration errors.
. "$(dirname "$0")/lib.sh"
D=$RAPPORT_TESTDATA/basic
R=$RAPPORT_BIN

expect 0 "$R" --help;           out_has "Usage: rapport"
expect 0 "$R" -h;               out_has "import KIND FILE"
expect 0 "$R" -V;               out_has "rapport "
expect 2 "$R" --bogus;          err_has "Try 'rapport --help'"
expect 2 "$R" frobnicate;       err_has "unknown command 'frobnicate'"
expect 2 "$R" -d "$T/u.db" import;                    err_has "expected KIND and FILE"
expect 2 "$R" -d "$T/u.db" import widgets "$D/staff.csv"; err_has "unknown kind 'widgets'"
expect 2 "$R" -d "$T/u.db" export staff --format xml;  err_has "unknown format 'xml'"
expect 2 "$R" -d "$T/u.db" demo --accounts 0
expect 2 "$R" -d "$T/u.db" demo --accounts many
expect 0 "$R" import --help;    out_has "Usage: rapport import"
expect 1 "$R" -d "$T/u.db" import staff "$T/missing.csv"; err_has "missing.csv"

# the default database is created under XDG_DATA_HOME, mode 0600
expect 0 "$R" import staff "$D/staff.csv"
[ -f "$XDG_DATA_HOME/rapport/rapport.db" ] && ok || fail "default database not created"
[ "$(stat -c %a "$XDG_DATA_HOME/rapport/rapport.db")" = 600 ] && ok || fail "mode not 0600"
RAPPORT_DB="$T/env.db" "$R" import staff "$D/staff.csv" >/dev/null
[ -f "$T/env.db" ] && ok || fail "RAPPORT_DB ignored"

# summary, check, backup
expect 0 "$R" -d "$T/env.db";       out_has "staff"
expect 0 "$R" -d "$T/env.db" check; out_has "ok"
expect 1 "$R" -d "$T/none.db" check; err_has "no such database"
expect 0 "$R" -d "$T/env.db" backup "$T/copy.db"
expect 0 "$R" -d "$T/copy.db" export staff
same "$T/out" "$D/staff.csv"
expect 1 "$R" -d "$T/env.db" backup "$T/copy.db"; err_has "already exists"

# files that are not Rapport databases are refused and left untouched
head -c 10000 /dev/urandom >"$T/random.db"
cp "$T/random.db" "$T/random.orig"
expect 1 "$R" -d "$T/random.db" import staff "$D/staff.csv"; err_has "not a Rapport database"
same "$T/random.db" "$T/random.orig"
expect 1 "$R" -d "$T/random.db" check
sqlite3 "$T/other.db" "CREATE TABLE songs(title); INSERT INTO songs VALUES ('x');"
cp "$T/other.db" "$T/other.orig"
expect 1 "$R" -d "$T/other.db" import staff "$D/staff.csv"; err_has "another application"
same "$T/other.db" "$T/other.orig"
[ ! -e "$T/other.db-wal" ] && ok || fail "other.db-wal created"
mkdir "$T/dir.db"
expect 1 "$R" -d "$T/dir.db" check; err_has "is a directory"

# a damaged database: check says so and exits 1
"$R" -d "$T/big.db" demo --accounts 300 >/dev/null || fail "demo for damage test"
"$R" -d "$T/big.db" backup "$T/dmg.db" >/dev/null
size=$(stat -c %s "$T/dmg.db")
dd if=/dev/urandom of="$T/dmg.db" bs=4096 seek=8 count=$(( size / 4096 - 12 )) conv=notrunc 2>/dev/null
expect 1 "$R" -d "$T/dmg.db" check

# demo: deterministic, refuses a database with accounts
expect 0 "$R" -d "$T/d1.db" demo --accounts 40 --seed 9
expect 1 "$R" -d "$T/d1.db" demo;  err_has "accounts"
expect 0 "$R" -d "$T/d2.db" demo --accounts 40 --seed 9
for k in accounts contacts nps financials activities problems; do
	"$R" -d "$T/d1.db" export "$k" >"$T/d1.$k"
	"$R" -d "$T/d2.db" export "$k" >"$T/d2.$k"
	same "$T/d1.$k" "$T/d2.$k"
done
[ "$(sqlite3 "$T/d1.db" 'SELECT count(*) FROM accounts')" = 40 ] && ok || fail "demo account count"

# configuration
expect 1 "$R" -c "$T/nope.ini" -d "$T/env.db" check; err_has "nope.ini"
printf '[roles]\nmeeting_interval_days = 100\n[grid\n' >"$T/syntax.ini"
expect 1 "$R" -c "$T/syntax.ini" -d "$T/env.db" check; err_has "syntax.ini:3"
printf '[roles]\n\nmeeting_interval_days = soon\n' >"$T/value.ini"
expect 1 "$R" -c "$T/value.ini" -d "$T/env.db" check; err_has "value.ini:3"
printf '[roles]\nmeeting_intervall = 3\n' >"$T/unknown.ini"
expect 0 "$R" -c "$T/unknown.ini" -d "$T/env.db" check; err_has "unknown.ini:2: warning"
mkdir -p "$HOME/.config/rapport"
printf '[roles]\nproblem_days = 3\n' >"$HOME/.config/rapport/rapport.ini"
printf 'account,title,opened\nACME,Leak,2024-06-01\n' >"$T/p.csv"
"$R" -d "$T/cfg.db" import accounts "$D/accounts.csv" >/dev/null
expect 0 "$R" -d "$T/cfg.db" import problems "$T/p.csv"
[ "$(sqlite3 "$T/cfg.db" "SELECT due FROM problems")" = 2024-06-04 ] && ok || fail "[roles] problem_days from the default config"
# text reports never send stored escape sequences to the terminal, and
# wide characters keep the columns aligned: the name column is 15 wide
# ("?[31mRED?[0m Co"); 東京精密 takes 8 columns, so 7 spaces of padding,
# 2 between columns and 5 before the right-aligned 15.00 (net_margin is 10
# wide): 14 spaces
printf 'key,name\nRED,"\033[31mRED\033[0m Co"\nTOKYO,東京精密\n' >"$T/esc.csv"
printf 'account,period,revenue,cogs\nRED,2024,10,5\nTOKYO,2024,20,5\n' >"$T/escf.csv"
"$R" -d "$T/esc.db" import accounts "$T/esc.csv" >/dev/null
"$R" -d "$T/esc.db" import financials "$T/escf.csv" >/dev/null
expect 0 "$R" -d "$T/esc.db" report grid
out_has "?[31mRED?[0m Co  "
out_has "東京精密              15.00"
if tr -d '\n' <"$T/out" | grep -q "$(printf '\033')"; then fail "escape byte in text report"; else ok; fi

# Re-importing changed rows goes through the import's upsert: the cache
# marks its triggers write must not refuse the second row of one account
# (they did for financials: "UNIQUE constraint failed: profit_dirty")
printf 'key,name\nUPA,Upsert A\nUPB,Upsert B\n' >"$T/upa.csv"
printf 'handle,name\nann,Ann\nbob,Bob\n' >"$T/ups.csv"
printf 'account,period,revenue,cogs\nUPA,2024-Q1,100,50\nUPA,2024-Q2,100,50\nUPB,2024-Q1,70,10\n' >"$T/upf.csv"
printf 'account,staff,role\nUPA,ann,relationship\nUPA,ann,project\nUPB,ann,problem\n' >"$T/upr.csv"
"$R" -d "$T/ups.db" import accounts "$T/upa.csv" >/dev/null
"$R" -d "$T/ups.db" import staff "$T/ups.csv" >/dev/null
"$R" -d "$T/ups.db" import financials "$T/upf.csv" >/dev/null
"$R" -d "$T/ups.db" import roles "$T/upr.csv" >/dev/null
"$R" -d "$T/ups.db" report grid >/dev/null     # fills the profit cache
"$R" -d "$T/ups.db" report overdue >/dev/null  # fills the roles cache
sed 's/,100,/,300,/' "$T/upf.csv" >"$T/upf2.csv"
sed 's/,ann,/,bob,/' "$T/upr.csv" >"$T/upr2.csv"
expect 0 "$R" -d "$T/ups.db" import financials "$T/upf2.csv"; out_has "2 changed"
expect 0 "$R" -d "$T/ups.db" import roles "$T/upr2.csv"; out_has "3 changed"
# revenue 300+300 less cogs 50+50: net margin 500.00; every role now bob's
expect 0 "$R" -d "$T/ups.db" report grid --format csv; out_has "UPA,Upsert A,500.00,"
expect 0 "$R" -d "$T/ups.db" report roles --format csv; out_has "UPA,relationship,bob,,,overdue"
out_has "UPB,problem,bob,,,ok"
finish
