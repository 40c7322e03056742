#!/bin/sh
# End to end: import the small portfolio of tests/data/reports (today is
# 2024-06-30, set by lib.sh) and compare `report ... --format csv` with the
# expected files, whose figures were worked out by hand; bad input exits 1
# and writes nothing to stdout.
. "$(dirname "$0")/lib.sh"
D=$RAPPORT_TESTDATA/reports
R=$RAPPORT_BIN
DB=$T/r.db

# Until import exists there is nothing to report on.
"$R" --help 2>/dev/null | grep -q 'import' || { echo "import not available: skipped"; exit 77; }

for k in staff accounts rates roles financials activities nps meetings projects problems; do
	expect 0 "$R" -d "$DB" import "$k" "$D/$k.csv"
done

# report NAME EXPECTED [OPTIONS...]
check() {
	rname=$1 rfile=$2; shift 2
	expect 0 "$R" -d "$DB" report "$rname" "$@" --format csv
	same "$T/out" "$D/$rfile"
}

check nps expected_nps.csv
check nps expected_nps_account.csv --by account
check nps expected_nps_segment.csv --by segment
check nps expected_nps_owner.csv --by owner
check nps expected_nps_month.csv --by month
check nps expected_nps_survey.csv --by survey
check nps expected_nps_range.csv --since 2024-03-01 --until 2024-05-31
check grid expected_grid.csv
check grid expected_grid_until.csv --until 2024-03-31
check whale expected_whale.csv
check ladder expected_ladder.csv
check spectrum expected_spectrum.csv
check wallet expected_wallet.csv
check wallet expected_wallet_until.csv --until 2024-03-31
check roles expected_roles.csv
check overdue expected_overdue.csv

# "as of" another day: a week later ACME's meeting is still due, its problem
# and BOLT's stay overdue
expect 0 env RAPPORT_TODAY=2024-07-11 "$R" -d "$DB" report overdue --format csv
out_has "ACME,relationship,ann,2024-01-10,2024-07-10,overdue"

# text: a header row, numbers right-aligned
expect 0 "$R" -d "$DB" report nps --by account
out_has "group  n  promoters  passives  detractors    nps    moe"
out_has "ACME   3          2         0           1   33.3  106.7"
expect 0 "$R" -d "$DB" report nps --by account --format text
out_has "CRÈME  1          1         0           0  100.0    0.0"

# json: the same rows as objects, numbers bare, missing values null
expect 0 "$R" -d "$DB" report whale --format json
out_has '{"rank":2,"account":"DUNE","profit":1440.05,"cum_profit_pct":169.1,"cum_accounts_pct":40.0},'
expect 0 "$R" -d "$DB" report spectrum --format json
out_has '{"account":"EMPTY","score":null,"position":null},'
if command -v python3 >/dev/null 2>&1; then
	for r in nps grid whale ladder spectrum wallet roles overdue; do
		"$R" -d "$DB" report "$r" --format json | python3 -c 'import json,sys; json.load(sys.stdin)' \
			&& ok || fail "report $r: json does not parse"
	done
fi

# bad input: exit 1, a message, nothing on stdout
for args in "nps --by region" "grid --by account" "nps --since 2024-02-30" \
	    "nps --since 2024-06-01 --until 2024-05-01" "nps --format xml" \
	    "roles --since 2024-01-01"; do
	# shellcheck disable=SC2086
	expect 1 "$R" -d "$DB" report $args
	[ -s "$T/out" ] && fail "report $args wrote to stdout" || ok
done
expect 1 "$R" -d "$DB" report nps --by region
err_has "region"
expect 1 "$R" -d "$DB" report grid --by account
err_has "--by"
# an unknown report is refused (1 or 2 by the CLI's choice), stdout empty
"$R" -d "$DB" report nope >"$T/out" 2>"$T/err"
st=$?
{ [ "$st" -eq 1 ] || [ "$st" -eq 2 ]; } && ok || fail "report nope: exit $st"
[ -s "$T/out" ] && fail "report nope wrote to stdout" || ok
err_has "nope"

finish
