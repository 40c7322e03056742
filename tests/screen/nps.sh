#!/bin/sh
# NPS screen (key 3) on the fixture portfolio plus data/nps_comments.csv
# (two newer responses with comments), at 80x24 and 132x43: the overall
# score, the breakdowns (b), the 0-10 distribution, the monthly trend, the
# recent detractors (Enter opens one), a month of the breakdown as the range
# (Enter), a typed range (d), a bad date refused, Esc back to all dates,
# help, a resize; then an empty database.  Keys that move wait for the
# figures (a breakdown switched with b is computed when idle).  Row 0 (the title bar, which
# lists the screens) is left out of the dumps.
#
# The figures are `rapport report nps` on the same database; the report's
# CSV is pinned below and every figure on the screens is one of these.
# Worked by hand from data/nps.csv (52 responses) + nps_comments.csv
# (ROCKET 2 and BOLT 8 in 2024-06):
#   all: n 54; promoters (9-10) 7 tens + 16 nines = 23; passives (7-8)
#   9 eights + 1 (BOLT) + 6 sevens = 16; detractors (0-6) 14 + 1 (ROCKET) = 15.
#   NPS 100*(23-15)/54 = 14.81 -> 14.8; p = 23/54, d = 15/54,
#   moe = 1.96*sqrt((p+d-(p-d)^2)/54)*100 = 1.96*sqrt(0.68176/54)*100 = 22.0.
#   distribution: 10:7 9:16 8:10 7:6 6:4 5:2 4:1 3:3 2:3 1:1 0:1 (sum 54;
#   9-10 = 23, 0-6 = 15: the counts above).
#   2024-06: 8 fixture responses + 2 = 10, P 4, passives 3, D 3 -> 10.0.
#   Trend (6 months: 50.0 55.6 33.3 -55.6 0.0 10.0), scaled low..high over
#   eight blocks, level = floor((s - low) * 7 / (high - low)) in tenths:
#   (1056*7/1112)=6, 7, (889*7/1112)=5, 0, (556*7/1112)=3, (656*7/1112)=4
#   -> ▇█▆▁▄▅.
#   2024-04-01..2024-05-31: 18 responses, P 4, D 9 -> 100*(4-9)/18 = -27.8.
. "$(dirname "$0")/lib.sh"
DB=$T/fixture.db
screen_fixture_db "$DB"
"$RAPPORT_BIN" -d "$DB" import nps "$SCREEN_DATA/nps_comments.csv" >/dev/null || exit 99

# report_is ARGS... <<EXPECTED: the report's CSV is EXPECTED
report_is() {
	cat >"$T/want"
	"$RAPPORT_BIN" -d "$DB" report nps "$@" --format csv >"$T/got" 2>&1
	cmp -s "$T/want" "$T/got" && ok ||
		{ fail "report nps $*:"; diff -u "$T/want" "$T/got" >&2; }
}
report_is <<'CSV'
group,n,promoters,passives,detractors,nps,moe
all,54,23,16,15,14.8,22.0
CSV
report_is --by segment <<'CSV'
group,n,promoters,passives,detractors,nps,moe
Enterprise,17,8,5,4,23.5,38.3
Mid-market,10,3,1,6,-30.0,55.8
SMB,15,5,7,3,13.3,36.3
Öffentlich,12,7,3,2,41.7,43.0
CSV
report_is --by owner <<'CSV'
group,n,promoters,passives,detractors,nps,moe
ann,16,8,3,5,18.8,43.2
bob,11,2,7,2,0.0,35.6
marguerite,6,2,1,3,-16.7,71.8
zoë,16,9,4,3,37.5,38.3
unassigned,5,2,1,2,0.0,78.4
CSV
report_is --by survey <<'CSV'
group,n,promoters,passives,detractors,nps,moe
relationship,18,6,4,8,-11.1,40.4
transaction,19,8,8,3,26.3,32.1
problem,17,9,4,4,29.4,39.1
CSV
report_is --by month <<'CSV'
group,n,promoters,passives,detractors,nps,moe
2024-01,8,5,2,1,50.0,49.0
2024-02,9,5,4,0,55.6,32.5
2024-03,9,5,2,2,33.3,53.3
2024-04,9,1,2,6,-55.6,44.7
2024-05,9,3,3,3,0.0,53.3
2024-06,10,4,3,3,10.0,51.5
CSV
report_is --since 2024-04-01 --until 2024-05-31 <<'CSV'
group,n,promoters,passives,detractors,nps,moe
all,18,4,5,9,-27.8,37.1
CSV
report_is --by segment --since 2024-04-01 --until 2024-05-31 <<'CSV'
group,n,promoters,passives,detractors,nps,moe
Enterprise,7,1,2,4,-42.9,54.0
Mid-market,4,0,0,4,-100.0,0.0
SMB,3,0,3,0,0.0,0.0
Öffentlich,4,3,0,1,50.0,84.9
CSV
report_is --since 2024-03-01 --until 2024-03-31 <<'CSV'
group,n,promoters,passives,detractors,nps,moe
all,9,5,2,2,33.3,53.3
CSV

screen_start 80 24 -d "$DB"
SCREEN_FILTER="sed 1d"   # after the start: it waits for "Rapport" in row 0
screen_keys 3;               screen_expect nps-80
screen_keys j j;             screen_expect nps-80-down2
# the third detractor is CRÈME (2024-06-12): Enter opens it, q comes back
screen_keys Enter;           screen_wait_text "CRÈME  Crème Brûlée SARL" && ok
screen_keys q;               screen_expect nps-80-down2
screen_keys b;               screen_expect nps-80-owner
screen_keys b;               screen_expect nps-80-survey
screen_keys b Tab;           screen_expect nps-80-month
screen_keys j j;             screen_expect nps-80-month-down2
screen_keys Enter;           screen_expect nps-80-march
screen_keys Escape;          screen_expect nps-80-month-all
screen_keys d;               screen_expect nps-80-since
screen_type 2024-04-01;      screen_keys Enter
screen_type 2024-05-31;      screen_keys Enter
screen_keys b;               screen_expect nps-80-range
screen_keys d;               screen_keys C-u; screen_type 2024-13-01; screen_keys Enter
screen_expect nps-80-bad-date
screen_keys Escape;          screen_expect nps-80-range-kept
screen_keys Escape;          screen_keys g; screen_expect nps-80-segment-all
# help: this screen's keys (rows 1-15; the global list below grows with
# every screen added)
screen_keys '?';             screen_expect_rows nps-help 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15
screen_keys Escape
screen_resize 132 43;        screen_expect nps-132
screen_keys Tab G;           screen_expect nps-132-bottom
screen_resize 80 24;         screen_expect nps-80-back
screen_keys q
screen_expect_exit 0

# an empty database: a hint instead of figures
SCREEN_FILTER=
screen_start 80 24 -d "$T/empty.db"
SCREEN_FILTER="sed 1d"
screen_keys 3;               screen_expect nps-empty
screen_keys q
screen_expect_exit 0
finish
