#!/bin/sh
# tools/gen/genbids: deterministic from its seed, and its output is valid input for evaluate
# with every planted defect reported as the reason the formats name; on that generated
# competition, evaluate gives the same bytes whatever --threads.
# usage: genbids.sh GENBIDS CALLOFF
set -u
GENBIDS=$1
CALLOFF=$2
. "$(dirname "$0")/check.sh"

"$GENBIDS" "$T/a" 2000 3 || fail "genbids 2000 bids, seed 3"
"$GENBIDS" "$T/b" 2000 3 || fail "genbids again with the same seed"
diff -r "$T/a" "$T/b" >/dev/null || fail "the same seed gives the same bytes"
"$GENBIDS" "$T/c" 2000 4 || fail "genbids with seed 4"
cmp -s "$T/a/marks.xml" "$T/c/marks.xml" && fail "another seed gives other marks"
[ "$(ls "$T/a/bids" | wc -l)" -eq 2000 ] || fail "2000 bid files written"

"$GENBIDS" "$T/a" 10 3 2>"$T/err" && fail "a folder that is not empty is refused"
grep -q "not empty" "$T/err" || fail "the refusal says why: $(cat "$T/err")"
"$GENBIDS" "$T/d" 0 2>/dev/null && fail "N = 0 is refused"
"$GENBIDS" "$T/d" 12x 2>/dev/null && fail "N = 12x is refused"

"$CALLOFF" evaluate "$T/a/rules.yaml" "$T/a/bids" --marks "$T/a/marks.xml" --json >"$T/r.json" 2>"$T/err" ||
	fail "evaluate accepts the generated competition: $(cat "$T/err")"
[ "$(grep -c '"file": ' "$T/r.json")" -eq 2000 ] || fail "every generated bid appears in the result"
[ "$(grep -c '"status": "awarded"' "$T/r.json")" -ge 100 ] || fail "top 100 awarded (n = N/20)"
for code in late gate_failed missing_response over_word_limit price_above_max invalid_price \
	missing_price wrong_competition invalid_bid superseded duplicate_submission abnormally_low \
	below_min_mark below_min_quality needs_moderation; do
	grep -q "\"code\": \"$code\"" "$T/r.json" || fail "the planted defect $code is reported"
done

# Streaming work must not change a byte: the bids read on 1, 2 or 3 threads give the same
# result document and the same table as the default run above.
for t in 1 2 3; do
	"$CALLOFF" evaluate "$T/a/rules.yaml" "$T/a/bids" --marks "$T/a/marks.xml" --json --threads "$t" \
		>"$T/r$t.json" 2>"$T/err" || fail "evaluate --threads $t: $(cat "$T/err")"
	cmp -s "$T/r.json" "$T/r$t.json" || fail "--threads $t gives the same result document"
	"$CALLOFF" evaluate "$T/a/rules.yaml" "$T/a/bids" --marks "$T/a/marks.xml" --threads "$t" >"$T/t$t.txt" 2>/dev/null
done
cmp -s "$T/t1.txt" "$T/t2.txt" && cmp -s "$T/t1.txt" "$T/t3.txt" || fail "the table is the same on 1, 2 and 3 threads"
[ -s "$T/t1.txt" ] || fail "the table is printed"

finish genbids
