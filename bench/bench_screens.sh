#!/bin/sh
# bench/bench_screens.sh [DB]: how fast the interface's screens open at 100k
# accounts, in a real terminal (tmux, 80x24), with the peers of issue 6
# measured in the same run.  Prints numbers; never fails on timing.
#
#   RAPPORT_BIN=$PWD/src/rapport sh bench/bench_screens.sh [DB]
#
# DB defaults to /tmp/rapport-bench-cache/demo-a100000-s1-t2025-06-30.db
# (bench_reports' cache), built when missing with `rapport demo --accounts
# 100000 --seed 1` as of RAPPORT_TODAY=2025-06-30 (about a minute).  It is
# copied to a temporary file first: opening it may write WAL files.  Every
# run has NO_COLOR=1, RAPPORT_TODAY=2025-06-30, LC_ALL=C.UTF-8, TZ=UTC, an
# empty HOME and an empty rapport.ini.
#
# Each of BENCH_SCREENS_RUNS (default 5) runs starts the interface once and,
# in this order, times:
#   a. process start (tmux new-window) to the first full accounts screen
#      (its footer "N accounts   sorted by ..."), then to its complete
#      figures (the quadrant column's "..." filled in); the peer is
#      `sqlite3 DB "SELECT key, name, segment, ladder FROM accounts ORDER BY
#      key LIMIT 50"` started the same way, to its 50th row on screen;
#   c. incremental search: after /, each of the letters of "berg" typed
#      one at a time, to the footer showing "/b_   N matches" etc.; the peer
#      is the same letters typed into `cat` (the terminal's own echo), to
#      the letters appearing;
#   d. BENCH_SCREENS_PAGES (default 5000: all 100k rows at 80x24) ^F keys sent at once, then ?, to
#      the help overlay drawn (keys are taken in order, so every page is
#      done); the interface's VmRSS and VmHWM (/proc/PID/status; the pid
#      from tmux list-panes #{pane_pid}, the program started with exec);
#   b. keys 2 to 7, each to the screen's first paint (its header, usually
#      in a "computing..." state) and to its complete figures (the
#      screen's own text and no "computing" left on screen), VmRSS after
#      each; then 1, g, and Enter on the first account (the detail) the
#      same way; then VmHWM again: the peak over every screen opened.
# Each key is sent once the screen before it is complete.  The order of
# rapport and its startup peer alternates between runs, and a program is
# gone (waited for) before the next one starts.  Each figure in the table
# is the median of the runs.  About a minute at 100k accounts, plus the
# copy of the database.
#
# How the screen is watched: one tmux control-mode client (tmux -C) takes
# every command (new-window, send-keys, capture-pane) without a fork, and
# reports each chunk the pane's program writes (%output).  After every
# chunk the pane is captured (one capture outstanding at a time, and one a
# second regardless) and the markers looked for: no fixed polling
# interval, so no 5 ms steps in the figures.  A time is `date +%s%N` just
# before the command is sent to just after the matching capture is read;
# that overhead (a forked date, the round trips through tmux: 1.5 to 5 ms
# depending on the machine's load) is in the peers' figures as well, and
# the echo peer shows its size.
#
# BENCH_SCREENS_TRACE=FILE appends every capture read, with its time, to
# FILE (to find what a screen shows while it computes).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${RAPPORT_BIN:-$top/src/rapport}
runs=${BENCH_SCREENS_RUNS:-5}
pages=${BENCH_SCREENS_PAGES:-5000}
trace=${BENCH_SCREENS_TRACE:-}
timeout=${BENCH_SCREENS_TIMEOUT:-60}   # seconds any one wait may take
today=2025-06-30
cache_dir=/tmp/rapport-bench-cache
cache=$cache_dir/demo-a100000-s1-t$today.db
sock=benchscreens
nl='
'

for c in tmux sqlite3; do
	command -v "$c" >/dev/null 2>&1 || { echo "bench_screens: $c is not installed" >&2; exit 1; }
done
[ -x "$bin" ] || { echo "bench_screens: no rapport at $bin (set RAPPORT_BIN)" >&2; exit 1; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

if [ $# -ge 1 ]; then
	src=$1
elif [ -f "$cache" ]; then
	src=$cache
else
	mkdir -p "$cache_dir"
	echo "building $cache (rapport demo --accounts 100000 --seed 1; about a minute)"
	rm -f "$cache.partial" "$cache.partial-wal" "$cache.partial-shm"
	: >"$cache_dir/empty.ini.$$"
	RAPPORT_TODAY=$today "$bin" -d "$cache.partial" -c "$cache_dir/empty.ini.$$" demo \
		--accounts 100000 --seed 1 >/dev/null
	rm -f "$cache_dir/empty.ini.$$"
	[ ! -e "$cache.partial-wal" ] || { echo "bench_screens: $cache.partial-wal left behind" >&2; exit 1; }
	mv "$cache.partial" "$cache"
	src=$cache
fi
[ -f "$src" ] || { echo "bench_screens: no database $src" >&2; exit 1; }

w=$(mktemp -d /tmp/rapport-bench-screens.XXXXXX)
ticker=
cleanup() {
	[ -z "$ticker" ] || kill "$ticker" 2>/dev/null || :
	exec 3>&- 4<&- 2>/dev/null || :
	tmux -L "$sock" kill-server >/dev/null 2>&1 || :
	rm -rf "$w"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

case "$bin$w" in *[\'\"\\\$\`]*) echo "bench_screens: quotes in $bin or $w" >&2; exit 1 ;; esac
db=$w/db.db
cp "$src" "$db"
: >"$w/empty.ini"
mkdir -p "$w/home"
query="SELECT key, name, segment, ladder FROM accounts ORDER BY key LIMIT 50"
first_key=$(sqlite3 "$db" "$query" | sed -n '1s/|.*//p')
last_key=$(sqlite3 "$db" "$query" | sed -n '$s/|.*//p')
naccounts=$(sqlite3 "$db" "SELECT count(*) FROM accounts")
[ -n "$last_key" ] || { echo "bench_screens: no accounts in $src" >&2; exit 1; }

now() { date +%s%N; }
# milliseconds between two now()s, to 0.1
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'; }

# ---- the terminal --------------------------------------------------------------
term=tmux-256color
infocmp "$term" >/dev/null 2>&1 || term=screen
# (history-limit 0 crashes tmux 3.3a's server when a control client attaches)
cat >"$w/tmux.conf" <<EOF
set -g default-terminal $term
set -g default-shell /bin/sh
set -g default-size 80x24
set -g status off
set -g remain-on-exit on
set -g history-limit 100
EOF
tmux -L "$sock" kill-server >/dev/null 2>&1 || :
(
	unset RAPPORT_DB XDG_CONFIG_HOME LINES COLUMNS TMUX TMUX_PANE
	NO_COLOR=1 RAPPORT_TODAY=$today LC_ALL=C.UTF-8 TZ=UTC HOME=$w/home XDG_DATA_HOME=$w/home/data
	export NO_COLOR RAPPORT_TODAY LC_ALL TZ HOME XDG_DATA_HOME
	exec tmux -L "$sock" -f "$w/tmux.conf" -u new-session -d -s b -x 80 -y 24 -n idle 'exec cat'
)
mkfifo "$w/ctl.in" "$w/ctl.out"
# the control client; %output lines cut to their name (their data is not
# needed, and sh's read takes a byte per system call) by a filter that
# passes each line on at once (GNU/BSD sed -u; mawk reads ahead otherwise)
if echo x | sed -u s/x/y/ >/dev/null 2>&1; then
	cut_output() { sed -u 's/^%output .*/%output/'; }
else
	cut_output() { awk -W interactive '{ if (substr($0, 1, 8) == "%output ") print "%output"; else print; fflush() }'; }
fi
tmux -L "$sock" -u -C attach -t b <"$w/ctl.in" 2>/dev/null | cut_output >"$w/ctl.out" &
exec 3>"$w/ctl.in" 4<"$w/ctl.out"
# a tick a second: bounds every wait (BENCH_SCREENS_TIMEOUT)
(
	trap 'exit 0' TERM
	while sleep 1; do printf 'display-message -p BENCH-TICK\n' >&3 || exit 0; done
) &
ticker=$!

sent=0      # our commands not answered yet
dirty=1     # the pane wrote something since the last capture was sent
ticks=0
body=
target=b:r

ctl() { printf '%s\n' "$1" >&3; sent=$((sent + 1)); }
die() {
	echo "bench_screens: $*" >&2
	printf '%s' "$body" | sed 's/^/  | /' >&2
	exit 1
}

# read_block: read the control stream to the end of the next answer to one
# of our commands (its text in $body), or to a tick or, with no command
# outstanding, output from the pane ($body "").
read_block() {
	while IFS= read -r line <&4; do
		case $line in
		"%begin "*)
			body=
			while IFS= read -r line <&4; do
				case $line in "%end "* | "%error "*) break ;; esac
				body=$body$line$nl
			done
			case $line in *" 1") ;; *) continue ;; esac   # not ours
			if [ "$body" = "BENCH-TICK$nl" ]; then
				ticks=$((ticks + 1))
				body=
				return 0
			fi
			sent=$((sent - 1))
			[ -z "$trace" ] || { printf '== %s\n%s' "$(now)" "$body" >>"$trace"; }
			return 0
			;;
		%output*)
			dirty=1
			if [ "$sent" -le 0 ]; then   # capture now
				body=
				return 0
			fi
			;;
		%exit*) die "the tmux control client exited: $line" ;;
		esac
	done
	die "the tmux control client has gone"
}

# has PATTERN: the last capture ($body) shows PATTERN (literally)
has() { case $body in *"$1"*) return 0 ;; esac; return 1; }

# await_any PATTERN...: wait until the pane shows one of PATTERNs; $hit is
# the time then.
# await_done PRESENT ABSENT: wait until the pane shows PRESENT and no ABSENT.
await() {
	mode=$1
	shift
	ticks=0
	dirty=1
	while :; do
		if [ "$dirty" = 1 ] && [ "$sent" -le 0 ]; then
			dirty=0
			ctl "capture-pane -p -t $target"
		fi
		read_block
		if [ -n "$body" ]; then
			if [ "$mode" = any ]; then
				for p in "$@"; do
					has "$p" && { hit=$(now); return 0; }
				done
			elif has "$1" && ! has "$2"; then
				hit=$(now)
				return 0
			fi
		fi
		has "Pane is dead" && die "the program in the window ended; the screen shows:"
		# output, a tick (a second: capture anyway), or an empty answer
		[ -n "$body" ] || dirty=1
		[ "$ticks" -lt "$timeout" ] || die "waited ${timeout}s for '$1'; the screen shows:"
	done
}
await_any() { await any "$@"; }
await_done() { await present "$1" "$2"; }

# settle: wait until every command sent is answered
settle() { while [ "$sent" -gt 0 ]; do read_block; done; }

# start NAME COMMAND: a new 80x24 window running COMMAND (exec'd by sh -c);
# $t0 is the time just before
start() {
	settle
	target=b:$1
	t0=$(now)
	ctl "new-window -d -t b: -n $1 '$2'"
}
# stop [NAME]: close the window (SIGHUP) and wait for its program to be
# gone, so that the next start does not share the machine with its exit;
# with NAME, record how long that took
stop() {
	pid_of
	s_stop=$(now)
	ctl "kill-window -t $target"
	settle
	i=0
	while [ -d "/proc/$pid" ] && [ "$i" -lt 1000 ]; do
		sleep 0.01
		i=$((i + 1))
	done
	[ -z "${1:-}" ] || record "$1" "$(ms "$s_stop" "$(now)")"
}

# pid_of: the pane's process (the program, started with exec)
pid_of() {
	settle
	ctl "list-panes -t $target -F 'PID #{pane_pid}'"
	read_block
	while ! has "PID "; do read_block; done
	pid=$(printf '%s' "$body" | sed -n 's/^PID //p')
}
# mem FIELD: FIELD of /proc/$pid/status in MB (MiB)
mem() { awk -v f="$1:" '$1 == f { printf "%.1f", $2 / 1024 }' "/proc/$pid/status"; }

keys() {
	[ -z "$trace" ] || printf '## keys %s at %s\n' "$*" "$(now)" >>"$trace"
	ctl "send-keys -t $target $*"
}

# ---- results ----------------------------------------------------------------------
# record NAME VALUE: one measurement (files in $w/r, one value a line)
mkdir -p "$w/r"
record() { printf '%s\n' "$2" >>"$w/r/$1"; }
median() {
	[ -f "$w/r/$1" ] || { echo "-"; return; }
	sort -n "$w/r/$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
		else printf "%.1f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

rapport_cmd="exec $bin -d $db -c $w/empty.ini"
screen_names="2:roles 3:nps 4:grid 5:whale 6:ladder 7:review"
# markers: the first paint (any of these), the complete figures (this, and no
# "computing" on screen)
first_marks() {
	case $1 in
	roles) set -- "computing the roles" "roles held" "You hold no roles" ;;
	nps) set -- "NPS  computing" "Range: " ;;
	grid) set -- "Margin vs cost-to-serve" "margin split" ;;
	whale) set -- "Whale curve: " ;;
	ladder) set -- "Loyalty x effort" "Loyalty ladder" ;;
	review) set -- "Agenda since" "new since" ;;
	detail) set -- " Overview " ;;
	esac
	await_any "$@"
}
done_mark() {
	case $1 in
	roles) echo "roles held" ;;
	nps) echo "Recent detractors" ;;
	grid) echo "quadrant " ;;
	whale) echo "Whale curve: " ;;
	ladder) echo "Loyalty x effort" ;;
	review) echo "Why it is on the agenda" ;;
	detail) echo "Quadrant " ;;
	esac
}

echo "bench_screens: $(basename "$bin") on $src ($naccounts accounts), $runs runs, 80x24 tmux $(tmux -V | cut -d' ' -f2)"
# The derived caches (profit, NPS, roles: schema 4 and 6) are refreshed by
# the first use after a bulk write such as an import or `demo`.  Warm them
# once, so that every run measures the same state, and say what that first
# use costs.
t0=$(now)
for r in grid nps overdue; do
	NO_COLOR=1 RAPPORT_TODAY=$today LC_ALL=C.UTF-8 TZ=UTC HOME=$w/home \
		"$bin" -c "$w/empty.ini" -d "$db" report "$r" >/dev/null
done
t1=$(now)
echo "caches refreshed in $(ms "$t0" "$t1") ms (3 reports; once after a bulk write)"
# one untimed start of each (page cache, tmux warm)
start warm "$rapport_cmd"
await_done "accounts   sorted by" "..."
stop
start warm "exec sqlite3 $db \"$query\""
await_any "$last_key|"
stop

# type_berg NAME FORMAT: type b, e, r, g one at a time, each timed to the
# screen showing FORMAT (printf, with the letters typed so far) as NAME_<letter>
type_berg() {
	typed=
	for ch in b e r g; do
		typed=$typed$ch
		settle
		s=$(now)
		keys "-l $ch"
		await_any "$(printf "$2" "$typed")"
		record "$1_$ch" "$(ms "$s" "$hit")"
	done
}

run=1
while [ "$run" -le "$runs" ]; do
	# a. startup, with the sqlite3 listing before or after it
	if [ $((run % 2)) = 0 ]; then
		start peer "exec sqlite3 $db \"$query\""
		await_any "$last_key|"
		record start_peer "$(ms "$t0" "$hit")"
		stop
	fi
	start r "$rapport_cmd"
	await_any "accounts   sorted by"
	record start "$(ms "$t0" "$hit")"
	await_done "accounts   sorted by" "..."
	record done_accounts "$(ms "$t0" "$hit")"
	pid_of
	record rss_start "$(mem VmRSS)"
	record hwm_start "$(mem VmHWM)"
	if [ $((run % 2)) = 1 ]; then
		rtarget=$target
		start peer "exec sqlite3 $db \"$query\""
		await_any "$last_key|"
		record start_peer "$(ms "$t0" "$hit")"
		stop
		target=$rtarget
		pid_of
	fi

	# c. incremental search, and the echo peer
	keys /
	await_any "/_   "
	type_berg search "/%s_   "
	keys Escape
	await_done "accounts   sorted by" "/berg"
	rtarget=$target
	start echo "exec cat"
	type_berg echo "%s"
	stop
	target=$rtarget
	pid_of

	# d. paging
	settle
	s=$(now)
	n=0
	while [ "$n" -lt "$pages" ]; do
		batch=
		i=0
		while [ "$i" -lt 100 ] && [ "$n" -lt "$pages" ]; do
			batch="$batch C-f"
			i=$((i + 1))
			n=$((n + 1))
		done
		keys "$batch"
	done
	keys "?"   # the help overlay: drawn once every page before it is
	await_any "Keys of the Accounts screen"
	record paging "$(ms "$s" "$hit")"
	record rss_paged "$(mem VmRSS)"
	record hwm_paged "$(mem VmHWM)"
	keys Escape
	await_done "accounts   sorted by" "Keys of the"

	# b. every screen, then the detail of the first account
	for kv in $screen_names; do
		k=${kv%%:*}
		name=${kv#*:}
		mark=$(done_mark "$name")
		settle
		s=$(now)
		keys "$k"
		first_marks "$name"
		h1=$hit
		await_done "$mark" "computing"
		record "first_$name" "$(ms "$s" "$h1")"
		record "done_$name" "$(ms "$s" "$hit")"
		record "rss_$name" "$(mem VmRSS)"
	done
	keys 1
	await_any "accounts   sorted by"
	keys g
	await_any "$nl $first_key "
	mark=$(done_mark detail)
	settle
	s=$(now)
	keys Enter
	first_marks detail
	h1=$hit
	await_done "$mark" "computing"
	record first_detail "$(ms "$s" "$h1")"
	record done_detail "$(ms "$s" "$hit")"
	record hwm_all "$(mem VmHWM)"
	record rss_detail "$(mem VmRSS)"
	stop exit_rapport
	echo "run $run of $runs done"
	run=$((run + 1))
done

# ---- the table -----------------------------------------------------------------------
row() {   # WHAT VALUE [PEER]
	awk -v w="$1" -v v="$2" -v p="${3:-}" 'BEGIN {
		r = d = ""
		if (v != "-" && p != "" && p != "-" && p + 0 > 0) {
			r = sprintf("%.2f", v / p)
			d = sprintf("%+.1f", v - p)
		}
		printf "%-42s %9s %9s %7s %8s\n", w, v, p, r, d }'
}
echo
echo "median of $runs runs; ms, or MB for memory; ratio = rapport / peer, diff = rapport - peer"
printf '%-42s %9s %9s %7s %8s\n' "what" "rapport" "peer" "ratio" "diff"
row "start to first accounts screen [sqlite3]" "$(median start)" "$(median start_peer)"
row "start to accounts complete (quadrants)" "$(median done_accounts)"
for ch in b e r g; do
	row "search: key '$ch' to match count [echo]" "$(median "search_$ch")" "$(median "echo_$ch")"
done
for kv in $screen_names; do
	k=${kv%%:*}
	name=${kv#*:}
	row "key $k $name: first paint" "$(median "first_$name")"
	row "key $k $name: complete figures" "$(median "done_$name")"
done
row "Enter (detail): first paint" "$(median first_detail)"
row "Enter (detail): complete figures" "$(median done_detail)"
row "$pages x ^F sent at once, to the last drawn" "$(median paging)"
row "VmRSS MB at start (quadrants done)" "$(median rss_start)" 32
row "VmHWM MB at start (quadrants done)" "$(median hwm_start)" 32
row "VmRSS MB after $pages pages" "$(median rss_paged)" 32
row "VmHWM MB after $pages pages" "$(median hwm_paged)" 32
for kv in $screen_names; do
	row "VmRSS MB after key ${kv%%:*} ${kv#*:}" "$(median "rss_${kv#*:}")" 32
done
row "VmRSS MB after the detail" "$(median rss_detail)" 32
row "VmHWM MB after every screen" "$(median hwm_all)" 32
echo "[sqlite3]: the peer is $query"
echo "  in the same kind of window; [echo]: the same letter typed into cat (the"
echo "  terminal's own echo); 32: issue 6's target for the interface's memory."
echo "all runs:"
for f in "$w"/r/*; do
	printf '  %-16s' "$(basename "$f")"
	tr '\n' ' ' <"$f"
	echo
done
