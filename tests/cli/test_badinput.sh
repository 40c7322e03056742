#!/bin/sh
# End to end: bad files give FILE:LINE:COLUMN, exit 1, and change nothing.
# Positions are counted by hand from the fixture files (characters, 1-based).
. "$(dirname "$0")/lib.sh"
B=$RAPPORT_TESTDATA/bad
R=$RAPPORT_BIN
db=$T/bad.db
"$R" -d "$db" import accounts "$RAPPORT_TESTDATA/basic/accounts.csv" >/dev/null || fail "setup"
"$R" -d "$db" import staff "$RAPPORT_TESTDATA/basic/staff.csv" >/dev/null || fail "setup staff"
snapshot() { for k in accounts nps financials roles contacts activities problems; do "$R" -d "$db" export "$k"; done; }
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

# more of issue 7's corpus: fields, ranges, calendars, money, references, words
bad accounts csv_fields_many.csv 2:11 "expected 2 fields, found 3"
bad nps values_score_range.csv 2:6 "score: \"11\" is not between 0 and 10"
bad nps values_date_month.csv 2:8 "not a calendar date"
bad nps values_date_leap.csv 2:8 "\"2023-02-29\" is not a calendar date"
bad nps values_enum_survey.csv 2:19 "survey: \"email\" is not one of"
bad financials values_period_month.csv 2:6 "month is not between 01 and 12"
bad financials values_money_comma.csv 2:11 "has a comma"
bad financials values_money_decimals.csv 2:11 "more than two decimals"
bad financials values_money_words.csv 2:11 "is not a number"
bad roles values_unknown_staff.csv 2:6 "unknown staff member \"nobody\""
bad roles values_enum_role.csv 2:10 "role: \"boss\" is not one of"
bad activities values_unknown_activity.csv 2:17 "unknown activity \"juggling\""
bad contacts values_enum_buying_role.csv 2:10 "buying_role: \"king\""
bad accounts values_ladder_fraction.csv 2:9 "not a whole number"
bad accounts values_spectrum.csv 2:9 "dynamism: \"6\" is not between 1 and 5"
bad accounts values_empty_key.csv 2:1 "key: must not be empty"
bad problems values_due_before_opened.csv 2:22 "is before opened"

# generated: a 10 MB quoted field, a 3 MB unquoted line, a header of
# 100000 columns; each refused at its place, quickly, without a crash
G=$T/gen
mkdir -p "$G"
{ printf 'key,name,notes\nACME,Acme,"'; head -c 10485760 /dev/zero | tr '\0' x; printf '"\n'; } >"$G/field10mb.csv"
{ printf 'key,name,notes\nACME,Acme,'; head -c 3145728 /dev/zero | tr '\0' y; printf '\n'; } >"$G/longline.csv"
{ i=0; while [ $i -lt 99999 ]; do printf 'c%d,' $i; i=$((i + 1)); done; printf 'last\n'; } >"$G/wide.csv"
B=$G bad accounts field10mb.csv 2:11 "field longer than"
B=$G bad accounts longline.csv 2:11 "field longer than"
B=$G bad accounts wide.csv 1:1 "unknown column \"c0\""

# stdin is named <stdin>
expect 1 "$R" -d "$db" import nps - <"$B/values_score.csv"
err_has "<stdin>:2:6: score"

snapshot >"$T/after"
same "$T/before" "$T/after"
finish
