#!/bin/sh
# Roles screen (key 2) at 80x24 on the fixture portfolio, as of 2024-06-30:
# "my accounts" for [user] me = ann, overdue first; t for the whole team
# (never-met relationships first, then by due date, unassigned last);
# moving, help, back to the accounts list and q.  Then without [user] me:
# the whole team with a hint how to set it.  Then e, the form that clears a
# row: on ACME's project row (ERP link, finished without feedback) its edit
# form on the feedback score; 9 Enter stores it (rapport export) and back on
# the roles the row is ok and e on it says there is nothing to clear; on a
# relationship row e opens the meeting form, as m.
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

screen_start 80 24 -d "$DB" -c "$T/rapport.ini"
screen_keys 2;          screen_expect roles-me
screen_keys j j;        screen_expect roles-me-down2
screen_keys e;          screen_expect roles-clear-project-form
screen_type 9
screen_keys Enter;      screen_expect roles-clear-project-saved
want="ACME,ERP link,ann,2024-01-01,2024-06-10,EDI live by June,9"
if "$RAPPORT_BIN" -d "$DB" export projects | grep -qxF "$want"; then ok; else
	fail "projects: no row '$want'; export gives:"
	"$RAPPORT_BIN" -d "$DB" export projects | sed 's/^/  | /' >&2
fi
screen_keys q;          screen_expect roles-clear-project-cleared
screen_keys e;          screen_expect roles-clear-nothing
screen_keys g e;        screen_expect roles-clear-meeting-form
screen_keys Escape q;   screen_expect roles-clear-meeting-back
screen_keys q
screen_expect_exit 0
finish
