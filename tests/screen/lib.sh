# Shared helpers for the screen tests: the real interface in a real terminal.
#
# Each test script sources this file, starts the program in a private tmux
# server at a fixed size, sends keys and compares what the terminal shows
# with a saved dump under tests/screen/expected/NAME.txt (tig's test/ dumps,
# with tmux as the terminal).  make check sets RAPPORT_BIN, LC_ALL=C.UTF-8 and
# TZ=UTC (see tests/cli/lib.sh); the scripts find their data relative to
# themselves, so they run from any build directory (VPATH, distcheck).
#
# A dump is `tmux capture-pane -p` with trailing spaces removed, one line per
# terminal row, followed by one line naming the rows shown in reverse video
# (title bar, selected row, status line), since plain text cannot show the
# selection:   -- reverse video on rows: 0 3 23
#
# One test: make check TESTS=tests/screen/accounts_list.sh.  With
# RAPPORT_UPDATE_SCREENS=1 in the environment the expected dumps are written
# instead of compared (for maintainers: read every dump you write before
# committing it; a wrong screen is a bug to fix, or at most a known bug,
# see screen_expect).  RAPPORT_SCREEN_TIMEOUT (seconds, default 5) bounds
# every wait; nothing sleeps a fixed time.
set -u
: "${RAPPORT_BIN:?RAPPORT_BIN is not set (run through make check)}"

if ! command -v tmux >/dev/null 2>&1; then
	echo "SKIP: tmux is not installed"
	exit 77
fi

SCREEN_DIR=$(cd "$(dirname "$0")" && pwd)
SCREEN_DATA=$SCREEN_DIR/data
SCREEN_EXPECTED=$SCREEN_DIR/expected
SCREEN_UPDATE=${RAPPORT_UPDATE_SCREENS:-0}
SCREEN_POLLS=$(( ${RAPPORT_SCREEN_TIMEOUT:-5} * 20 ))   # polls of 50 ms
SCREEN_STILL=$(( SCREEN_POLLS * 2 / 5 ))   # a wrong screen this still is final
SCREEN_FILTER=   # a command the dumps go through (see screen_expect_rows)

T=$(mktemp -d "${TMPDIR:-/tmp}/rapport-screen.XXXXXX") || exit 99
# the private tmux server's socket: in $T, so it goes with it, unless that
# path is too long for a socket
SCREEN_SOCKET=
[ ${#T} -lt 90 ] && SCREEN_SOCKET=$T/tmux.sock
SCREEN_TARGET=rt:0.0
unset TMUX TMUX_PANE
export LC_ALL="${LC_ALL:-C.UTF-8}"

screen_cleanup() {
	tm kill-server >/dev/null 2>&1
	[ -n "$SCREEN_SOCKET" ] || rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/rapport-test-$$"
	rm -rf "$T"
}
trap screen_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

failures=0
checks=0
known_bugs=0
fail() { printf 'FAIL: %s\n' "$*" >&2; failures=$((failures + 1)); }
ok() { checks=$((checks + 1)); }

tm() {
	if [ -n "$SCREEN_SOCKET" ]; then tmux -S "$SCREEN_SOCKET" "$@"; else tmux -L "rapport-test-$$" "$@"; fi
}

# sh-quote $1 for the generated run script
shq() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

# screen_fixture_db FILE [DIR]: a database built by importing the CSV files
# of DIR (default data/), one per kind, in an order that satisfies their
# references.
screen_fixture_db() {
	dir=${2:-$SCREEN_DATA}
	for kind in staff accounts roles rates financials activities nps contacts \
		meetings projects problems; do
		[ -f "$dir/$kind.csv" ] || continue
		if ! "$RAPPORT_BIN" -d "$1" import "$kind" "$dir/$kind.csv" >"$T/import.out" 2>&1; then
			cat "$T/import.out" >&2
			echo "ERROR: importing $dir/$kind.csv failed" >&2
			exit 99
		fi
	done
}

# screen_start COLS ROWS ARG...: run rapport ARG... in a COLSxROWS terminal
# and wait for its first screen (the title bar).  The program runs under a
# small shell that, once it exits, prints its exit status and whether the
# terminal modes (stty) came back as they were, then waits for a line.
screen_start() {
	cols=$1 rows=$2
	shift 2
	tm kill-server >/dev/null 2>&1   # a second start in one script
	rm -f "$T/exit"
	term=tmux-256color
	infocmp "$term" >/dev/null 2>&1 || term=screen
	cat >"$T/tmux.conf" <<EOF
set -g default-terminal $term
set -g status off
set -g remain-on-exit on
set -g history-limit 0
EOF
	mkdir -p "$T/home"
	{
		echo '#!/bin/sh'
		echo "export NO_COLOR=1 RAPPORT_TODAY=2024-06-30 TZ=UTC USER=tester"
		echo "export LC_ALL=$(shq "$LC_ALL") HOME=$(shq "$T/home") XDG_DATA_HOME=$(shq "$T/home/data")"
		echo "unset RAPPORT_DB XDG_CONFIG_HOME LINES COLUMNS"
		echo "trap : INT HUP TERM   # outlive the program's signals to report on it"
		echo 'before=$(stty -g)'
		printf '%s' "$(shq "$RAPPORT_BIN")"
		for a in "$@"; do printf ' %s' "$(shq "$a")"; done
		echo
		echo 'st=$?'
		echo 'if [ "$(stty -g)" = "$before" ]; then m=restored; else m=CHANGED; fi'
		echo 'printf "[rapport exited with status %d; terminal modes %s]\n" "$st" "$m"'
		echo "echo \"\$st \$m\" >$(shq "$T/exit")"
		echo 'read -r line'
		echo 'exit "$st"'
	} >"$T/run"
	chmod +x "$T/run"
	# a loaded machine sometimes loses the first server start: try again
	started=0
	for attempt in 1 2 3; do
		if tm -f "$T/tmux.conf" -u new-session -d -s rt -x "$cols" -y "$rows" "$(shq "$T/run")"; then
			started=1
			break
		fi
		tm kill-server 2>/dev/null
		sleep 0.5
	done
	[ "$started" = 1 ] || { echo "ERROR: tmux could not start" >&2; exit 99; }
	# SCREEN_START_TEXT: what shows the interface is up (a tiny terminal
	# shows its "too small" note instead of the title bar)
	screen_wait_text "${SCREEN_START_TEXT:-Rapport}" || { echo "ERROR: the interface did not start" >&2; exit 1; }
}

# screen_keys KEY...: tmux key names (j, Down, Escape, C-f, NPage, Enter)
screen_keys() { tm send-keys -t "$SCREEN_TARGET" "$@"; }
# screen_type TEXT: TEXT typed literally
screen_type() { tm send-keys -t "$SCREEN_TARGET" -l "$1"; }
# screen_resize COLS ROWS: the terminal changes size (SIGWINCH)
screen_resize() { tm resize-window -t rt -x "$1" -y "$2"; }

# screen_dump FILE: the terminal's contents now, in the dump format (then
# through $SCREEN_FILTER when set).
screen_dump() {
	tm capture-pane -p -e -t "$SCREEN_TARGET" >"$T/raw" 2>/dev/null || : >"$T/raw"
	LC_ALL=C awk '
	function sgr(params,    n, p, i) {
		n = split(params, p, ";")
		if (n == 0) { rev = 0; return }
		for (i = 1; i <= n; i++) {
			if (p[i] == "" || p[i] == "0") rev = 0
			else if (p[i] == "7") rev = 1
			else if (p[i] == "27") rev = 0
			else if (p[i] == "38" || p[i] == "48" || p[i] == "58")
				i += (p[i + 1] == "5") ? 2 : 4
		}
	}
	{
		line = $0; out = ""; shown = 0
		while ((i = index(line, "\033[")) > 0) {
			seg = substr(line, 1, i - 1)
			if (seg != "" && rev) shown = 1
			out = out seg
			line = substr(line, i + 2)
			if (!match(line, /^[0-9;:?]*[@-~]/)) continue
			seq = substr(line, 1, RLENGTH)
			line = substr(line, RLENGTH + 1)
			if (substr(seq, RLENGTH, 1) == "m") sgr(substr(seq, 1, RLENGTH - 1))
		}
		if (line != "" && rev) shown = 1
		out = out line
		sub(/ +$/, "", out)
		print out
		if (shown) rows = rows " " (NR - 1)
	}
	END { print "-- reverse video on rows:" (rows == "" ? " none" : rows) }
	' "$T/raw" >"$1"
	if [ -n "$SCREEN_FILTER" ]; then
		$SCREEN_FILTER <"$1" >"$1.f"
		mv "$1.f" "$1"
	fi
}

# screen_settle: wait until the screen has not changed for 300 ms.
screen_settle() {
	screen_dump "$T/prev"
	same=0 polls=0
	while [ "$same" -lt 6 ] && [ "$polls" -lt "$SCREEN_POLLS" ]; do
		sleep 0.05
		polls=$((polls + 1))
		screen_dump "$T/now"
		if cmp -s "$T/now" "$T/prev"; then
			same=$((same + 1))
		else
			same=0
			mv "$T/now" "$T/prev"
		fi
	done
}

# screen_wait_text TEXT: wait until TEXT is on the screen; 1 on timeout.
screen_wait_text() {
	polls=0
	while [ "$polls" -lt "$SCREEN_POLLS" ]; do
		screen_dump "$T/now"
		grep -qF -- "$1" "$T/now" && return 0
		sleep 0.05
		polls=$((polls + 1))
	done
	fail "'$1' did not appear on the screen; it shows:"
	sed 's/^/  | /' "$T/now" >&2
	return 1
}

# screen_expect NAME: the screen matches expected/NAME.txt.  Waits until it
# does, giving up when a wrong screen has stood still for 2 s or after the
# timeout (5 s), and then prints a unified diff (expected -> actual).
#
# A known bug: when the program shows something wrong, expected/NAME.txt
# holds what it should show (written by hand) and expected/NAME.known-bug.txt
# the wrong screen it shows today.  Matching the latter passes with a loud
# KNOWN BUG note in the log, so the suite stays usable while the bug is open;
# any other screen fails.  Delete the .known-bug.txt file with the fix.
#
# With RAPPORT_UPDATE_SCREENS=1, NAME.txt is written from the screen, except
# when a NAME.known-bug.txt stands beside it, or NAME was already written by
# this run (the screen is then compared with it as usual).
screen_expect() {
	exp=$SCREEN_EXPECTED/$1.txt
	bug=$SCREEN_EXPECTED/$1.known-bug.txt
	[ -f "$bug" ] || bug=
	if [ "$SCREEN_UPDATE" = 1 ] && [ -z "$bug" ] && ! grep -qxF "$1" "$T/updated" 2>/dev/null; then
		screen_settle
		mkdir -p "$SCREEN_EXPECTED"
		cp "$T/prev" "$exp"
		echo "$1" >>"$T/updated"
		echo "updated $exp"
		ok
		return 0
	fi
	if [ ! -f "$exp" ]; then
		screen_settle
		fail "$1: no expected dump $exp (RAPPORT_UPDATE_SCREENS=1 writes it); the screen:"
		sed 's/^/  | /' "$T/prev" >&2
		return 1
	fi
	screen_match "$exp" "expected/$1.txt" "$bug" "expected/$1.known-bug.txt"
}

# screen_match FILE LABEL [BUGFILE [BUGLABEL]]: wait until the dump is FILE
# (or the known-bug dump BUGFILE, with a note); else fail with a diff.
screen_match() {
	polls=0 still=0
	: >"$T/prev"
	while :; do
		screen_dump "$T/now"
		if cmp -s "$1" "$T/now"; then
			[ -n "${3:-}" ] && echo "NOTE: the screen is $2 now: the known bug is fixed; delete ${4:-$3}"
			ok
			return 0
		fi
		if [ -n "${3:-}" ] && cmp -s "$3" "$T/now"; then
			echo "KNOWN BUG: the screen matches ${4:-$3}, not $2:"
			diff -u "$3" "$1" | sed "1s|.*|--- shown today|; 2s|.*|+++ $2|"
			known_bugs=$((known_bugs + 1))
			ok
			return 0
		fi
		if cmp -s "$T/now" "$T/prev"; then
			still=$((still + 1))
		else
			still=0
			cp "$T/now" "$T/prev"
		fi
		if [ "$still" -ge "$SCREEN_STILL" ] || [ "$polls" -ge "$SCREEN_POLLS" ]; then
			fail "the screen differs from $2${3:+ (and from ${4:-$3})}:"
			diff -u "$1" "$T/now" | sed "1s|.*|--- $2|; 2s|.*|+++ actual screen|" >&2
			return 1
		fi
		sleep 0.05
		polls=$((polls + 1))
	done
}

# screen_expect_rows NAME ROW...: as screen_expect, for only the given rows
# (0 = top) and the reverse-video line: for screens partly made of data that
# is not the test's own (generated names).
screen_expect_rows() {
	name=$1
	shift
	printf '%s\n' "$@" >"$T/rows"
	outer_filter=$SCREEN_FILTER
	SCREEN_FILTER=screen_only_rows
	screen_expect "$name"
	rc=$?
	SCREEN_FILTER=$outer_filter
	return $rc
}
screen_only_rows() {
	awk -v list="$T/rows" 'BEGIN { while ((getline r <list) > 0) want[r] = 1 }
		/^-- reverse video/ || (NR - 1) in want'
}

# screen_pid: the program's process id (the run script's child)
screen_pid() {
	ps -A -o pid= -o ppid= | awk -v p="$(screen_pane '#{pane_pid}')" '$2 == p { print $1 }'
}

# screen_pane FORMAT: a tmux format about the pane, e.g. '#{pane_dead}'
screen_pane() { tm list-panes -t rt -F "$1"; }

# screen_expect_modes WANT: terminal flags "alternate cursor keypad
# keypad-cursor" (1/0) as tmux sees them, e.g. "0 1 0 0" after a clean exit.
screen_expect_modes() {
	got=$(screen_pane '#{alternate_on} #{cursor_flag} #{keypad_flag} #{keypad_cursor_flag}')
	[ "$got" = "$1" ] && ok ||
		fail "terminal flags (alternate screen, cursor visible, keypad, cursor keys) are '$got', want '$1'"
}

# screen_expect_exit STATUS: the program has exited with STATUS, leaving
# the terminal modes (stty) and flags as they were and the normal screen
# shown; then the run script ends and the pane closes (remain-on-exit keeps
# it to be inspected).
screen_expect_exit() {
	polls=0
	while [ ! -s "$T/exit" ] && [ "$polls" -lt "$SCREEN_POLLS" ]; do
		sleep 0.05
		polls=$((polls + 1))
	done
	got=$(cat "$T/exit" 2>/dev/null)
	if [ -z "$got" ]; then
		fail "the program did not exit; the screen:"
		screen_dump "$T/now"
		sed 's/^/  | /' "$T/now" >&2
		return 1
	fi
	[ "$got" = "$1 restored" ] && ok ||
		fail "exit status and terminal modes: '$got', want '$1 restored'"
	screen_expect_modes "0 1 0 0"
	screen_keys Enter
	# the pane is dead once nothing holds its terminal any more.  (Its exit
	# status comes from the run script above: tmux 3.3 now and then leaves
	# the pane's process unreaped, and #{pane_dead_status} empty.)
	polls=0
	while [ "$(screen_pane '#{pane_dead}')" != 1 ] && [ "$polls" -lt "$SCREEN_POLLS" ]; do
		sleep 0.05
		polls=$((polls + 1))
	done
	[ "$(screen_pane '#{pane_dead}')" = 1 ] && ok || fail "the terminal is still held after the exit"
}

finish() {
	if [ "$failures" -ne 0 ]; then
		printf '%s: %d of %d checks failed\n' "$0" "$failures" "$((checks + failures))"
		exit 1
	fi
	if [ "$known_bugs" -ne 0 ]; then
		printf '%s: %d checks passed, %d of them on a KNOWN BUG (see above)\n' "$0" "$checks" "$known_bugs"
	else
		printf '%s: %d checks passed\n' "$0" "$checks"
	fi
	exit 0
}
