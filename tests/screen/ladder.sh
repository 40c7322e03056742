#!/bin/sh
# Ladder and spectrum screen (key 6) on the fixture portfolio as of
# 2024-06-30, after some accounts moved: the loyalty x effort 2x2 and the
# members of a group (Tab steps through the groups, Enter opens an account),
# the rungs with the ladder moves, the spectrum spread with the position
# changes, help, 132x43 with every section at once, back to 80x24, Esc to
# the accounts.  Then an empty database.  The title bar (row 0) is left out
# of the dumps: other screens join it.
#
# The fixture: tests/screen/data imported "on" 2024-01-10 (every account's
# first spectrum_history row, no move), then data/ladder/accounts-DATE.csv
# imported on each DATE.  The audit log stamps the wall clock, so its ladder
# rows are re-dated to DATE with sqlite3 after each import.
#   2024-03-01 ZURICH rung 3 -> 2, transactional (25.0) -> collaborative (75.0)
#              (before the window 2024-04-02 .. 2024-06-30: not listed)
#   2024-05-20 ACME 6 -> 7, collaborative -> value-adding (explicit);
#              BOLT 2 -> 3, transactional -> value-adding (all 3s: 50.0);
#              ALPHA (rung 3 unchanged) unknown -> transactional (all 1s);
#              SEOUL 5 -> 4 (no attributes: stays unknown)
#   2024-06-25 ROCKET 4 -> 5, unknown -> collaborative (all 5s)
# Listed newest first, same day in the order recorded, last first:
#   ladder moves:   ROCKET 4->5 06-25, SEOUL 5->4, BOLT 2->3, ACME 6->7 (05-20)
#   position moves: ROCKET unknown->collaborative 06-25, ALPHA unknown->
#                   transactional, BOLT transactional->value-adding, ACME
#                   collaborative->value-adding (05-20)
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "SKIP: sqlite3 (the shell) not found"; exit 77; }
DB=$T/fixture.db
# screen_start waits for the title bar: the filter comes after it
start() { SCREEN_FILTER=; screen_start "$@"; SCREEN_FILTER="sed 1d"; }
RAPPORT_TODAY=2024-01-10
export RAPPORT_TODAY
screen_fixture_db "$DB"
for d in 2024-03-01 2024-05-20 2024-06-25; do
	RAPPORT_TODAY=$d "$RAPPORT_BIN" -d "$DB" import accounts "$SCREEN_DATA/ladder/accounts-$d.csv" \
		>"$T/import.out" 2>&1 || { cat "$T/import.out" >&2; exit 99; }
	sqlite3 "$DB" "UPDATE audit SET at = '${d}T09:00:00.000Z' WHERE kind = 'accounts'
		AND field = 'ladder' AND at > '2024-07'" || exit 99
done
unset RAPPORT_TODAY

# ---- the figures, from the reports on the same database ---------------------
# report ladder (cost-to-serve): ACME 7 3600.00, BOLT 3 1500.00, CRÈME 5
# 855.00, PEKING 7 3384.75, RED 1 4000.00, ROCKET 5 300.00, TOKYO 7 9000.00,
# ZURICH 2 8000.00.  Median of the eight: (3384.75 + 3600.00) / 2 = 3492.375.
# High (rung >= 5) and <= 3492.375: CRÈME, PEKING, ROCKET = 3 mvc (37.5% of
# 8); high and above: ACME, TOKYO = 2 partner (25.0%); low, below: BOLT = 1
# switcher (12.5%); low, above: RED, ZURICH = 2 undesirable (25.0%).
# Partners by cost-to-serve, highest first: TOKYO 9000.00, ACME 3600.00.
ladder_groups=$("$RAPPORT_BIN" -d "$DB" report ladder --format csv | awk -F, '
	NR > 1 { c[$NF]++ }
	END { printf "mvc=%d partner=%d switcher=%d undesirable=%d", c["mvc"], c["partner"],
	      c["switcher"], c["undesirable"] }')
[ "$ladder_groups" = "mvc=3 partner=2 switcher=1 undesirable=2" ] && ok ||
	fail "report ladder groups: $ladder_groups"
# report spectrum: ALPHA transactional; ACME, BOLT value-adding; CRÈME
# (explicit), LONG, ROCKET, ZURICH collaborative; the other 6 no position.
# Of 13: 1 = 7.7%, 2 = 15.4%, 4 = 30.8%, 6 = 46.2%.
spread=$("$RAPPORT_BIN" -d "$DB" report spectrum --format csv | awk -F, '
	NR > 1 { c[$NF == "" ? "unknown" : $NF]++ }
	END { printf "transactional=%d value-adding=%d collaborative=%d unknown=%d",
	      c["transactional"], c["value-adding"], c["collaborative"], c["unknown"] }')
[ "$spread" = "transactional=1 value-adding=2 collaborative=4 unknown=6" ] && ok ||
	fail "report spectrum spread: $spread"
# rungs of all 13 accounts: 8: LONG; 7: ACME, PEKING, TOKYO; 6: none;
# 5: CRÈME, ROCKET; 4: CAFE, SEOUL; 3: ALPHA, BOLT; 2: ZURICH; 1: RED;
# NOVA not rated.  Shares of the 12 rated: 1 = 8.3%, 2 = 16.7%, 3 = 25.0%.
rungs=$(sqlite3 "$DB" "SELECT group_concat(coalesce(ladder, 0) || ':' || n, ' ') FROM
	(SELECT ladder, count(*) AS n FROM accounts GROUP BY ladder ORDER BY ladder)")
[ "$rungs" = "0:1 1:1 2:1 3:2 4:2 5:2 7:3 8:1" ] && ok || fail "rungs: $rungs"

# The screen shows those counts: "<Group> ... <count>  <share>" per cell.
expect_counts() {
	for gc in MVC:3 Partner:2 Switcher:1 Undesirable:2; do
		grep -q " ${gc%:*}  *${gc#*:}  [0-9.]*%" "$SCREEN_EXPECTED/$1.txt" && ok ||
			fail "$1: ${gc%:*} does not show ${gc#*:}"
	done
}
expect_spread() {
	for pc in transactional:1 value-adding:2 collaborative:4 unknown:6; do
		grep -q " ${pc%:*}  *${pc#*:}  " "$SCREEN_EXPECTED/$1.txt" && ok ||
			fail "$1: ${pc%:*} does not show ${pc#*:}"
	done
}

start 80 24 -d "$DB"
screen_keys 6;            screen_expect ladder-groups
expect_counts ladder-groups
screen_keys Tab;          screen_expect ladder-partner
screen_keys j;            screen_expect ladder-partner-acme
screen_keys Enter
screen_wait_text "Overview" && screen_wait_text "ACME  Acme Corp" && ok
screen_keys q;            screen_expect ladder-partner-acme
screen_keys Tab Tab Tab;  screen_expect ladder-rungs
screen_keys G;            screen_expect ladder-rungs-bottom
screen_keys Tab;          screen_expect ladder-spectrum
expect_spread ladder-spectrum
screen_keys BTab;         screen_expect ladder-rungs-bottom
screen_keys '?';          screen_expect_rows ladder-help 1 2 3 4 5 6 7 8 9 10 11 12 13
screen_keys Escape;       screen_expect ladder-rungs-bottom
screen_resize 132 43;     screen_expect ladder-big
expect_counts ladder-big
expect_spread ladder-big
# from the ladder moves back to the undesirable group, its second member
# (by cost-to-serve, highest first: ZURICH 8000.00, RED 4000.00)
screen_keys BTab j;       screen_expect ladder-big-undesirable
screen_resize 80 24;      screen_expect ladder-undesirable
# w: the growth targets, the grid screen's list; 6 comes back as it was
screen_keys w;            screen_wait_text "Growth targets: 4 profitable accounts" && ok
screen_keys 6;            screen_expect ladder-undesirable
screen_keys Escape;       screen_wait_text "13 accounts" && ok
screen_keys q
screen_expect_exit 0

start 80 24 -d "$T/empty.db"
screen_keys 6;            screen_expect ladder-empty
screen_keys Tab j G Enter; screen_expect ladder-empty-keys
screen_keys q
screen_expect_exit 0
finish
