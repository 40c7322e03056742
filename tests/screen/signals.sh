#!/bin/sh
# The terminal is restored when the interface is ended by a signal: SIGTERM,
# SIGHUP, and SIGINT from ^C at the keyboard.  The program then leaves as
# on q, with status 0.
. "$(dirname "$0")/lib.sh"
DB=$T/fixture.db
screen_fixture_db "$DB"
for how in TERM HUP C-c; do
	screen_start 80 24 -d "$DB"
	screen_expect accounts_list-start
	case $how in
	C-*) screen_keys "$how" ;;
	*) kill -s "$how" "$(screen_pid)" ;;
	esac
	screen_expect accounts_list-quit
	screen_expect_exit 0
done
finish
