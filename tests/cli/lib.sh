# Shared helpers for the end-to-end tests of the rapport binary.
# make check sets RAPPORT_BIN (the built binary) and RAPPORT_TESTDATA.
set -u
: "${RAPPORT_BIN:?RAPPORT_BIN is not set (run through make check)}"
: "${RAPPORT_TESTDATA:?RAPPORT_TESTDATA is not set}"
export RAPPORT_TODAY=2024-06-30
unset RAPPORT_DB XDG_CONFIG_HOME
T=$(mktemp -d /tmp/rapport-cli.XXXXXX)
export HOME="$T/home" XDG_DATA_HOME="$T/data"
mkdir -p "$HOME"
trap 'rm -rf "$T"' EXIT
failures=0
checks=0

fail() { printf 'FAIL: %s\n' "$*" >&2; failures=$((failures + 1)); }
ok() { checks=$((checks + 1)); }

# expect STATUS CMD...: run CMD, stdout -> $T/out, stderr -> $T/err
expect() {
	want=$1; shift
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		fail "exit $got (want $want): $*"
		sed 's/^/  stderr: /' "$T/err" >&2
	else
		ok
	fi
}

# err_has TEXT: the last command's stderr contains TEXT
err_has() { grep -qF -- "$1" "$T/err" && ok || { fail "stderr lacks '$1'"; sed 's/^/  stderr: /' "$T/err" >&2; }; }
out_has() { grep -qF -- "$1" "$T/out" && ok || { fail "stdout lacks '$1'"; sed 's/^/  stdout: /' "$T/out" >&2; }; }
same() { cmp -s "$1" "$2" && ok || { fail "$1 and $2 differ"; diff "$1" "$2" | head -20 >&2; }; }

finish() {
	if [ "$failures" -ne 0 ]; then
		printf '%s: %d of %d checks failed\n' "$0" "$failures" "$((checks + failures))"
		exit 1
	fi
	printf '%s: %d checks passed\n' "$0" "$checks"
	exit 0
}
