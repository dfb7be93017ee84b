#!/bin/sh
# The CLI contract of FORMATS.md 4: commands, exit codes, located messages, outputs.
# usage: cli.sh CALLOFF TOP_SRCDIR
set -u
CALLOFF=$1
TOP=$2
. "$(dirname "$0")/check.sh"

# expect CODE DESCRIPTION -- command...
expect() {
	want=$1; what=$2; shift 3
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	[ "$got" -eq "$want" ] || fail "$what: exit $got, want $want; stderr: $(cat "$T/err")"
}

L7="$TOP/rules/dorset-lot7-live-in-care.yaml"
L8="$TOP/rules/dorset-lot8-extra-care.yaml"
M7="$TOP/bids/marks/dorset-lot7-marks.xml"
M8="$TOP/bids/marks/dorset-lot8-marks.xml"

expect 0 "check a valid rule file" -- "$CALLOFF" check "$L7"
grep -q "valid rule file for competition DCF-L7-2026-01" "$T/out" || fail "check says the file is valid"

printf 'calloff: 1\ncompetition: {id: X, lot: {id: "1"}}\naward: {mode: top_n, n: 0}\n' > "$T/bad.yaml"
expect 2 "check an invalid rule file" -- "$CALLOFF" check "$T/bad.yaml"
grep -q "^$T/bad.yaml:3:25: 'n' must be between" "$T/err" || fail "check prints FILE:LINE:COL: $(cat "$T/err")"
grep -q "^$T/bad.yaml:1:1: missing required key 'weights'" "$T/err" || fail "check lists every problem"

expect 1 "no command" -- "$CALLOFF"
expect 1 "unknown command" -- "$CALLOFF" frobnicate
expect 1 "evaluate without bids" -- "$CALLOFF" evaluate "$L7"
expect 1 "evaluate without marks" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7"
expect 1 "unknown option" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$M7" --frob
expect 0 "version" -- "$CALLOFF" --version

# The main job on both examples, with -o and --json.
expect 0 "evaluate lot 7" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$M7" -o "$T/out7"
grep -q "B-L7-001 .*AWARDED" "$T/out" || fail "the table shows the award"
[ -s "$T/out7/result.json" ] || fail "result.json is written"
[ "$(ls -A "$T/out7" | tr '\n' ' ')" = "audit.json inputs ocds.json report.html result.json scores.csv summaries " ] || fail "the output folder holds the outputs, audit.json, inputs/ and summaries/ only: $(ls -A "$T/out7")"
[ "$(ls "$T/out7/inputs" | wc -l)" -eq 17 ] || fail "the bundle holds the rules, 15 bids and the marks"
expect 0 "evaluate lot 7 as JSON" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$M7" --json
cmp -s "$T/out" "$T/out7/result.json" || fail "--json prints the same document as result.json"
expect 0 "evaluate lot 8" -- "$CALLOFF" evaluate "$L8" "$TOP/bids/lot8" --marks "$M8" -o "$T/out8"
grep -q "Scheme ECH-05 Abbey Fields, Sherborne: not awarded" "$T/out" || fail "the table shows each scheme"

# Invalid marks: exit 2, located, and no output written.
sed 's/value="4"/value="9"/' "$M7" > "$T/badmarks.xml"
expect 2 "marks off the scale" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$T/badmarks.xml" -o "$T/nope"
grep -q "^$T/badmarks.xml:[0-9]*:[0-9]*: mark by 'E.' for bid '.*' is off the scale" "$T/err" || fail "off-scale mark located: $(head -2 "$T/err")"
[ -e "$T/nope/result.json" ] && fail "no result.json after invalid marks"

# Incomplete marks: exit 2 and each missing (bid, question) listed.
sed '/question ref="Q8"/,/<\/question>/d' "$M7" > "$T/incomplete.xml"
expect 2 "incomplete marks" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$T/incomplete.xml"
[ "$(grep -c "no usable mark for bid 'B-L7-0[0-9]*' question 'Q8'" "$T/err")" -eq 9 ] || fail "each missing (bid, question) is listed: $(cat "$T/err")"

# An unresolved tie at the boundary: exit 3, and result.json still written.
sed 's/at_boundary: admit_all/at_boundary: report/' "$L7" > "$T/report.yaml"
expect 3 "tie at the boundary under report" -- "$CALLOFF" evaluate "$T/report.yaml" "$TOP/bids/lot7" --marks "$M7" -o "$T/out3"
grep -q '"tie_unresolved": \[' "$T/out3/result.json" || fail "result.json written on exit 3"
grep -q "needs a human decision" "$T/err" || fail "exit 3 is explained"

# A folder holding another evaluation is refused; with --force a failing run still keeps it intact.
expect 0 "first run" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$M7" -o "$T/keep"
cp "$T/keep/result.json" "$T/before.json"
cp "$T/keep/audit.json" "$T/before-audit.json"
expect 2 "another evaluation into the same folder" -- "$CALLOFF" evaluate "$L8" "$TOP/bids/lot8" --marks "$M8" -o "$T/keep"
grep -q "^$T/keep:1:1: the folder holds a different evaluation" "$T/err" || fail "refusal explained: $(cat "$T/err")"
expect 2 "second run with bad marks, forced" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$T/badmarks.xml" -o "$T/keep" --force
cmp -s "$T/keep/result.json" "$T/before.json" || fail "the previous result.json is intact"
(ulimit -f 16; "$CALLOFF" evaluate "$L8" "$TOP/bids/lot8" --marks "$M8" -o "$T/keep" --force >/dev/null 2>"$T/err")
[ $? -ne 0 ] || fail "a run that cannot write its outputs fails"
grep -q "cannot write" "$T/err" || fail "a full disk is reported: $(cat "$T/err")"
cmp -s "$T/keep/result.json" "$T/before.json" || fail "the previous result.json survives a full disk"
cmp -s "$T/keep/audit.json" "$T/before-audit.json" || fail "the previous audit.json survives a full disk"
[ -z "$(ls -A "$T/keep" | grep '^\.')" ] || fail "no temporary file is left: $(ls -A "$T/keep")"
expect 0 "the kept evaluation still replays" -- "$CALLOFF" replay "$T/keep"

# Replay and explain, the auditor's commands.
expect 0 "replay lot 7" -- "$CALLOFF" replay "$T/out7"
[ "$(tail -n 1 "$T/out")" = "identical" ] || fail "replay says identical: $(cat "$T/out")"
expect 0 "replay lot 8 by its audit.json" -- "$CALLOFF" replay "$T/out8/audit.json"
expect 0 "explain a winner" -- "$CALLOFF" explain "$T/out7" B-L7-001
grep -q "consensus (the moderated mark): c = 5" "$T/out" || fail "explain shows the consensus"
expect 0 "explain as JSON" -- "$CALLOFF" explain "$T/out7" B-L7-006 --json
grep -q '"format": "calloff-explain/1"' "$T/out" || fail "explain --json is a document"
expect 2 "explain an unknown bid" -- "$CALLOFF" explain "$T/out7" B-NOPE
grep -q "^B-NOPE:1:1: no bid has this id" "$T/err" || fail "unknown bid explained: $(cat "$T/err")"
sed -i 's/"85.00"/"95.00"/' "$T/out7/result.json"
expect 4 "replay after result.json was edited" -- "$CALLOFF" replay "$T/out7"
grep -q "result.json:[0-9]*:[0-9]*: the file differs" "$T/out" || fail "the edit is located: $(cat "$T/out")"
expect 2 "replay of a folder with no record" -- "$CALLOFF" replay "$T"

# The locale does not change a byte.
LC_ALL=de_DE.UTF-8 "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$M7" --json > "$T/de.json" 2>/dev/null
cmp -s "$T/de.json" "$T/before.json" || fail "output independent of the locale"

# Providers and panels.
expect 0 "template" -- "$CALLOFF" template "$L8"
cp "$T/out" "$T/draft.xml"
grep -q '<scheme ref="ECH-05"/>' "$T/draft.xml" || fail "the template lists the schemes"
expect 4 "selfscore of the blank template" -- "$CALLOFF" selfscore "$L8" "$T/draft.xml"
grep -q "Status: would be DISQUALIFIED" "$T/out" || fail "selfscore says what evaluate would do"
grep -q "draft.xml:[0-9]*: gate_failed (cqc)" "$T/out" || fail "selfscore gives the draft's line"
expect 0 "selfscore of a compliant bid" -- "$CALLOFF" selfscore "$L7" "$TOP/bids/lot7/acme-live-in-care.xml" --json
grep -q '"status": "compliant"' "$T/out" || fail "selfscore --json gives the status"
expect 2 "selfscore of a missing draft" -- "$CALLOFF" selfscore "$L7" "$T/nothing.xml"
grep -q "^$T/nothing.xml:1:1: cannot read" "$T/err" || fail "a missing draft is located: $(cat "$T/err")"
expect 0 "marksheet" -- "$CALLOFF" marksheet "$L8" "$TOP/bids/lot8" --evaluators P1,P2
[ "$(grep -c '<bid ref=' "$T/out")" -eq 5 ] || fail "the marksheet lists the 5 eligible Lot 8 bids"
expect 0 "packs" -- "$CALLOFF" packs "$L8" "$TOP/bids/lot8" -o "$T/packs" --key "$T/packs-key.json" --seed 3
grep -q "Not evaluated: the response continues for" "$T/packs/E3.md" || fail "the over-long E3 answer is cut"
grep -q "Stour\|Acme\|GB-COH\|B-L8" "$T/packs/"*.md && fail "no supplier name or id in the packs"
grep -q '"seed": 3' "$T/packs-key.json" || fail "the key records the seed"
[ "$(ls -A "$T/packs" | tr '\n' ' ')" = "E1.md E2.md E3.md E4.md E5.md E6.md " ] || fail "the folder holds the packs only: $(ls -A "$T/packs")"
expect 2 "packs with the key inside the folder" -- "$CALLOFF" packs "$L8" "$TOP/bids/lot8" -o "$T/packs" --key "$T/packs/../packs/k.json" --seed 3
grep -q "the chair's key must be outside the packs' folder" "$T/err" || fail "the key is refused inside the folder: $(cat "$T/err")"
expect 1 "packs without --key" -- "$CALLOFF" packs "$L8" "$TOP/bids/lot8" -o "$T/packs"

# Analytics.
expect 0 "sensitivity" -- "$CALLOFF" sensitivity "$L8" "$TOP/bids/lot8" --marks "$M8" --json
grep -q '"format": "calloff-tipping/1"' "$T/out" || fail "sensitivity --json is a document"
grep -q '"criterion": "E4"' "$T/out" || fail "every question is a criterion"
expect 0 "sensitivity with sampling" -- "$CALLOFF" sensitivity "$L7" "$TOP/bids/lot7" --marks "$M7" --samples 5000 --seed 7 --threads 2 --json
cp "$T/out" "$T/smaa2.json"
expect 0 "sensitivity, one thread" -- "$CALLOFF" sensitivity "$L7" "$TOP/bids/lot7" --marks "$M7" --samples 5000 --seed 7 --threads 1 --json
cmp -s "$T/out" "$T/smaa2.json" || fail "the same seed gives the same output whatever the threads"
grep -q '"pairwise_winning_index"' "$T/out" || fail "the boundary pair is reported"
expect 1 "a bad thread count" -- "$CALLOFF" sensitivity "$L7" "$TOP/bids/lot7" --marks "$M7" --samples 10 --threads 0

finish cli
