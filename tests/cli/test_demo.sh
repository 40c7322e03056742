#!/bin/sh
# rapport demo: row counts, every table filled, the same seed gives the same
# data and another seed other data, a database with accounts is refused
# untouched, and the portfolio has the shape the reports need (a whale curve
# well above 100%, loss-makers, overdue roles, position movers, UTF-8 names).
# RAPPORT_SLOW_TESTS=1 also times 100000 accounts (printed, never a failure).
set -u
BIN=${RAPPORT_BIN:-./src/rapport}
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 (the shell) not found: skipped"; exit 77; }
[ -x "$BIN" ] || { echo "$BIN not built: skipped"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
unset RAPPORT_DB
RAPPORT_TODAY=2025-03-15
export RAPPORT_TODAY
fails=0

check() {   # check DESCRIPTION COMMAND...
	desc=$1
	shift
	if "$@"; then
		echo "ok - $desc"
	else
		echo "FAIL - $desc"
		fails=$((fails + 1))
	fi
}
q() { sqlite3 "$1" "$2"; }
quiet() { "$@" >/dev/null; }
is() { [ "$1" = "$2" ] || { echo "  got '$1', expected '$2'" >&2; return 1; }; }
atleast() { [ "$1" -ge "$2" ] || { echo "  got $1, expected at least $2" >&2; return 1; }; }
# Every table's natural columns (no uid, updated_at), in id order.
dump() {
	for t in staff accounts spectrum_history contacts roles nps financials rates activities meetings \
		 projects problems notes; do
		cols=$(q "$1" "SELECT group_concat(name, ',') FROM pragma_table_info('$t')
			       WHERE name NOT IN ('uid', 'updated_at')")
		echo "== $t"
		q "$1" "SELECT $cols FROM $t ORDER BY id"
	done
}

db=$tmp/a.db
check "demo with defaults succeeds" quiet "$BIN" -d "$db" demo
check "250 accounts" is "$(q "$db" 'SELECT count(*) FROM accounts')" 250
check "accounts/15 staff" is "$(q "$db" 'SELECT count(*) FROM staff')" 16
check "8 activity rates" is "$(q "$db" 'SELECT count(*) FROM rates')" 8
for t in spectrum_history contacts roles nps financials activities meetings projects problems notes; do
	check "$t has rows" atleast "$(q "$db" "SELECT count(*) FROM $t")" 1
done
check "about 20 activities and 10 NPS responses per account" \
	is "$(q "$db" "SELECT (SELECT count(*) FROM activities) BETWEEN 3500 AND 6500
			AND (SELECT count(*) FROM nps) BETWEEN 1800 AND 3300")" 1
check "the last four complete quarters" \
	is "$(q "$db" "SELECT group_concat(period, ' ') FROM (SELECT DISTINCT period FROM financials ORDER BY 1)")" \
	"2024-Q1 2024-Q2 2024-Q3 2024-Q4"
check "1-4 contacts per account" \
	is "$(q "$db" "SELECT min(n) >= 1 AND max(n) <= 4 FROM (SELECT count(*) n FROM contacts GROUP BY account_id)")" 1
check "keys are upper case" is "$(q "$db" "SELECT count(*) FROM accounts WHERE key GLOB '*[^A-Z0-9]*'")" 0
check "foreign keys hold" is "$(q "$db" 'PRAGMA foreign_key_check')" ""
check "rapport check passes" quiet "$BIN" -d "$db" check

# Shape of the portfolio.
check "UTF-8 names (accents, CJK)" atleast "$(q "$db" "SELECT count(*) FROM accounts WHERE name GLOB '*[^ -~]*'")" 10
check "explicit relationship overrides" atleast "$(q "$db" 'SELECT count(*) FROM accounts WHERE relationship IS NOT NULL')" 1
check "explicit cost-to-serve on some financials" \
	atleast "$(q "$db" 'SELECT count(*) FROM financials WHERE cost_to_serve IS NOT NULL')" 1
check "activities outside the four quarters" \
	atleast "$(q "$db" "SELECT count(*) FROM activities WHERE date < '2024-01-01' OR date > '2024-12-31'")" 1
check "accounts that moved position" \
	atleast "$(q "$db" 'SELECT count(*) FROM (SELECT 1 FROM spectrum_history GROUP BY account_id HAVING count(*) > 1)')" 1
check "relationship meetings overdue (182+ days or never)" \
	atleast "$(q "$db" "SELECT count(*) FROM accounts a WHERE coalesce((SELECT max(date) FROM meetings m
			      WHERE m.account_id = a.id), '0') < date('2025-03-15', '-182 days')")" 13
check "unresolved problems past due" \
	atleast "$(q "$db" "SELECT count(*) FROM problems WHERE resolved IS NULL AND due < '2025-03-15'")" 1
check "resolved problems" atleast "$(q "$db" 'SELECT count(*) FROM problems WHERE resolved IS NOT NULL')" 1
check "finished projects without feedback" \
	atleast "$(q "$db" 'SELECT count(*) FROM projects WHERE finished IS NOT NULL AND feedback_score IS NULL')" 1
check "accounts without a relationship owner" \
	atleast "$(q "$db" "SELECT count(*) FROM accounts WHERE id NOT IN (SELECT account_id FROM roles WHERE role = 'relationship')")" 1
check "detractors with comments" \
	atleast "$(q "$db" 'SELECT count(*) FROM nps WHERE score <= 6 AND comment IS NOT NULL')" 1
whale="WITH c AS (SELECT f.account_id a, f.revenue - f.cogs - coalesce(f.cost_to_serve,
		(SELECT sum(x.quantity * r.cost) / 1000 FROM activities x JOIN rates r ON r.id = x.rate_id
		 WHERE x.account_id = f.account_id AND x.date BETWEEN f.period_start AND f.period_end), 0) p
		FROM financials f),
	p AS (SELECT a, sum(p) p FROM c GROUP BY a),
	w AS (SELECT sum(p) OVER (ORDER BY p DESC, a ROWS UNBOUNDED PRECEDING) * 100.0 / sum(p) OVER () cum FROM p)
	SELECT CAST(max(cum) AS INTEGER) FROM w"
check "whale curve peaks well above 100%" atleast "$(q "$db" "$whale")" 130
check "a fifth or more of the accounts lose money" \
	atleast "$(q "$db" "SELECT count(*) FROM (SELECT f.account_id FROM financials f GROUP BY 1 HAVING sum(f.revenue - f.cogs
		- coalesce(f.cost_to_serve, (SELECT sum(x.quantity * r.cost) / 1000 FROM activities x JOIN rates r
		ON r.id = x.rate_id WHERE x.account_id = f.account_id AND x.date BETWEEN f.period_start AND f.period_end), 0)) < 0)")" 50

# Determinism and refusal.
"$BIN" -d "$tmp/b.db" demo --seed 1 >/dev/null
"$BIN" -d "$tmp/c.db" demo --seed 2 >/dev/null
dump "$db" >"$tmp/a.txt"
dump "$tmp/b.db" >"$tmp/b.txt"
dump "$tmp/c.db" >"$tmp/c.txt"
check "the same seed gives the same data" cmp -s "$tmp/a.txt" "$tmp/b.txt"
check "another seed gives other data" eval '! cmp -s "$tmp/a.txt" "$tmp/c.txt"'
TZ=Pacific/Kiritimati LC_ALL=C.UTF-8 "$BIN" -d "$tmp/d.db" demo >/dev/null
dump "$tmp/d.db" >"$tmp/d.txt"
check "time zone and locale change nothing" cmp -s "$tmp/a.txt" "$tmp/d.txt"

before=$(q "$db" 'SELECT (SELECT count(*) FROM staff) || (SELECT count(*) FROM audit) || (SELECT count(*) FROM rates)')
"$BIN" -d "$db" demo --accounts 5 >/dev/null 2>"$tmp/err"
check "a database with accounts is refused (exit 1)" is "$?" 1
check "the refusal says why" grep -q "already holds 250 accounts" "$tmp/err"
check "nothing written on refusal" \
	is "$(q "$db" 'SELECT (SELECT count(*) FROM staff) || (SELECT count(*) FROM audit) || (SELECT count(*) FROM rates)')" "$before"

"$BIN" -d "$tmp/one.db" demo --accounts 1 >/dev/null
check "one account, three staff" is "$(q "$tmp/one.db" 'SELECT count(*) || "/" || (SELECT count(*) FROM staff) FROM accounts')" 1/3

if [ "${RAPPORT_SLOW_TESTS:-}" = 1 ]; then
	start=$(date +%s)
	"$BIN" -d "$tmp/big.db" demo --accounts 100000 >/dev/null
	echo "# 100000 accounts: $(( $(date +%s) - start )) s, $(q "$tmp/big.db" 'SELECT count(*) FROM activities') activities"
fi

[ "$fails" -eq 0 ]
