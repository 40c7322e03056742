#!/bin/sh
# A new, empty database: the accounts screen says what to do next, and
# moving, paging, sorting, searching and opening on an empty list are
# harmless.
. "$(dirname "$0")/lib.sh"
screen_start 80 24 -d "$T/new.db"
screen_expect empty_db-start
screen_keys j k G g C-f C-b Down Up NPage PPage Enter
screen_expect empty_db-start
screen_keys /;               screen_type x;      screen_expect empty_db-search
screen_keys Escape;          screen_expect empty_db-start
screen_keys s;               screen_expect empty_db-sorted
screen_keys q
screen_expect_exit 0
[ -f "$T/new.db" ] && ok || fail "the database file was not created"
finish
