#!/bin/sh
# Review meeting screen (key 7) on the fixture portfolio, as of 2024-06-30.
#
# The agenda since 2024-06-30 - 90 days = 2024-04-01 (no review closed yet),
# rules in the default order.  Checked against the reports on the same data:
#   detractors  nps.csv responses 0-6 dated 2024-04-01..2024-06-30: TOKYO 2
#               (lowest 2), ZURICH 2 (2), CAFE 2 (6), CRÈME 1 (3), SEOUL 1
#               (3), RED 1 (4), ACME 1 (6), LONG 1 (6): 8 accounts, most
#               first, then lowest score, then key;
#   overdue     = `report overdue` (9 rows, 9 accounts): never met first
#               (BOLT LONG PEKING RED ROCKET SEOUL), then by due date;
#   aggressive  `report grid`: RED (profit -2500.00) and ZURICH (12000.00);
#   breakeven   margin < cost-to-serve: RED (1500 < 4000), BOLT (1000 < 1500);
#   quadrant    nothing: no closed review to compare with (said on screen);
#   spectrum    and ladder: nothing moved since (imports only record today).
# 8 + BOLT, PEKING, ROCKET (overdue only) = 11 accounts.
# ZURICH's summary: `report grid` margin 20000.00, cost 8000.00, profit
# 12000.00, aggressive; NPS over its 6 responses (2 promoters, 3
# detractors): 100*(2-3)/6 = -16.7; 2024-Q1: 3 responses 0.0; 2024-Q2: 3
# -33.3 (report nps --by account --since/--until each quarter); overdue as
# in `report overdue` (relationship, due 2023-01-05 + 182 = 2023-07-06).
. "$(dirname "$0")/lib.sh"
DB=$T/fixture.db
screen_fixture_db "$DB"
drop_title() { sed 1d; }   # the title bar grows as screens are added
start() { SCREEN_FILTER=; screen_start "$@"; SCREEN_FILTER=drop_title; }

start 80 24 -d "$DB"
screen_keys 7;          screen_expect review-agenda
screen_keys j;          screen_expect review-agenda-down
screen_keys n;          screen_expect review-summary-zurich
screen_keys n;          screen_expect review-summary-cafe
screen_keys d;          screen_expect review-decision-refused
screen_keys e;          screen_expect review-setup
screen_type 'Q2 review'
screen_keys Enter;      screen_expect review-started
screen_keys d;          screen_expect review-decision-form
screen_type 'Visit in July'
screen_keys Tab Right Enter
screen_expect review-decision-saved
screen_keys a
screen_type 'Send the new offer'
screen_keys Tab Right Tab C-u
screen_type '2024-13-01'
screen_keys Enter;      screen_expect review-action-bad-due
screen_keys C-u
screen_type '2024-07-10'
screen_keys Enter;      screen_expect review-action-saved
screen_keys q;          screen_expect review-list-started
screen_keys '?';        screen_expect review-help
screen_keys Escape
screen_resize 132 43;   screen_expect review-132x43
screen_resize 80 24
screen_keys c;          screen_expect review-close-ask
screen_keys y;          screen_expect review-closed
screen_keys q
screen_expect_exit 0

# the minutes of the review, as sent round: CAFE was the one account shown
# while the review was open (ZURICH was seen before it started), with why
# it was on the agenda (CAFE: 2 detractors since 2024-04-01, lowest 6)
out=$(RAPPORT_TODAY=2024-07-15 "$RAPPORT_BIN" -d "$DB" report minutes --format csv)
want='review,held_on,account,kind,text,owner,due
Q2 review,2024-06-30,CAFE,discussed,2 new detractors since 2024-04-01 (lowest 6),,
Q2 review,2024-06-30,CAFE,decision,Visit in July,ann,
Q2 review,2024-06-30,CAFE,action,Send the new offer,ann,2024-07-10'
[ "$out" = "$want" ] && ok || fail "report minutes: got
$out"
# the action item is overdue on 2024-07-15: in report overdue, after CAFE's roles
RAPPORT_TODAY=2024-07-15 "$RAPPORT_BIN" -d "$DB" report overdue --format csv | grep -qx 'CAFE,action,ann,,2024-07-10,overdue' &&
	ok || fail "report overdue lacks the action item"
"$RAPPORT_BIN" -d "$DB" export decisions | grep -qx 'CAFE,2024-06-30,Visit in July,ann' &&
	ok || fail "export decisions"

# a review closed: the next agenda counts from its day and compares quadrants
start 80 24 -d "$DB"
screen_keys 7;          screen_expect review-after-close
screen_keys q
screen_expect_exit 0
finish
