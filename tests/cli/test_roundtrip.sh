#!/bin/sh
# End to end: import every kind, export, import the export into a new
# database, export again: byte-identical.  Upserts never duplicate.
. "$(dirname "$0")/lib.sh"
D=$RAPPORT_TESTDATA/basic
R=$RAPPORT_BIN
order="accounts staff contacts roles rates activities financials nps meetings projects problems"

for k in $order; do
	expect 0 "$R" -d "$T/a.db" import "$k" "$D/$k.csv"
done
out_has "imported 2 problems rows"
# the accounts file is already in export form: it comes back unchanged
expect 0 "$R" -d "$T/a.db" export accounts
same "$T/out" "$D/accounts.csv"

mkdir "$T/x1" "$T/x2"
for k in $order; do
	"$R" -d "$T/a.db" export "$k" >"$T/x1/$k.csv" || fail "export $k"
done
for k in $order; do
	expect 0 "$R" -d "$T/b.db" import "$k" "$T/x1/$k.csv"
done
for k in $order; do
	"$R" -d "$T/b.db" export "$k" >"$T/x2/$k.csv" || fail "export $k (2)"
	same "$T/x1/$k.csv" "$T/x2/$k.csv"
done

# re-importing natural-keyed kinds changes nothing and duplicates nothing
before=$(sqlite3 "$T/a.db" "SELECT count(*) FROM accounts; SELECT count(*) FROM contacts; SELECT count(*) FROM problems")
for k in accounts contacts problems roles; do
	expect 0 "$R" -d "$T/a.db" import "$k" "$D/$k.csv"
	out_has " 0 new, 0 changed"
done
after=$(sqlite3 "$T/a.db" "SELECT count(*) FROM accounts; SELECT count(*) FROM contacts; SELECT count(*) FROM problems")
[ "$before" = "$after" ] && ok || fail "counts changed on re-import: $before -> $after"

# events are added each time
expect 0 "$R" -d "$T/a.db" import nps - <"$D/nps.csv"
out_has "from <stdin>: 4 new"
[ "$(sqlite3 "$T/a.db" 'SELECT count(*) FROM nps')" = 8 ] && ok || fail "nps events not added"

# --dry-run writes nothing
expect 0 "$R" -d "$T/a.db" import nps "$D/nps.csv" --dry-run
out_has "dry run: nothing was written"
[ "$(sqlite3 "$T/a.db" 'SELECT count(*) FROM nps')" = 8 ] && ok || fail "dry run wrote"

# JSON export is valid JSON with one object per record
expect 0 "$R" -d "$T/a.db" export contacts --format json
cp "$T/out" "$T/contacts.json"
[ "$(sqlite3 :memory: "SELECT json_valid(readfile('$T/contacts.json')), json_array_length(readfile('$T/contacts.json')), json_extract(readfile('$T/contacts.json'), '\$[2].name')")" = "1|3|Élodie Martin" ] \
	&& ok || fail "contacts JSON"
expect 0 "$R" -d "$T/a.db" export financials --format json
cp "$T/out" "$T/fin.json"
[ "$(sqlite3 :memory: "SELECT json_extract(readfile('$T/fin.json'), '\$[0].revenue'), json_type(readfile('$T/fin.json'), '\$[0].cost_to_serve')")" = "120000.0|null" ] \
	&& ok || fail "financials JSON numbers"

# money and dates as stored
[ "$(sqlite3 "$T/a.db" "SELECT wallet FROM accounts WHERE key = 'BOLT'")" = 1200050 ] && ok || fail "wallet cents"
[ "$(sqlite3 "$T/a.db" "SELECT due FROM problems WHERE title = 'Damaged pallet'")" = 2024-06-27 ] && ok || fail "due"
finish
