#!/bin/sh
# Roles screen (key 2) at 80x24 on the fixture portfolio, as of 2024-06-30:
# "my accounts" for [user] me = ann, overdue first; t for the whole team
# (never-met relationships first, then by due date, unassigned last);
# moving, help, back to the accounts list and q.  Then without [user] me:
# the whole team with a hint how to set it.
. "$(dirname "$0")/lib.sh"
DB=$T/fixture.db
screen_fixture_db "$DB"
printf '[user]\nme = ann\n' >"$T/rapport.ini"
screen_start 80 24 -d "$DB" -c "$T/rapport.ini"
screen_expect accounts_list-start
screen_keys 2;          screen_expect roles-me
screen_keys j j;        screen_expect roles-me-down2
screen_keys t;          screen_expect roles-team
screen_keys G;          screen_expect roles-team-bottom
screen_keys g;          screen_expect roles-team
screen_keys '?';        screen_expect roles-help
screen_keys Escape;     screen_expect roles-team
screen_keys 1;          screen_expect accounts_list-start
screen_keys 2;          screen_expect roles-team
screen_keys q;          screen_expect roles-quit
screen_expect_exit 0

screen_start 80 24 -d "$DB"
screen_keys 2;          screen_expect roles-no-me
screen_keys t;          screen_expect roles-no-me-t
screen_keys q
screen_expect_exit 0
finish
