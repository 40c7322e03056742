#!/bin/sh
# Whale curve (key 5).  Fixture data/whale: 12 accounts, one financial year
# each (W03 in two quarters: 30000-10000-1000 + 30000-10000-9000 = 30000).
# Profit = revenue - cogs - cost_to_serve:
#   W01 90000.00  W02 60000.00  W03 30000.00  W04 25000.55  W05 15000.00
#   W06  8000.00  W07  2000.00  W08     0.00  W09 -5000.00  W10 -20000.05
#   W11 -45000.00 W12 -70000.00
# total = 230000.55 - 140000.05 = 90000.50.  Running sums, ranks 1-12:
#   90000 150000 180000 205000.55 220000.55 228000.55 230000.55 230000.55
#   225000.55 205000.50 160000.50 90000.50; / 90000.50 * 100, one decimal:
#   100.0 166.7 200.0 227.8 244.4 253.3 255.6 255.6 250.0 227.8 177.8 100.0
# peak: the first highest running sum, rank 7 = 230000.55 -> 255.6%, at
#   7/12 = 58.3% of accounts; tail: ranks 8-12 (5 accounts), loss
#   230000.55 - 90000.50 = 140000.05; top 20%: ceil(12 * 0.2) = 3 accounts
#   earn 180000 / 90000.50 = 200.0%.
# Every row shown is also checked against `rapport report whale --format
# csv` on the same database (check_rows), and the peak in the header against
# the csv's highest cum_profit_pct (check_peak).
#
# Then: 80x24 -> j j (the cursor on the curve follows) -> Tab (tail, least
# profitable first) -> G -> help -> Enter opens the account -> q back ->
# resize to 132x43 -> Tab -> q.  The shared fixture (UTF-8 names, peak
# 101.6% at 75.0%), a portfolio losing money in total (data/whale_loss:
# 5000 - 3000 - 7500 = -5500.00: no % of it, the curve in money), an empty
# database, and the ASCII fallback (LC_ALL=C).
. "$(dirname "$0")/lib.sh"

# the title bar (row 0) lists every screen: not this test's business
no_title() { sed '1s/.*/(title bar)/'; }

# check_rows DB: every list row on the screen (rank key name profit cum)
# equals the report's row for that rank.
check_rows() {
	"$RAPPORT_BIN" -d "$1" report whale --format csv >"$T/whale.csv" || fail "report whale failed"
	screen_dump "$T/rows"
	n=0
	while read -r rank key profit cum; do
		want=$(awk -F, -v r="$rank" 'NR > 1 && $1 == r { print $2 " " $3 " " $4 }' "$T/whale.csv")
		if [ "$want" = "$key $profit $cum" ]; then ok; else
			fail "rank $rank on screen: '$key $profit $cum', report: '$want'"
		fi
		n=$((n + 1))
	done <<ROWS
$(awk '/^ +[0-9]+ [^ ]/ && NF >= 4 { print $1, $2, $(NF - 1), $NF }' "$T/rows")
ROWS
	[ "$n" -gt 0 ] && ok || fail "no list rows on the screen to check"
}

# check_peak DB: the header's peak is the report's row where the running sum
# of profit (in cents, exact) is first highest: its cum_profit_pct and
# cum_accounts_pct.  (Not the first highest rounded %: on a plateau that
# can come earlier.)
check_peak() {
	"$RAPPORT_BIN" -d "$1" report whale --format csv >"$T/whale.csv" || fail "report whale failed"
	peak=$(awk -F, 'NR > 1 { cum += sprintf("%.0f", $3 * 100) + 0
			if (NR == 2 || cum > best) { best = cum; pct = $4; at = $5 } }
		END { print "peak " pct "% at " at "% of accounts" }' "$T/whale.csv")
	screen_dump "$T/head"
	grep -qF "$peak" "$T/head" && ok || fail "'$peak' (from the report) is not on the screen"
}

DB=$T/whale.db
screen_fixture_db "$DB" "$SCREEN_DATA/whale"
screen_start 80 24 -d "$DB"
SCREEN_FILTER=no_title
screen_keys 5;          screen_expect whale-80
check_rows "$DB"; check_peak "$DB"
screen_keys j j;        screen_expect whale-80-down2
screen_keys Tab;        screen_expect whale-80-tail
check_rows "$DB"
screen_keys G;          screen_expect whale-80-tail-bottom
screen_keys g;          screen_expect whale-80-tail
# the help: this screen's keys (rows 1-12; the global keys list every screen)
screen_keys '?';        screen_expect_rows whale-help 1 2 3 4 5 6 7 8 9 10 11 12
screen_keys Escape;     screen_expect whale-80-tail
screen_keys Enter;      screen_wait_text "Right Whale Aerospace" && ok
screen_keys q;          screen_expect whale-80-tail
screen_resize 132 43;   screen_expect whale-132-tail
screen_keys Tab;        screen_expect whale-132
check_rows "$DB"; check_peak "$DB"
screen_resize 80 24;    screen_expect whale-80-down2
screen_keys q
screen_expect_exit 0

SCREEN_FILTER=
FDB=$T/fixture.db
screen_fixture_db "$FDB"
screen_start 80 24 -d "$FDB"
SCREEN_FILTER=no_title
screen_keys 5;          screen_expect whale-fixture
check_rows "$FDB"; check_peak "$FDB"
screen_keys Tab;        screen_expect whale-fixture-tail
check_rows "$FDB"
screen_keys q
screen_expect_exit 0

SCREEN_FILTER=
LDB=$T/loss.db
screen_fixture_db "$LDB" "$SCREEN_DATA/whale_loss"
screen_start 80 24 -d "$LDB"
SCREEN_FILTER=no_title
screen_keys 5;          screen_expect whale-loss
screen_keys q
screen_expect_exit 0

SCREEN_FILTER=
screen_start 80 24 -d "$T/empty.db"
SCREEN_FILTER=no_title
screen_keys 5;          screen_expect whale-empty
screen_keys q
screen_expect_exit 0

SCREEN_FILTER=
keep=$LC_ALL
LC_ALL=C
screen_start 80 24 -d "$DB"
LC_ALL=$keep
SCREEN_FILTER=no_title
screen_keys 5;          screen_expect whale-ascii
screen_keys q
screen_expect_exit 0
finish
