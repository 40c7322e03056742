#!/bin/sh
# The interface against hostile terminals and data (issue 7):
# - started in a 10x3 terminal it shows its "too small" note, ignores keys,
#   and comes up whole when the terminal grows;
# - a resize storm (60 sizes in quick succession, down to 10x3) leaves it
#   alive, drawing the right screen at the final size, and q still quits
#   cleanly;
# - names holding terminal escape sequences (set the window title, clear
#   the screen, tmux passthrough) and a 300-character name are shown inert
#   ('?' for the control bytes), in the list, the detail and a search; the
#   window title is not changed;
# - a change made by another process shows when the data is shown next;
# - on a read-only database it browses, and a save is refused with a
#   message (nothing written).
. "$(dirname "$0")/lib.sh"
DB=$T/fixture.db
screen_fixture_db "$DB"

# ---- 10x3 from the start ------------------------------------------------------
SCREEN_START_TEXT="terminal" screen_start 10 3 -d "$DB"
screen_expect hostile-10x3
screen_keys j / x Enter Escape    # ignored while too small
screen_expect hostile-10x3
screen_resize 80 24;  screen_expect accounts_list-start
screen_resize 10 3;   screen_expect hostile-10x3
screen_keys q;        screen_expect_exit 0

# ---- resize storm ---------------------------------------------------------------
screen_start 80 24 -d "$DB"
screen_expect accounts_list-start
screen_keys j j j;   screen_expect accounts_list-down3
i=0
for size in 10x3 200x60 11x4 80x24 39x9 40x10 132x40 10x3 90x30 41x11 \
	    25x7 160x50 10x3 79x23 81x25 120x12 12x40 60x20 10x3 100x3; do
	for rep in 1 2 3; do
		screen_resize "${size%x*}" "${size#*x}"
		i=$((i + 1))
	done
done
screen_resize 80 24
[ -n "$(screen_pid)" ] && ok || fail "the interface died in the resize storm"
screen_expect accounts_list-down3
screen_keys q; screen_expect_exit 0

# ---- escape sequences and a very long name -------------------------------------------
EDB=$T/escapes.db
long=$(printf '%0300d' 0 | tr 0 W)
printf 'key,name,notes\nOSC,"Evil\033]0;pwned\007Corp","\033]2;pwned\033\\\\notes"\nCLS,"\033[2JClear Co",\nDCS,"\033Ptmux;\033\033]0;pwned\007\033\\\\Pass",\nBELL,"Bell\007\007Ltd",\nLONG,%s,\n' "$long" >"$T/esc.csv"
"$RAPPORT_BIN" -d "$EDB" import accounts "$T/esc.csv" >/dev/null || fail "importing the escape names"
screen_start 80 24 -d "$EDB"
screen_expect hostile-escapes-list
title=$(screen_pane '#{pane_title}')
case $title in *pwned*) fail "a stored name set the window title: '$title'" ;; *) ok ;; esac
# the detail's rows up to the owners (the next row holds the import's time)
screen_keys Enter;   screen_expect_rows hostile-escapes-detail-bell 0 1 2 3 4 5 6 7 8 9 10 22 23
screen_keys q
screen_keys j j j j; screen_expect hostile-escapes-list-osc
screen_keys Enter;   screen_expect_rows hostile-escapes-detail-osc 0 1 2 3 4 5 6 7 8 9 10 22 23
screen_keys q /;     screen_type "Evil";  screen_expect hostile-escapes-search
screen_keys Escape
screen_resize 40 10; screen_expect hostile-escapes-40x10
screen_resize 80 24
title=$(screen_pane '#{pane_title}')
case $title in *pwned*) fail "a stored name set the window title: '$title'" ;; *) ok ;; esac
[ -n "$(screen_pid)" ] && ok || fail "the interface died on escape names"
screen_keys q; screen_expect_exit 0

# ---- another process changes the data -------------------------------------------------------
screen_start 80 24 -d "$DB"
screen_expect accounts_list-start
printf 'key,name\nACME,Acme Renamed Elsewhere\n' >"$T/rename.csv"
"$RAPPORT_BIN" -d "$DB" import accounts "$T/rename.csv" >/dev/null || fail "the other process's import"
screen_keys 2 1       # show the accounts again
screen_wait_text "Acme Renamed Else" && ok
screen_keys Enter
screen_wait_text "Acme Renamed Elsewhere" && ok
screen_keys q q; screen_expect_exit 0
# ---- a read-only database: browsing works, a save is refused with a message -----
# (permissions do not bind root: as root the interface runs as nobody)
RDIR=$T/ro
mkdir -p "$RDIR"
screen_fixture_db "$RDIR/r.db"
"$RAPPORT_BIN" -d "$RDIR/r.db" export notes >"$T/notes.before"
bin=$RAPPORT_BIN
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1; then
		chmod 711 "$T"
		chown -R nobody "$RDIR"
		printf '#!/bin/sh\nexec setpriv --reuid=%s --regid=%s --clear-groups %s "$@"\n' \
			"$(id -u nobody)" "$(id -g nobody)" "$(shq "$RAPPORT_BIN")" >"$T/as-nobody"
		chmod 755 "$T/as-nobody"
		bin=$T/as-nobody
	else
		bin=
	fi
fi
if [ -n "$bin" ]; then
	chmod 444 "$RDIR/r.db"
	RAPPORT_BIN=$bin screen_start 80 24 -d "$RDIR/r.db"
	screen_expect accounts_list-start
	screen_keys Enter; screen_wait_text "Acme Corp" && ok
	screen_keys N;     screen_type "a note that cannot be saved"; screen_keys Enter
	screen_wait_text "not saved:" && ok
	screen_wait_text "read-only" && ok
	screen_keys Escape q q; screen_expect_exit 0
	"$RAPPORT_BIN" -d "$RDIR/r.db" export notes >"$T/notes.after"
	cmp -s "$T/notes.before" "$T/notes.after" && ok || fail "a note was saved read-only"
fi
finish
