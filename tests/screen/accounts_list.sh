#!/bin/sh
# Accounts screen at 80x24 on the fixture portfolio: the first screen,
# moving the selection (j/k, arrows, g/G), sorting by every column and
# reversing, incremental search (ASCII, non-ASCII, no match, Enter keeps
# the filter, Esc clears), the help overlay, and q restoring the terminal.
. "$(dirname "$0")/lib.sh"
DB=$T/fixture.db
screen_fixture_db "$DB"
screen_start 80 24 -d "$DB"
screen_expect accounts_list-start

# selection: j/k and the arrow keys; k at the top stays there
screen_keys j j Down;     screen_expect accounts_list-down3
screen_keys k Up;         screen_expect accounts_list-up2
screen_keys k k;          screen_expect accounts_list-start
screen_keys G;            screen_expect accounts_list-bottom
screen_keys j;            screen_expect accounts_list-bottom
screen_keys g;            screen_expect accounts_list-start
screen_keys End;          screen_expect accounts_list-bottom
screen_keys Home;         screen_expect accounts_list-start

# sort: s steps through the columns, r reverses
screen_keys s;            screen_expect accounts_list-sort-name
screen_keys r;            screen_expect accounts_list-sort-name-reversed
screen_keys s;            screen_expect accounts_list-sort-segment
screen_keys s;            screen_expect accounts_list-sort-owner
screen_keys s;            screen_expect accounts_list-sort-nps
screen_keys r;            screen_expect accounts_list-sort-nps-reversed
screen_keys s;            screen_expect accounts_list-sort-quadrant
screen_keys s;            screen_expect accounts_list-sort-ladder
screen_keys s;            screen_expect accounts_list-sort-key

# search: / then typing narrows at each key, Backspace widens, Esc clears
screen_keys /;            screen_expect accounts_list-search-open
screen_type co;           screen_expect accounts_list-search-co
screen_keys BSpace;       screen_expect accounts_list-search-c
screen_keys Escape;       screen_expect accounts_list-start
screen_keys /;            screen_type '東京';  screen_expect accounts_list-search-tokyo
screen_keys Escape;       screen_keys / ;      screen_type 'zü'
screen_expect accounts_list-search-zurich
screen_keys C-u;          screen_type xyz;     screen_expect accounts_list-search-none
screen_keys C-u;          screen_type co;      screen_keys Enter
screen_expect accounts_list-search-kept
screen_keys j;            screen_expect accounts_list-search-kept-down
screen_keys Escape;       screen_expect accounts_list-start

# help: ? shows this screen's keys; any key closes it
screen_keys '?';          screen_expect accounts_list-help
screen_keys j;            screen_expect accounts_list-start

# q quits: the program ends and the terminal is as it was
screen_keys q;            screen_expect accounts_list-quit
screen_expect_exit 0
finish
