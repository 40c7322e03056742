#!/bin/sh
# Accounts screen through terminal resizes (SIGWINCH): wider, narrow, too
# small for anything but a note, and back, with the selection kept in view;
# q still quits from the "too small" note and restores the terminal.
. "$(dirname "$0")/lib.sh"
DB=$T/fixture.db
screen_fixture_db "$DB"
screen_start 80 24 -d "$DB"
screen_expect accounts_list-start
screen_keys j j j j j j j;   screen_expect accounts_resize-80x24-peking
screen_resize 132 40;        screen_expect accounts_resize-132x40
screen_resize 40 10;         screen_expect accounts_resize-40x10
screen_resize 20 5;          screen_expect accounts_resize-20x5
screen_keys j                # ignored while too small
screen_resize 80 24;         screen_expect accounts_resize-80x24-back
screen_resize 20 5;          screen_expect accounts_resize-20x5
screen_keys q;               screen_expect accounts_resize-quit
screen_expect_exit 0
finish
