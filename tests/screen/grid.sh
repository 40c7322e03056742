#!/bin/sh
# Grid screen (key 4): margin vs cost-to-serve, on the fixture portfolio
# (tests/screen/data) as of 2024-06-30, then on a 250-account demo
# portfolio checked against `rapport report grid|wallet --format csv`.
#
# The fixture's eight accounts with financials (report grid, all periods):
#   account  net_margin  cost_to_serve    profit  quadrant
#   ACME       40000.00        3600.00  36400.00  carriage-trade
#   BOLT        1000.00        1500.00   -500.00  bargain-basement  (below break-even)
#   CRÈME      45000.00         855.00  44145.00  passive
#   PEKING     50000.00        3384.75  46615.25  passive
#   RED         1500.00        4000.00  -2500.00  aggressive        (below break-even)
#   ROCKET      2000.00         300.00   1700.00  bargain-basement
#   TOKYO      60000.00        9000.00  51000.00  carriage-trade
#   ZURICH     20000.00        8000.00  12000.00  aggressive
# Splits (medians of eight: the mean of the 4th and 5th):
#   margin (20000 + 40000) / 2 = 30000.00; cost (3384.75 + 3600) / 2 = 3492.375
# Quadrants: passive 2, 44145 + 46615.25 = 90760.25; carriage trade 2,
#   36400 + 51000 = 87400.00; bargain basement 2, -500 + 1700 = 1200.00, one
#   losing (BOLT); aggressive 2, -2500 + 12000 = 9500.00, one losing (RED).
# Axes: cost 0 .. 9000 across, margin 0 .. 60000 up (fewer than 100
# accounts: the 1st-99th percentile range is min..max, and both take in 0).
#
# The cursor starts on the most profitable account, TOKYO (51000, top right).
# Moves (sub-cells of the 80x24 plot, 71 x 13 cells = 142 x 52 sub-cells:
# x = floor(cost / 9000 * 142), y = floor(margin / 60000 * 52), the top
# and right ends in the last):
#   TOKYO (141, 51) h -> ACME (56, 34): 85 left, 17 down, squared distance
#   7514; PEKING (53, 43) 88 left, 8 down: 7808; ZURICH (126, 17) is 34
#   down for 15 left: outside the 45 degree cone;
#   ACME h -> CRÈME (13, 39), 43 left 5 up (PEKING lies 3 left for 9 up and
#   BOLT (23, 0) 33 left for 34 down: outside; ROCKET (4, 1): farther);
#   CRÈME j -> ROCKET (4, 1): 38 down, 9 left, 1525 (BOLT: 39 down 10
#   right, 1621);  ROCKET Left -> nothing lies to the left: it stays.
# L lists the cursor's quadrant (bargain basement: ROCKET 1700, BOLT -500);
# Enter on BOLT opens it and puts the plot's cursor on it; Tab lists the
# aggressive quadrant (ZURICH 12000, RED -2500).  In the plot g is the most
# profitable account (TOKYO), G the least (RED), Tab from RED's quadrant
# (aggressive) the next one's best: passive, PEKING 46615.25.
#
# Growth targets (w), wallet over 2023-07-02 .. 2024-06-30 (report wallet):
# profitable in that window with a positive gap, largest gap first:
#   TOKYO 300000 of 500000 (60.0%, gap 200000), ACME 120000 of 250000 (48.0%,
#   130000), ZURICH 50000 of 150000 (33.3%, 100000), ROCKET 8000 of 30000
#   (26.7%, 22000).  LONG, PEKING and CRÈME have no revenue in the window
#   (PEKING's and CRÈME's period 2024 ends 2024-12-31): no profit, no target.
#   BOLT (gap 7000.50) made a loss.
. "$(dirname "$0")/lib.sh"
no_title() { sed 1d; }

DB=$T/fixture.db
screen_fixture_db "$DB"
screen_start 80 24 -d "$DB"
SCREEN_FILTER=no_title
screen_keys 4;          screen_expect grid-80
screen_keys h;          screen_expect grid-80-acme
screen_keys h j;        screen_expect grid-80-rocket
screen_keys Left;       screen_expect grid-80-rocket
screen_keys L;          screen_expect grid-80-list-bb
screen_keys j;          screen_expect grid-80-list-bb-bolt
screen_keys Enter;      screen_wait_text "Overview" && ok
screen_keys q;          screen_expect grid-80-list-bb-bolt
screen_keys Tab;        screen_expect grid-80-list-aggressive
screen_keys Escape;     screen_expect grid-80-bolt
screen_keys g;          screen_expect grid-80
screen_keys G;          screen_expect grid-80-red
screen_keys Tab;        screen_expect grid-80-peking
screen_keys w;          screen_expect grid-80-growth
screen_keys j j;        screen_expect grid-80-growth-zurich
screen_keys Enter;      screen_wait_text "Overview" && ok
screen_keys q;          screen_expect grid-80-growth-zurich
screen_keys q;          screen_expect grid-80-peking
screen_keys '?';        screen_expect grid-help
screen_keys Escape;     screen_expect grid-80-peking
screen_resize 132 43;   screen_expect grid-132-peking
screen_keys L;          screen_expect grid-132-list-passive
screen_keys L;          screen_expect grid-132-peking
screen_resize 80 24;    screen_expect grid-80-peking
screen_keys q
screen_expect_exit 0

# Without UTF-8: density characters and ASCII lines (names shown as '?').
SCREEN_FILTER=
LC_ALL=C screen_start 80 24 -d "$DB"
SCREEN_FILTER=no_title
screen_keys 4;          screen_expect grid-80-ascii
screen_keys q
screen_expect_exit 0

# No financials: a line saying what to do.
SCREEN_FILTER=
screen_start 80 24 -d "$T/empty.db"
SCREEN_FILTER=no_title
screen_keys 4;          screen_expect grid-80-empty
screen_keys q
screen_expect_exit 0

# A demo portfolio of 250 accounts: the legend and the cursor's account
# against `report grid`, the growth targets against `report wallet` joined
# with `report grid` over the wallet's window.
SCREEN_FILTER=
DEMO=$T/demo.db
RAPPORT_TODAY=2024-06-30 "$RAPPORT_BIN" -d "$DEMO" demo --accounts 250 --seed 7 >/dev/null ||
	{ echo "ERROR: demo failed" >&2; exit 99; }
RAPPORT_TODAY=2024-06-30 "$RAPPORT_BIN" -d "$DEMO" report grid --format csv >"$T/grid.csv"
RAPPORT_TODAY=2024-06-30 "$RAPPORT_BIN" -d "$DEMO" report grid --since 2023-07-02 --until 2024-06-30 \
	--format csv >"$T/grid-window.csv"
RAPPORT_TODAY=2024-06-30 "$RAPPORT_BIN" -d "$DEMO" report wallet --format csv >"$T/wallet.csv"

# the last four fields do not depend on commas in quoted names
awk -F, 'NR > 1 {
		q = $NF; gsub(/-/, " ", q)
		n[q]++; p[q] += $(NF - 1); if ($(NF - 3) + 0 < $(NF - 2) + 0) l[q]++
	}
	END { split("passive,carriage trade,bargain basement,aggressive", o, ",")
		for (i = 1; i <= 4; i++) printf "%s %d %.2f %d\n", o[i], n[o[i]], p[o[i]], l[o[i]] }' \
	"$T/grid.csv" >"$T/legend.want"
# the most profitable account (ties by key: the csv is in key order)
awk -F, 'NR > 1 && (best == "" || $(NF - 1) + 0 > bp) { best = $1; bp = $(NF - 1) + 0;
		line = sprintf("margin %s  cost-to-serve %s  profit %s", $(NF - 3), $(NF - 2), $(NF - 1)) }
	END { print best; print line }' "$T/grid.csv" >"$T/cursor.want"
# growth targets: profit over the window > 0 and gap > 0, by gap then key
awk -F, 'FNR == 1 { next } FILENAME == ARGV[1] { profit[$1] = $(NF - 1) + 0; next }
	profit[$1] > 0 && $NF + 0 > 0 { print $1 }' "$T/grid-window.csv" "$T/wallet.csv" >"$T/targets.want"

screen_start 132 43 -d "$DEMO"
screen_keys 4
screen_wait_text "margin split" && ok
screen_settle
sed -n 's/^ [> ] \(passive\|carriage trade\|bargain basement\|aggressive\)  *\([0-9][0-9]*\)  *\(-\{0,1\}[0-9.]*\)  *\([0-9][0-9]*\)  .*/\1 \2 \3 \4/p' \
	"$T/prev" >"$T/legend.got"
if cmp -s "$T/legend.want" "$T/legend.got"; then ok; else
	fail "quadrant totals differ from report grid (want, got):"
	paste "$T/legend.want" "$T/legend.got" >&2
fi
read -r best <"$T/cursor.want"
want_line=$(sed -n 2p "$T/cursor.want")
grep -q "^ $best " "$T/prev" && grep -qF "$want_line" "$T/prev" && ok ||
	fail "the cursor is not on $best ($want_line)"
screen_keys w
screen_wait_text "Growth targets:" && ok
screen_wait_text "$(wc -l <"$T/targets.want" | tr -d ' ') profitable accounts" && ok
screen_settle
# the 38 rows shown: rows 3.. of the screen, the key in the second column
awk 'NR > 3 && NF > 3 && $1 ~ /^[0-9]+$/ { print $2 }' "$T/prev" >"$T/targets.got"
head -n "$(wc -l <"$T/targets.got")" "$T/targets.want" >"$T/targets.head"
if [ -s "$T/targets.got" ] && cmp -s "$T/targets.head" "$T/targets.got"; then ok; else
	fail "growth targets differ from report wallet (want, got):"
	paste "$T/targets.head" "$T/targets.got" >&2
fi
screen_keys q q
screen_expect_exit 0
finish
