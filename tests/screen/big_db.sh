#!/bin/sh
# Paging through 2000 demo accounts at 80x24: ^F / PgDn, ^B, G to the end,
# g back, j past the bottom.  Demo names are generated, so the dumps keep
# only the header, footer and status rows; the list itself is checked by
# its keys against the sorted key column of 'rapport export accounts'.
. "$(dirname "$0")/lib.sh"
DB=$T/big.db
"$RAPPORT_BIN" -d "$DB" demo --accounts 2000 --seed 7 >/dev/null || { echo "ERROR: demo failed" >&2; exit 99; }
"$RAPPORT_BIN" -d "$DB" export accounts | sed 1d | cut -d, -f1 | LC_ALL=C sort >"$T/keys"
[ "$(wc -l <"$T/keys")" -eq 2000 ] || { echo "ERROR: export gave $(wc -l <"$T/keys") keys" >&2; exit 99; }

# the keys on list rows 2-21 and the reverse-video line
list_keys() { awk 'NR >= 3 && NR <= 22 { print $1 } /^-- reverse video/'; }
# keys N..N+19 of the sorted list, then row ROW in reverse video
list_of() {
	sed -n "$1,$(($1 + 19))p" "$T/keys"
	echo "-- reverse video on rows: 0 $2 23"
}
# expect_list N ROW [BUGN BUGROW]: keys N..N+19 shown with row ROW selected
# (or, a known bug, keys BUGN.. with row BUGROW: see screen_expect)
expect_list() {
	list_of "$1" "$2" >"$T/want"
	SCREEN_FILTER=list_keys
	if [ $# -eq 4 ]; then
		list_of "$3" "$4" >"$T/bug"
		screen_match "$T/want" "keys $1-$(($1 + 19)) with row $2 selected" \
			"$T/bug" "keys $3-$(($3 + 19)) with row $4 selected"
	else
		screen_match "$T/want" "keys $1-$(($1 + 19)) with row $2 selected"
	fi
	SCREEN_FILTER=
}

screen_start 80 24 -d "$DB"
screen_expect_rows big_db-start 0 1 22 23
expect_list 1 2
# ^F shows the next page with its first row selected; k on the first row
screen_keys C-f;     expect_list 21 2
screen_keys k;       expect_list 20 2
screen_keys NPage;   expect_list 40 2
# ^B / PgUp: the previous page with its last row selected; at the top they
# stop
screen_keys C-b;     expect_list 20 21
screen_keys PPage;   expect_list 1 21
screen_keys PPage;   expect_list 1 2
# G: the last page, last row selected; further down stops there
screen_keys G;       expect_list 1981 21
screen_keys NPage;   expect_list 1981 21
screen_keys j;       expect_list 1981 21
screen_expect_rows big_db-bottom 0 1 22 23
screen_keys g;       expect_list 1 2
# j moves the selection to the bottom row, then scrolls one account per key.
i=0
while [ $i -lt 25 ]; do screen_keys j; i=$((i + 1)); done
expect_list 7 21
screen_keys k;       expect_list 7 20
screen_keys q
screen_expect_exit 0
finish
