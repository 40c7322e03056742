#!/bin/sh
# Account detail at 80x24 on the fixture portfolio, as of 2024-06-30:
# Enter on ACME opens it; Tab / S-Tab walk the eight sections; j moves the
# selection; q goes back to the list.  Then the editing paths, each checked
# in the database afterwards (rapport export): edit the account (a bad
# ladder is refused inline, then fixed), record an NPS response and a
# meeting (defaults: today, [user] me), add a contact, delete it (asks
# first); an edit refused because another process changed the account
# while the form was open (nothing overwritten); a new account from the
# list (a).  Timestamps the program cannot fix (change times) are masked.
. "$(dirname "$0")/lib.sh"
DB=$T/fixture.db
screen_fixture_db "$DB"
printf '[user]\nme = zoë\nname = Tess Tester\n' >"$T/rapport.ini"

# "2024-06-30 12:34" (a time of change, in UTC) -> "YYYY-MM-DD hh:mm"; the
# history's Who column (the login name of whoever runs the test) -> "who"
mask_times() {
	sed 's/[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]/YYYY-MM-DD hh:mm/g
	     s/^\( YYYY-MM-DD hh:mm \).\{10\} /\1who        /'
}
SCREEN_FILTER=mask_times

# export KIND, the rows of account ACME (or all with -a)
rows() { "$RAPPORT_BIN" -d "$DB" export "$1"; }
expect_line() {   # KIND LINE: LINE is among KIND's exported rows
	if rows "$1" | grep -qxF -- "$2"; then ok; else
		fail "$1: no row '$2'; export gives:"; rows "$1" | sed 's/^/  | /' >&2
	fi
}
expect_no_line() {
	if rows "$1" | grep -qxF -- "$2"; then
		fail "$1: row '$2' should not be there"; else ok; fi
}

screen_start 80 24 -d "$DB" -c "$T/rapport.ini"
screen_expect accounts_list-start
screen_keys Enter;        screen_expect detail-overview
screen_keys Tab;          screen_expect detail-contacts
screen_keys j;            screen_expect detail-contacts-down
screen_keys Tab;          screen_expect detail-team
screen_keys Tab;          screen_expect detail-nps
screen_keys Tab;          screen_expect detail-financials
screen_keys Tab;          screen_expect detail-activity
screen_keys Tab;          screen_expect detail-notes
screen_keys Tab;          screen_expect detail-history
screen_keys Tab;          screen_expect detail-overview
screen_keys BTab;         screen_expect detail-history
screen_keys Tab '?';      screen_expect detail-help
screen_keys Escape;       screen_expect detail-overview
screen_keys q;            screen_expect accounts_list-start

# edit the account: a bad value is shown at its field, nothing is written
screen_keys Enter e;      screen_expect detail-edit
screen_keys Down Down Down Down Down
screen_keys C-u;          screen_type 9
screen_keys Enter;        screen_expect detail-edit-bad-ladder
expect_line accounts "ACME,Acme Corp,Enterprise,Manufacturing,US,,6,250000.00,4,4,5,4,4,3,Key account since 2019"
screen_keys BSpace;       screen_type 7
screen_keys Up Right;     screen_expect detail-edit-fixed
screen_keys Enter;        screen_expect detail-edited
expect_line accounts "ACME,Acme Corp,Enterprise,Manufacturing,US,transactional,7,250000.00,4,4,5,4,4,3,Key account since 2019"

# quick entry: an NPS response (date today, survey relationship)
screen_keys n;            screen_expect detail-nps-form
screen_type 3
screen_keys Tab Tab;      screen_type 'Zoë Ångström'
screen_keys Tab Tab;      screen_type 'Late again ✗'
screen_keys Enter;        screen_expect detail-nps-saved
expect_line nps "ACME,3,2024-06-30,Zoë Ångström,relationship,Late again ✗"

# a meeting: date today, staff [user] me
screen_keys m;            screen_expect detail-meeting-form
screen_type 'Quarterly review'
screen_keys Tab;          screen_type 'Send the price menu'
screen_keys Enter;        screen_expect detail-meeting-saved
expect_line meetings "ACME,2024-06-30,zoë,Quarterly review,Send the price menu"

# a contact added from its section, then deleted (asks first; n keeps it)
screen_keys BTab BTab BTab BTab; screen_expect detail-contacts-again
screen_keys a;            screen_type 'Ünal Öz'
screen_keys Tab;          screen_type 'Buyer'
screen_keys Tab Tab Tab Right Right Right Right Right
screen_keys Enter;        screen_expect detail-contact-added
expect_line contacts "ACME,Ünal Öz,Buyer,,,buyer"
screen_keys D;            screen_expect detail-contact-delete-ask
screen_keys n;            screen_expect detail-contact-kept
expect_line contacts "ACME,Ünal Öz,Buyer,,,buyer"
screen_keys D y;          screen_expect detail-contact-deleted
expect_no_line contacts "ACME,Ünal Öz,Buyer,,,buyer"

# a conflict: the account changes underneath an open form; saving is
# refused, their version is loaded, nothing of theirs is overwritten
screen_keys Tab Tab Tab Tab Tab Tab Tab e
screen_keys Down Down;    screen_keys C-u; screen_type 'Mining'
printf 'key,name,industry\nACME,Acme Corporation,Aerospace\n' >"$T/other.csv"
"$RAPPORT_BIN" -d "$DB" import accounts "$T/other.csv" >/dev/null 2>&1 || fail "the other import failed"
screen_keys Enter;        screen_expect detail-conflict
expect_line accounts "ACME,Acme Corporation,Enterprise,Aerospace,US,transactional,7,250000.00,4,4,5,4,4,3,Key account since 2019"
screen_keys Escape;       screen_expect detail-conflict-kept-theirs
expect_line accounts "ACME,Acme Corporation,Enterprise,Aerospace,US,transactional,7,250000.00,4,4,5,4,4,3,Key account since 2019"

# a new account from the list
screen_keys q a;          screen_expect detail-new-account
screen_type 'NEWCO'
screen_keys Tab;          screen_type 'New Co Ltd'
screen_keys Enter;        screen_expect detail-new-account-saved
expect_line accounts "NEWCO,New Co Ltd,,,,,,,,,,,,,"
screen_keys q;            screen_expect detail-list-with-newco
screen_keys q
screen_expect_exit 0
finish
