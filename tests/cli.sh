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
# While provisional no contract award notice is written (it follows the assessment summaries), and
# evaluate says why; the folder, ocds.json absent, still replays identical.
[ -e "$T/out3/ocds.json" ] && fail "no ocds.json while the award is provisional"
[ "$(grep -c "ocds.json" "$T/err")" -eq 1 ] || fail "one message says the notice is held back, not two: $(cat "$T/err")"
grep -q "so neither the assessment summaries nor ocds.json (the contract award notice) are written" "$T/err" ||
	fail "the exit 3 explanation says no notice is written: $(cat "$T/err")"
expect 0 "replay of a provisional evaluation" -- "$CALLOFF" replay "$T/out3"
[ "$(tail -n 1 "$T/out")" = "identical" ] || fail "a provisional evaluation replays identical: $(cat "$T/out")"

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
grep -q '<submitted>YYYY-MM-DDThh:mm:ssZ</submitted>' "$T/draft.xml" || fail "the template leaves the time to the provider"
expect 4 "selfscore of the blank template" -- "$CALLOFF" selfscore "$L8" "$T/draft.xml"
grep -q "draft.xml:7:3: invalid_bid: Element '{urn:calloff:bid:1}submitted': 'YYYY-MM-DDThh:mm:ssZ' is not a valid value" "$T/out" || fail "selfscore asks for the time first: $(cat "$T/out")"
sed -i 's/<submitted>YYYY-MM-DDThh:mm:ssZ</<submitted>2026-11-28T10:15:00Z</' "$T/draft.xml"
expect 4 "selfscore of the blank template with its time" -- "$CALLOFF" selfscore "$L8" "$T/draft.xml"
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

# The officer's decisions file and the portal's receipt log (issue 21): evaluate and sensitivity read them.
cat >"$T/decisions.yaml" <<'EOF'
calloff-decisions: 1
competition: DCF-L7-2026-01
decisions:
  - id: D1
    kind: tie
    award: [B-L7-010]
    by: "A. Officer, Category Manager"
    at: 2026-12-03T10:00:00Z
    reason: "Chosen by lot in the presence of two witnesses."
EOF
{ # every bid file received when it says it was submitted
	echo "file,received"
	for f in "$TOP"/bids/lot7/*.xml; do
		printf '%s,%s\n' "$(basename "$f")" "$(sed -n 's/.*<submitted>\(.*\)<\/submitted>.*/\1/p' "$f" | head -n 1)"
	done
} >"$T/receipts.csv"
expect 0 "evaluate with a decision resolving the tie" -- "$CALLOFF" evaluate "$T/report.yaml" "$TOP/bids/lot7" --marks "$M7" --decisions "$T/decisions.yaml"
# The same command with the decisions file completes the provisional folder, without --force.
[ -e "$T/out3/summaries" ] && fail "no summaries while the award is provisional"
expect 0 "the provisional folder decided" -- "$CALLOFF" evaluate "$T/report.yaml" "$TOP/bids/lot7" --marks "$M7" -o "$T/out3" --decisions "$T/decisions.yaml"
grep -q '"final": true' "$T/out3/result.json" || fail "the decided evaluation replaces the provisional one"
[ -d "$T/out3/summaries" ] || fail "summaries written once the award is final"
expect 2 "other marks into the decided folder" -- "$CALLOFF" evaluate "$T/report.yaml" "$TOP/bids/lot7" --marks "$T/badmarks.xml" -o "$T/out3" --decisions "$T/decisions.yaml"
cp "$M7" "$T/othermarks.xml" && echo "<!-- edited -->" >>"$T/othermarks.xml"
expect 2 "another marks file is another evaluation" -- "$CALLOFF" evaluate "$T/report.yaml" "$TOP/bids/lot7" --marks "$T/othermarks.xml" -o "$T/out3" --decisions "$T/decisions.yaml"
grep -q "the folder holds a different evaluation" "$T/err" || fail "other marks are still refused: $(cat "$T/err")"
expect 0 "sensitivity with the decisions file" -- "$CALLOFF" sensitivity "$T/report.yaml" "$TOP/bids/lot7" --marks "$M7" --decisions "$T/decisions.yaml" --json
grep -q '"format": "calloff-tipping/1"' "$T/out" || fail "sensitivity with decisions is a document"
sed 's/DCF-L7-2026-01/DCF-L8-2026-01/' "$T/decisions.yaml" >"$T/other.yaml"
expect 2 "decisions for another competition" -- "$CALLOFF" evaluate "$T/report.yaml" "$TOP/bids/lot7" --marks "$M7" --decisions "$T/other.yaml"
grep -q "^$T/other.yaml:2:[0-9]*: these decisions are for competition 'DCF-L8-2026-01'" "$T/err" || fail "the competition is located: $(cat "$T/err")"
expect 2 "sensitivity with decisions for another competition" -- "$CALLOFF" sensitivity "$T/report.yaml" "$TOP/bids/lot7" --marks "$M7" --decisions "$T/other.yaml"
grep -q "^$T/other.yaml:2:" "$T/err" || fail "sensitivity says where: $(cat "$T/err")"
expect 2 "a receipt log that is not there" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$M7" --receipts "$T/nowhere.csv"
grep -q "nowhere.csv" "$T/err" || fail "the missing receipt log is named: $(cat "$T/err")"
expect 2 "sensitivity with a receipt log that is not there" -- "$CALLOFF" sensitivity "$L7" "$TOP/bids/lot7" --marks "$M7" --receipts "$T/nowhere.csv"
expect 0 "evaluate with a receipt log" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$M7" --receipts "$T/receipts.csv"
expect 1 "--decisions without its file" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$M7" --decisions
expect 0 "--help" -- "$CALLOFF" --help
grep -q -- "--decisions FILE" "$T/out" && grep -q -- "--receipts FILE" "$T/out" || fail "--help names --decisions and --receipts"

# Standard output that cannot be written is never success (issue 18 item 7): every command exits 2
# and says so, on a full disk (/dev/full) and over a file-size limit (SIGXFSZ is ignored, so
# write() fails with EFBIG), whatever it would have exited with.
no_stdout() { # DESCRIPTION LIMIT command...: LIMIT "full" writes to /dev/full, else ulimit -f LIMIT
	what=$1; limit=$2; shift 2
	if [ "$limit" = full ]; then
		"$@" >/dev/full 2>"$T/err"
	else
		(ulimit -f "$limit"; "$@" >"$T/partial" 2>"$T/err")
	fi
	got=$?
	[ "$got" -eq 2 ] || fail "$what, stdout not writable ($limit): exit $got, want 2"
	grep -qx "calloff: cannot write to standard output" "$T/err" || fail "$what, stdout not writable ($limit), is reported: $(cat "$T/err")"
}
for lim in full 1; do # ulimit -f 1: 512 bytes, less than each of these outputs
	no_stdout "evaluate (table)" $lim "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$M7"
	no_stdout "evaluate --json" $lim "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$M7" --json
	no_stdout "evaluate needing a decision" $lim "$CALLOFF" evaluate "$T/report.yaml" "$TOP/bids/lot7" --marks "$M7"
	no_stdout "template" $lim "$CALLOFF" template "$L8"
	no_stdout "marksheet" $lim "$CALLOFF" marksheet "$L8" "$TOP/bids/lot8"
	no_stdout "explain" $lim "$CALLOFF" explain "$T/out8" B-L8-01
	no_stdout "explain --json" $lim "$CALLOFF" explain "$T/out8" B-L8-01 --json
	no_stdout "selfscore" $lim "$CALLOFF" selfscore "$L7" "$TOP/bids/lot7/acme-live-in-care.xml"
	no_stdout "selfscore of a draft that would be rejected" $lim "$CALLOFF" selfscore "$L8" "$T/draft.xml"
	no_stdout "selfscore --json" $lim "$CALLOFF" selfscore "$L7" "$TOP/bids/lot7/acme-live-in-care.xml" --json
	no_stdout "sensitivity" $lim "$CALLOFF" sensitivity "$L7" "$TOP/bids/lot7" --marks "$M7"
	no_stdout "sensitivity --samples" $lim "$CALLOFF" sensitivity "$L7" "$TOP/bids/lot7" --marks "$M7" --samples 100
	no_stdout "--help" $lim "$CALLOFF" --help
done
no_stdout "check" full "$CALLOFF" check "$L7"
no_stdout "replay (identical)" full "$CALLOFF" replay "$T/out8"
no_stdout "replay (not identical)" full "$CALLOFF" replay "$T/out7"
no_stdout "packs" full "$CALLOFF" packs "$L8" "$TOP/bids/lot8" -o "$T/packs-full" --key "$T/packs-full-key.json" --seed 3
no_stdout "--version" full "$CALLOFF" --version
no_stdout "standstill" full "$CALLOFF" standstill --notice-date 2026-12-22
# A failed write on stderr cannot be reported, and changes no exit code.
expect 2 "check an invalid rule file, stderr full" -- sh -c '"$0" check "$1" 2>/dev/full' "$CALLOFF" "$T/bad.yaml"
expect 3 "evaluate needing a decision, stderr full" -- sh -c '"$0" evaluate "$1" "$2" --marks "$3" 2>/dev/full' "$CALLOFF" "$T/report.yaml" "$TOP/bids/lot7" "$M7"
expect 1 "a usage error, stderr full" -- sh -c '"$0" evaluate 2>/dev/full' "$CALLOFF"
expect 2 "stdout and stderr both full" -- sh -c '"$0" evaluate "$1" "$2" --marks "$3" --json >/dev/full 2>/dev/full' "$CALLOFF" "$L7" "$TOP/bids/lot7" "$M7"

# Texts from inputs reach the terminal escaped (issue 18 item 11): a supplier name with CR, LF,
# the C1 control CSI, DEL, U+202E and a tab; a bid file, a rule file and a bundle path with ESC.
ESC=$(printf '\033')
raw_controls() { # FILE: succeeds when FILE holds a byte a terminal would act on (LF aside)
	python3 - "$1" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
try:
    text = data.decode("utf-8")
except UnicodeDecodeError:
    sys.exit(0)
sys.exit(0 if re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text) else 1)
PY
}
mkdir -p "$T/hostile"
cp "$TOP/bids/lot7/"*.xml "$T/hostile/"
sed 's|<name>Acme Live-in Care Ltd</name>|<name>Acme\&#13;X\&#10;Evil\&#x9b;2J\&#x7f;\&#x202e;dtL\&#9;Ltd</name>|' \
	"$TOP/bids/lot7/acme-live-in-care.xml" >"$T/hostile/acme-live-in-care.xml"
mv "$T/hostile/bridport-live-in-care.xml" "$T/hostile/evil${ESC}[2J${ESC}[H.xml"
expect 0 "evaluate hostile names" -- sh -c 'cd "$1" && "$0" evaluate "$2" hostile --marks "$3" -o hostile-out' "$CALLOFF" "$T" "$L7" "$M7"
raw_controls "$T/out" && fail "no raw control byte in the table: $(od -c "$T/out" | head -20)"
python3 - "$T/out" <<'PY' || fail "every row of the table has its columns in place: $(cat "$T/out")"
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
head = next(i for i, l in enumerate(lines) if l.startswith("Rank Bid"))
rows = lines[head + 1:lines.index("", head)]
col = lines[head].index("Status")
ok = len(rows) == 15 and all(r[col:].split(" ")[0] in ("AWARDED", "ranked", "rejected", "disqualified") for r in rows)
sys.exit(0 if ok else 1)
PY
grep -qF 'B-L7-001     Acme\x0dX\x0aEvil\u009b2J\x7f' "$T/out" || fail "the name is shown escaped: $(grep B-L7-001 "$T/out")"
grep -qF 'evil\x1b[2J\x1b[H.xml' "$T/out" || fail "the file name is shown escaped: $(cat "$T/out")"
expect 0 "evaluate hostile names as JSON" -- sh -c 'cd "$1" && "$0" evaluate "$2" hostile --marks "$3" --json' "$CALLOFF" "$T" "$L7" "$M7"
grep -q "$ESC" "$T/out" && fail "--json escapes ESC as JSON does"
grep -qF 'evil\u001B[2J\u001B[H.xml' "$T/out" || fail "--json has the file name in JSON's escapes"
grep -qF 'Acme\rX\nEvil\u009b2J\u007f\u202edtL\tLtd' "$T/out" || fail "--json has the name in JSON's escapes: $(grep Acme "$T/out")"
raw_controls "$T/out" && fail "--json holds no raw DEL, C1 control or bidirectional character either"
expect 0 "explain a hostile name" -- "$CALLOFF" explain "$T/hostile-out" B-L7-001
raw_controls "$T/out" && fail "no raw control byte in explain: $(head -3 "$T/out")"
expect 0 "explain a file named with ESC" -- "$CALLOFF" explain "$T/hostile-out" "hostile/evil${ESC}[2J${ESC}[H.xml"
raw_controls "$T/out" && fail "no raw control byte in explain of the file: $(head -3 "$T/out")"
grep -qF 'File: hostile/evil\x1b[2J\x1b[H.xml' "$T/out" || fail "explain shows the path escaped: $(head -3 "$T/out")"
expect 4 "selfscore of a file named with ESC" -- "$CALLOFF" selfscore "$L7" "$T/hostile/evil${ESC}[2J${ESC}[H.xml"
raw_controls "$T/out" && fail "no raw control byte in selfscore: $(head -3 "$T/out")"
expect 2 "evaluate a missing file named with ESC" -- "$CALLOFF" evaluate "$L7" "$T/gone${ESC}[2J.xml" --marks "$M7"
raw_controls "$T/err" && fail "no raw control byte in diagnostics: $(cat "$T/err")"
grep -qF 'gone\x1b[2J.xml:1:1:' "$T/err" || fail "the diagnostic names the path escaped: $(cat "$T/err")"
printf 'calloff: 1\ncompetition: {id: X, title: "a\\e[2J\\u202eb", lot: {id: "1"}}\nawards: 1\n' >"$T/esc-rules.yaml"
cp "$T/esc-rules.yaml" "$T/esc${ESC}[2J.yaml"
expect 2 "check a rule file named with ESC" -- "$CALLOFF" check "$T/esc${ESC}[2J.yaml"
raw_controls "$T/err" && fail "no raw control byte in check's diagnostics: $(cat "$T/err")"
sed 's|^  title: .*|  title: "Live-in Care\\e[2J\\u202e\\r\\nLot"|' "$L7" >"$T/esc-title.yaml"
expect 0 "evaluate with a rule-file title holding ESC" -- "$CALLOFF" evaluate "$T/esc-title.yaml" "$TOP/bids/lot7" --marks "$M7"
raw_controls "$T/out" && fail "no raw control byte in the table's heading: $(head -2 "$T/out")"
grep -qF 'Live-in Care\x1b[2J\u202e\x0d\x0aLot' "$T/out" || fail "the title is shown escaped: $(head -2 "$T/out")"
expect 0 "template with a title holding ESC" -- "$CALLOFF" template "$T/esc-title.yaml"
raw_controls "$T/out" && fail "no raw control byte in the template's comments: $(head -3 "$T/out")"
python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$T/out" || fail "the template stays well-formed XML"
# A bundle whose audit.json records a path that would clear the screen and print "identical".
cp -R "$T/out8" "$T/spoof"
python3 - "$T/spoof/audit.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["inputs"][1]["path"] = "/gone/\x1b[2J\x1b[Hidentical\x1b[8m"
json.dump(d, open(sys.argv[1], "w"), indent=2)
PY
expect 4 "replay of a bundle recording a path with ESC" -- "$CALLOFF" replay "$T/spoof"
raw_controls "$T/out" && fail "no raw control byte in replay: $(cat "$T/out")"
grep -qF '/gone/\x1b[2J\x1b[Hidentical\x1b[8m' "$T/out" || fail "replay shows the recorded path escaped: $(cat "$T/out")"
mkdir -p "$T/b${ESC}[2J"
cp -R "$T/out8" "$T/b${ESC}[2J/bundle"
for f in "$T/b${ESC}[2J/bundle/inputs/"*; do printf 'x' >>"$f"; break; done
expect 4 "explain of an altered bundle in a folder named with ESC" -- "$CALLOFF" explain "$T/b${ESC}[2J/bundle" B-L8-01
raw_controls "$T/err" && fail "no raw control byte in explain's messages: $(cat "$T/err")"
grep -qF 'run calloff replay '"$T"'/b\x1b[2J/bundle' "$T/err" || fail "explain names the bundle escaped: $(cat "$T/err")"
expect 4 "replay of that bundle" -- "$CALLOFF" replay "$T/b${ESC}[2J/bundle"
raw_controls "$T/out" && fail "no raw control byte in replay's differences: $(cat "$T/out")"

# Numeric options (issue 18 item 15): anything but a plain number in range is a usage error
# naming the option and its range.
bad_number() { # OPTION RANGE VALUE command...
	opt=$1; range=$2; val=$3; shift 3
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	[ "$got" -eq 1 ] || fail "$opt '$val': exit $got, want 1"
	grep -qF "calloff: $opt takes $range, got '" "$T/err" || fail "$opt '$val' is explained: $(head -1 "$T/err")"
	[ -s "$T/out" ] && fail "$opt '$val' prints nothing on stdout"
}
S7="sensitivity $L7 $TOP/bids/lot7 --marks $M7"
for v in -1 0 1000000001 18446744073709551616 99999999999999999999999 1x "" " 5" +5 1e3 inf nan 0x10; do
	bad_number --samples "a whole number from 1 to 1000000000" "$v" "$CALLOFF" $S7 --samples "$v"
done
for v in -1 9223372036854775808 18446744073709551615 1.5 "" x; do
	bad_number --seed "a whole number from 0 to 9223372036854775807" "$v" "$CALLOFF" $S7 --samples 10 --seed "$v"
done
for v in 0 -1 257 4294967297 " 4" +4 4x ""; do
	bad_number --threads "a whole number from 1 to 256" "$v" "$CALLOFF" $S7 --samples 10 --threads "$v"
	bad_number --threads "a whole number from 1 to 256" "$v" "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$M7" --threads "$v"
done
for v in 0 0.0 -1 inf nan 1e3 1000001 "" . " 1" 1,5 0x1p3; do
	bad_number --concentration "a number above 0 and at most 1000000, in plain decimals (such as 0.5)" "$v" \
		"$CALLOFF" $S7 --samples 10 --concentration "$v"
done
for v in -1 4294967296 1.5 "" x; do
	bad_number --seed "a whole number from 0 to 4294967295" "$v" "$CALLOFF" packs "$L8" "$TOP/bids/lot8" -o "$T/packs-bad" --seed "$v"
done
[ -e "$T/packs-bad" ] && fail "a usage error writes no packs"
expect 0 "the largest values in range" -- "$CALLOFF" $S7 --samples 10 --seed 9223372036854775807 --threads 256 --concentration 1000000 --json
grep -q '"seed": 9223372036854775807' "$T/out" || fail "the largest seed is recorded as given"
expect 0 "the smallest values in range" -- "$CALLOFF" $S7 --samples 1 --seed 0 --threads 1 --concentration 0.001
expect 0 "packs' largest seed" -- "$CALLOFF" packs "$L8" "$TOP/bids/lot8" -o "$T/packs-max" --key "$T/packs-max-key.json" --seed 4294967295
grep -q '"seed": 4294967295' "$T/packs-max-key.json" || fail "packs record the seed as given"

# --ocid-prefix follows the rule file's rule (issue 18 item 16): a bad one is a usage error that
# names the rule, and nothing is written.
for v in "ocds-<b>x</b>" "ocds-ABCDEF" "ocds-a1b2c3d" "" "ocds-a1b2c${ESC}"; do
	expect 1 "--ocid-prefix '$v'" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$M7" -o "$T/ocid-bad" --ocid-prefix "$v"
	grep -qF "calloff: --ocid-prefix must be a registered OCDS prefix: 'ocds-' and six lowercase letters or digits" "$T/err" ||
		fail "--ocid-prefix '$v' names the rule: $(head -1 "$T/err")"
	raw_controls "$T/err" && fail "the usage error shows no raw control"
done
[ -e "$T/ocid-bad" ] && fail "a bad --ocid-prefix writes nothing"
expect 0 "a good --ocid-prefix" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$M7" -o "$T/ocid-good" --ocid-prefix ocds-a1b2c3
grep -q '"ocid": "ocds-a1b2c3-DCF-L7-2026-01"' "$T/ocid-good/ocds.json" || fail "the prefix is used in ocds.json"

# standstill: 8 working days beginning with the notice date (issue 22); a bad date names the option.
expect 0 "standstill over Christmas 2026" -- "$CALLOFF" standstill --notice-date 2026-12-22
grep -q "^last day: *2027-01-06 (Wednesday)" "$T/out" || fail "the standstill ends on 6 January 2027: $(cat "$T/out")"
grep -q "2027-01-04  bank holiday in Scotland: 2nd January (substitute)" "$T/out" || fail "Scotland's holiday is skipped"
expect 0 "standstill as JSON" -- "$CALLOFF" standstill --notice-date 2024-11-28 --days 8 --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["standstill_end"]=="2024-12-10" and d["contract_from"]=="2024-12-11", d' "$T/out" ||
	fail "the JSON is valid and ends on 10 December 2024"
expect 1 "standstill on a date that does not exist" -- "$CALLOFF" standstill --notice-date 2026-02-29
grep -q "^calloff: --notice-date: no such date, got '2026-02-29'" "$T/err" || fail "the bad date names the option: $(head -1 "$T/err")"
expect 1 "standstill without a notice date" -- "$CALLOFF" standstill --days 8
expect 1 "standstill of 0 days" -- "$CALLOFF" standstill --notice-date 2026-12-22 --days 0
# A notice date the calendar knows whose period runs past it: it is the end that is said to be out.
expect 1 "standstill ending after 2099" -- "$CALLOFF" standstill --notice-date 2099-12-28
grep -q "^calloff: --notice-date: the standstill would end after 2099-12-31, the calendar's last known day, got '2099-12-28'" "$T/err" ||
	fail "the period's end is said to be past the calendar: $(head -1 "$T/err")"
expect 1 "standstill before 2011" -- "$CALLOFF" standstill --notice-date 2010-12-28
grep -q "^calloff: --notice-date: the calendar is known from 2011-01-01 to 2099-12-31 only, got '2010-12-28'" "$T/err" ||
	fail "a notice date outside the calendar is said to be: $(head -1 "$T/err")"

# standstill --rules: the rule file's publication.date is the notice date unless --notice-date is
# given, and its calendar.holidays are days off too (Tuesday 29 December 2026 moves the end a day).
expect 0 "standstill from the rules' notice" -- "$CALLOFF" standstill --rules "$L7"
grep -q "^notice date: *2026-12-22 (Tuesday)" "$T/out" || fail "the notice date is the rules' publication.date: $(head -1 "$T/out")"
grep -q "^last day: *2027-01-06 (Wednesday)" "$T/out" || fail "lot 7's standstill ends on 6 January 2027"
expect 0 "standstill --rules with --notice-date" -- "$CALLOFF" standstill --rules "$L8" --notice-date 2027-03-25
grep -q "^last day: *2027-04-07 (Wednesday)" "$T/out" || fail "--notice-date overrides the rules' date: $(cat "$T/out")"
sed 's/^publication:/calendar: {holidays: [{date: 2026-12-29, name: Royal jubilee}]}\npublication:/' "$L7" >"$T/jubilee.yaml"
expect 0 "standstill with a one-off holiday in the rules" -- "$CALLOFF" standstill --rules "$T/jubilee.yaml" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["standstill_end"]=="2027-01-07", d; assert {"date": "2026-12-29", "reason": "bank holiday in England and Wales, Scotland and Northern Ireland: Royal jubilee"} in d["not_working_days"], d' "$T/out" ||
	fail "the rules' holiday is skipped and the end moves to 7 January 2027"
# The notice date is the day in London of the instant published: 23:30 UTC on 30 June 2027 is
# 00:30 BST on Thursday 1 July; 8 working days from then skip the weekend and Northern Ireland's
# Battle of the Boyne holiday (Monday 12 July) and end on Tuesday 13 July.
sed 's/^  date: 2026-12-22T09:00:00Z/  date: 2027-06-30T23:30:00Z/; /^  decided:/d' "$L7" >"$T/midnight.yaml"
expect 0 "standstill --rules with a notice published just before midnight UTC in summer" -- "$CALLOFF" standstill --rules "$T/midnight.yaml"
grep -q "^notice date: *2027-07-01 (Thursday)" "$T/out" || fail "the notice date is the UK's: $(head -1 "$T/out")"
grep -q "^last day: *2027-07-13 (Tuesday)" "$T/out" || fail "the standstill ends on 13 July 2027: $(cat "$T/out")"
expect 0 "evaluate with that notice" -- "$CALLOFF" evaluate "$T/midnight.yaml" "$TOP/bids/lot7" --marks "$M7" -o "$T/midnight"
grep -q '"startDate": "2027-06-30T23:30:00Z"' "$T/midnight/ocds.json" || fail "the standstill starts at the instant as written"
grep -q '"endDate": "2027-07-13T23:59:59+01:00"' "$T/midnight/ocds.json" || fail "and ends with 13 July in London"
grep -v "^publication:\|^  date:\|^  decided:\|^  criteria:" "$L7" >"$T/undated.yaml"
expect 1 "standstill --rules without publication.date nor --notice-date" -- "$CALLOFF" standstill --rules "$T/undated.yaml"
grep -q "the rules give no publication.date" "$T/err" || fail "the usage error says the rules have no date: $(cat "$T/err")"
expect 2 "standstill --rules with a bad rule file" -- "$CALLOFF" standstill --rules "$T/bad.yaml" --notice-date 2026-12-22
grep -q "^$T/bad.yaml:3:25: " "$T/err" || fail "the rule file's problems are located: $(cat "$T/err")"

# ocds.json is the contract award notice: without publication.date it is not written and evaluate
# says why (exit code unchanged); with the placeholder prefix, a warning names both ways to set one.
expect 0 "evaluate lot 7 without publication.date" -- "$CALLOFF" evaluate "$T/undated.yaml" "$TOP/bids/lot7" --marks "$M7" -o "$T/undated"
[ -e "$T/undated/ocds.json" ] && fail "no ocds.json without a notice date"
[ -s "$T/undated/result.json" ] || fail "everything else is written"
grep -q "^calloff: ocds.json (the contract award notice) is not written: the rules give no publication.date" "$T/err" ||
	fail "evaluate says why ocds.json is not written: $(cat "$T/err")"
expect 0 "replay of an evaluation without ocds.json" -- "$CALLOFF" replay "$T/undated"
expect 0 "evaluate lot 7 with the placeholder prefix" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$M7" -o "$T/placeholder"
grep -q '"ocid": "ocds-xxxxxx-DCF-L7-2026-01"' "$T/placeholder/ocds.json" || fail "the placeholder is used"
grep -qF "calloff: warning: ocds.json uses the placeholder ocid prefix ocds-xxxxxx: " "$T/err" || fail "the placeholder is warned of: $(cat "$T/err")"
grep -qF "publication.ocid_prefix in $L7 or with --ocid-prefix" "$T/err" || fail "the warning names the rules' key and the option: $(cat "$T/err")"
grep -q "1970" "$T/placeholder/ocds.json" && fail "no 1970 date in the notice"
expect 0 "a good --ocid-prefix gives no warning" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$M7" -o "$T/ocid-good2" --ocid-prefix ocds-a1b2c3
grep -q "placeholder" "$T/err" && fail "no warning with --ocid-prefix: $(cat "$T/err")"
expect 0 "evaluate without -o writes no notice and says nothing of it" -- "$CALLOFF" evaluate "$T/undated.yaml" "$TOP/bids/lot7" --marks "$M7"
grep -q "ocds" "$T/err" && fail "no word of ocds.json without -o: $(cat "$T/err")"

finish cli
