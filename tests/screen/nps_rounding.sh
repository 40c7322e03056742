#!/bin/sh
# NPS on the accounts screen, rounded to whole points: 100*(P-D)/n from the
# exact counts, halves away from zero (as everywhere in Rapport), never
# rounded twice and never shown as "-0".  Each account's name is its sum;
# data/rounding/ holds the responses.
. "$(dirname "$0")/lib.sh"
DB=$T/rounding.db
screen_fixture_db "$DB" "$SCREEN_DATA/rounding"
screen_start 80 24 -d "$DB"
screen_expect nps_rounding
screen_keys q
screen_expect_exit 0
finish
