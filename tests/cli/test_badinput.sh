#!/bin/sh
# End to end: bad files give FILE:LINE:COLUMN, exit 1, and change nothing.
# Positions are counted by hand from the fixture files (characters, 1-based).
. "$(dirname "$0")/lib.sh"
B=$RAPPORT_TESTDATA/bad
R=$RAPPORT_BIN
db=$T/bad.db
"$R" -d "$db" import accounts "$RAPPORT_TESTDATA/basic/accounts.csv" >/dev/null || fail "setup"
snapshot() { for k in accounts nps financials; do "$R" -d "$db" export "$k"; done; }
snapshot >"$T/before"

# bad KIND FILE POSITION [TEXT]: import fails at FILE:POSITION, nothing changes
bad() {
	expect 1 "$R" -d "$db" import "$1" "$B/$2"
	err_has "$B/$2:$3: "
	[ -n "${4:-}" ] && err_has "$4"
	err_has "nothing was imported"
}

bad accounts csv_unterminated.csv 2:15 "quote"
bad accounts csv_stray_quote.csv 2:12 "quote"
bad accounts csv_text_after_quote.csv 2:12
bad accounts csv_bad_utf8.csv 2:9 "UTF-8"
bad accounts csv_nul.csv 2:8 "NUL"
bad accounts csv_bom_middle.csv 3:1
bad accounts csv_fields.csv 3:10 "expected 3 fields, found 2"
bad accounts values_ladder.csv 3:8 "ladder"
bad accounts values_enum.csv 2:9 "relationship"
bad accounts header_duplicate.csv 1:10 "duplicate column"
bad accounts header_missing.csv 1:1 "missing required column \"name\""
bad accounts header_unknown.csv 1:10 "unknown column \"colour\""
bad accounts header_only.csv 2:1 "no data rows"
bad accounts empty.csv 1:1 "empty file"
bad nps values_date.csv 2:8 "date"
bad nps values_score.csv 2:6 "score"
bad nps values_unknown_account.csv 2:1 "unknown account \"NOPE\""
bad financials values_period.csv 2:6 "period"
bad financials values_negative_money.csv 2:14 "revenue"
bad financials values_nonnumeric_money.csv 2:14 "revenue"

# stdin is named <stdin>
expect 1 "$R" -d "$db" import nps - <"$B/values_score.csv"
err_has "<stdin>:2:6: score"

snapshot >"$T/after"
same "$T/before" "$T/after"
finish
