#!/bin/sh
# make-seeds.sh [SRCDIR]: (re)write the seed corpora under tests/fuzz/corpus/
# from the test fixtures.  The committed seeds are its output; run it again
# after adding fixtures.  Reproducers of fixed defects live beside them as
# corpus/NAME/crash-* and are kept.
#   csv/     every CSV file under tests/data, as it is
#   import/  one byte naming the kind (fuzz_import.c: (byte & 0x7f) % 11,
#            top bit = dry run), then a CSV file: tests/data/basic and
#            tests/data/reports per kind, tests/data/bad for the kind whose
#            header it has
#   config/  share/rapport.ini and small files like those of test_config.c
set -eu
top=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
out=$top/tests/fuzz/corpus
mkdir -p "$out/csv" "$out/import" "$out/config"
find "$out/csv" "$out/import" "$out/config" -type f ! -name 'crash-*' -exec rm -f {} +

for f in "$top"/tests/data/*/*.csv; do
	d=$(basename "$(dirname "$f")")
	cp "$f" "$out/csv/$d-$(basename "$f")"
done

# the kinds in fuzz_import.c's order
kinds="accounts contacts staff roles nps financials activities rates meetings projects problems"
byte() { printf "\\$(printf '%03o' "$1")"; }
i=0
for k in $kinds; do
	for d in basic reports; do
		f=$top/tests/data/$d/$k.csv
		[ -f "$f" ] || continue
		{ byte $i; cat "$f"; } >"$out/import/$k-$d.csv"
		{ byte $((i + 128)); cat "$f"; } >"$out/import/$k-$d-dry.csv"
	done
	i=$((i + 1))
done
for f in "$top"/tests/data/bad/*.csv; do
	case $(head -n 1 "$f") in
	account,score*) i=4 ;;
	account,period*) i=5 ;;
	*) i=0 ;;
	esac
	{ byte $i; cat "$f"; } >"$out/import/bad-$(basename "$f")"
done

cp "$top/share/rapport.ini" "$out/config/rapport.ini"
n=0
seed() { n=$((n + 1)); printf '%b' "$1" >"$out/config/$(printf 'small-%02d.ini' $n)"; }
seed '; a comment\n# another\n[user]\nname = Ann Smith  ; trailing comment\nme = ann\n'
seed '[IMPORT]\nProgress = On\n[Roles]\nDUE_SOON_DAYS=5\n'
seed '[grid]\nmargin_split =\ncost_split = ""\n[keys]\nsearch = ";"\nhelp = '"'"'#'"'"'\n[user]\nname = "  Bo  "\n'
seed '[roles]\ndue_soon_days = 3\n\nthis line is wrong\n[grid]\n'
seed '[colors]\ntitle = pink,black\ngood = green\nbad = red,black,white\n'
seed '[review]\nrules = overdue, bogus\n'
seed '[review]\nrules = ladder, LADDER,overdue,,x\n'
seed 'stray = 1\n[roles]\ndue_soon_days = 10\ndue_son_days = 11\n[Sounds]\nbeep = yes\n[colors]\ntitle = red,black\nFlash = no\n'
seed '[keys]\nquit = Q\n; comment\nSearch = /\n\nopen = enter\n[roles]\ndue_soon_days = 3\n[keys]\nhelp = F1\nquit = ^X\nnext = F12\n'
seed '[grid]\nmargin_split = 1234.56\ncost_split = 99999999999999.99\n[roles]\nmeeting_interval_days = 3660\nproblem_days = 0\n'
seed '[user]\nname = \\\n  continued\nme = "quoted handle"\n[x\n'
seed '[import]\nprogress = maybe\n'
seed '[colors]\nenabled = off\n[import]\nprogress = No\n[keys]\nhelp = "?"\n'
