#!/bin/sh
# replay and explain of a bundle from elsewhere: audit.json and the folder are untrusted (issue 18
# items 8-10). Every command runs under `timeout 10`, so that a hang is a failed check, never a
# suite that does not end.
# usage: replay.sh CALLOFF TOP_SRCDIR
set -u
CALLOFF=$1
TOP=$2
PY=/usr/bin/python3
. "$(dirname "$0")/check.sh"

# expect CODE DESCRIPTION -- command...: exit 124 is a hang.
expect() {
	want=$1; what=$2; shift 3
	timeout 10 "$@" >"$T/out" 2>"$T/err" </dev/null
	got=$?
	if [ "$got" -eq 124 ]; then
		fail "$what: still running after 10 s"
	elif [ "$got" -ne "$want" ]; then
		fail "$what: exit $got, want $want; stdout: $(head -c 2000 "$T/out"); stderr: $(head -c 600 "$T/err")"
	fi
}
# said REGEX DESCRIPTION: stdout or stderr of the last command matches
said() { grep -Eq -- "$1" "$T/out" "$T/err" || fail "$2: no '$1' in: $(head -c 2000 "$T/out") $(head -c 600 "$T/err")"; }
# not_said STRING DESCRIPTION
not_said() { ! grep -Fq -- "$1" "$T/out" "$T/err" || fail "$2: '$1' was printed"; }

# edit BUNDLE PYTHON: runs PYTHON on the bundle's audit.json as `a` (order kept) and writes it back.
edit() {
	"$PY" - "$1/audit.json" "$2" <<'EOF'
import collections, json, sys
path, code = sys.argv[1], sys.argv[2]
a = json.load(open(path, encoding="utf-8"), object_pairs_hook=collections.OrderedDict)
exec(code)
open(path, "w", encoding="utf-8").write(json.dumps(a, indent=2, ensure_ascii=False) + "\n")
EOF
}
# sha BUNDLE SUFFIX: the recorded digest of the input whose path ends in SUFFIX
sha() {
	"$PY" -c 'import json,sys; print([x["sha256"] for x in json.load(open(sys.argv[1]))["inputs"] if x["path"].endswith(sys.argv[2])][0])' \
		"$1/audit.json" "$2"
}
fresh() { rm -rf "$T/$1" && cp -R "$T/w/good" "$T/$1"; }

mkdir "$T/w" && cp -R "$TOP/rules" "$TOP/bids" "$T/w/" && cd "$T/w" || exit 1
L7=rules/dorset-lot7-live-in-care.yaml
M7=bids/marks/dorset-lot7-marks.xml
expect 0 "evaluate lot 7" -- "$CALLOFF" evaluate "$L7" bids/lot7 --marks "$M7" -o good
expect 0 "the untouched bundle replays" -- "$CALLOFF" replay good
[ "$(tail -n 1 "$T/out")" = "identical" ] || fail "replay says identical: $(cat "$T/out")"
said "not checked: .*--originals" "replay says what it did not check"
expect 0 "the untouched bundle replays with --originals" -- "$CALLOFF" replay --originals good
[ "$(tail -n 1 "$T/out")" = "identical" ] || fail "replay --originals says identical: $(cat "$T/out")"

# --- item 8: hangs, and reads outside the bundle -------------------------------------------

fresh zero
edit "$T/zero" 'a["inputs"][3]["path"] = "/dev/zero"'
expect 4 "a recorded path of /dev/zero" -- "$CALLOFF" replay "$T/zero"
expect 4 "a recorded path of /dev/zero, with --originals" -- "$CALLOFF" replay --originals "$T/zero"
said "/dev/zero:1:1: the original is not a regular file" "/dev/zero is refused, not read"

fresh fifo
h=$(sha "$T/fifo" wessex-companions.xml)
rm "$T/fifo/inputs/$h" && mkfifo "$T/fifo/inputs/$h"
expect 4 "a bundled copy that is a FIFO" -- "$CALLOFF" replay "$T/fifo"
said "wessex-companions.xml:1:1: the bundled copy .* is not a regular file" "the FIFO is named"
expect 4 "explain with a bundled copy that is a FIFO" -- "$CALLOFF" explain "$T/fifo" B-L7-001

fresh devzero
h=$(sha "$T/devzero" wessex-companions.xml)
rm "$T/devzero/inputs/$h" && ln -s /dev/zero "$T/devzero/inputs/$h"
expect 4 "a bundled copy that links to /dev/zero" -- "$CALLOFF" replay "$T/devzero"
said "wessex-companions.xml:1:1: the bundled copy .* is a symbolic link" "the link is named"
expect 4 "explain with a bundled copy that links to /dev/zero" -- "$CALLOFF" explain "$T/devzero" B-L7-001

fresh rulesfifo
h=$(sha "$T/rulesfifo" dorset-lot7-live-in-care.yaml)
rm "$T/rulesfifo/inputs/$h" && mkfifo "$T/rulesfifo/inputs/$h"
expect 4 "a bundled rule file that is a FIFO" -- "$CALLOFF" replay "$T/rulesfifo"

fresh auditfifo
rm "$T/auditfifo/audit.json" && mkfifo "$T/auditfifo/audit.json"
expect 2 "an audit.json that is a FIFO" -- "$CALLOFF" replay "$T/auditfifo"
expect 2 "explain with an audit.json that is a FIFO" -- "$CALLOFF" explain "$T/auditfifo" B-L7-001

fresh outfifo
rm "$T/outfifo/result.json" && mkfifo "$T/outfifo/result.json"
expect 4 "a result.json that is a FIFO" -- "$CALLOFF" replay "$T/outfifo"
said "result.json:1:1: .*not a regular file" "the FIFO output is named"

fresh inlink
mv "$T/inlink/inputs" "$T/inputs-elsewhere" && ln -s "$T/inputs-elsewhere" "$T/inlink/inputs"
expect 4 "an inputs folder that is a link out of the bundle" -- "$CALLOFF" replay "$T/inlink"
said "inputs.* symbolic link" "the linked folder is named"

# An oracle for local files: the digest of a file the record names must never be printed.
printf 'root:$6$not-a-real-hash:19000:0:99999:7:::\n' >"$T/secret"
secret=$(sha256sum "$T/secret" | cut -c1-64)
fresh shadow
edit "$T/shadow" "a['inputs'][3]['path'] = '$T/secret'"
expect 4 "a recorded path naming a local file" -- "$CALLOFF" replay "$T/shadow"
not_said "$secret" "the local file's digest"
expect 4 "the same, with --originals" -- "$CALLOFF" replay --originals "$T/shadow"
not_said "$secret" "the local file's digest with --originals"
said "secret:1:1: the original was changed since the evaluation \\(it does not match the record\\)" "the mismatch is said without a digest"
fresh shadowlink
h=$(sha "$T/shadowlink" wessex-companions.xml)
rm "$T/shadowlink/inputs/$h" && ln -s "$T/secret" "$T/shadowlink/inputs/$h"
expect 4 "a bundled copy that links to a local file" -- "$CALLOFF" replay "$T/shadowlink"
not_said "$secret" "the linked file's digest"
fresh outlink
rm "$T/outlink/scores.csv" && ln -s "$T/secret" "$T/outlink/scores.csv"
expect 4 "an output that links to a local file" -- "$CALLOFF" replay "$T/outlink"
said "scores.csv:1:1: .*symbolic link" "the linked output is named"

# A bid recorded with no digest is never read from its recorded path unless --originals.
fresh nulled
edit "$T/nulled" 'a["inputs"][10]["sha256"] = None; a["inputs"][10]["size"] = None'
expect 4 "a bid recorded with no digest, its original present" -- "$CALLOFF" replay "$T/nulled"
said "could not be read at the evaluation" "the unread bid is reported"
said "result.json:1:1: bid B-L7-004: reasons" "the bid that changed is named"
expect 4 "the same, with --originals" -- "$CALLOFF" replay --originals "$T/nulled"
said "the original can now be read" "--originals reads it"

# A bid that really could not be read (a link to nowhere) replays the same way without reading its
# original, even once a file has appeared at its path.
ln -s nowhere.xml bids/lot7/zz-gone.xml
expect 0 "evaluate with an unreadable bid" -- "$CALLOFF" evaluate "$L7" bids/lot7 --marks "$M7" -o gone
expect 0 "its replay" -- "$CALLOFF" replay gone
said "zz-gone.xml:1:1: could not be read at the evaluation" "the unread bid is a note"
cp bids/lot7/wessex-companions.xml bids/lot7/nowhere.xml
expect 0 "its replay once the original can be read" -- "$CALLOFF" replay gone
[ "$(tail -n 1 "$T/out")" = "identical" ] || fail "the unreadable bid fails the same way: $(cat "$T/out")"
expect 0 "explain once the original can be read" -- "$CALLOFF" explain gone B-L7-002
expect 4 "with --originals, the original is read" -- "$CALLOFF" replay --originals gone
said "zz-gone.xml:1:1: the original can now be read" "the readable original is a difference"
rm bids/lot7/zz-gone.xml bids/lot7/nowhere.xml

# --- item 9: a record that misdescribes its inputs ------------------------------------------

fresh dup
edit "$T/dup" 'a["inputs"].insert(4, dict(a["inputs"][3]))'
expect 4 "a bid listed twice" -- "$CALLOFF" replay "$T/dup"
said "inputs\\[4\\] \\(bids/lot7/bridport-live-in-care.xml\\): the same path as inputs\\[3\\]" "the repeated entry is named"
expect 4 "explain of a record listing a bid twice" -- "$CALLOFF" explain "$T/dup" B-L7-001

fresh midmarks
edit "$T/midmarks" 'm = dict(a["inputs"][-1]); a["inputs"].insert(5, m)'
expect 4 "a marks entry among the bids" -- "$CALLOFF" replay "$T/midmarks"
said "inputs\\[5\\] \\(bids/marks/dorset-lot7-marks.xml\\): a marks file among the bids" "the stray marks entry is named"

fresh size
edit "$T/size" 'a["inputs"][2]["size"] += 1'
expect 4 "a wrong size" -- "$CALLOFF" replay "$T/size"
said "size" "the size is named"

fresh optbids
edit "$T/optbids" 'a["options"]["bids"] = ["bids/lot8"]'
expect 4 "changed options.bids" -- "$CALLOFF" replay "$T/optbids"
said "options.bids" "options.bids is named"

fresh optmarks
edit "$T/optmarks" 'a["options"]["marks"] = "bids/marks/dorset-lot8-marks.xml"'
expect 4 "changed options.marks" -- "$CALLOFF" replay "$T/optmarks"
said "options.marks" "options.marks is named"

fresh optrules
edit "$T/optrules" 'a["options"]["rules"] = "rules/dorset-lot8-extra-care.yaml"'
expect 4 "changed options.rules" -- "$CALLOFF" replay "$T/optrules"

fresh engine
edit "$T/engine" 'a["engine"]["version"] = "0.0.1"'
expect 4 "another engine version" -- "$CALLOFF" replay "$T/engine"
said "engine.version: recorded 0.0.1" "the version is named"
expect 4 "explain of another engine version" -- "$CALLOFF" explain "$T/engine" B-L7-001
expect 0 "another engine version, allowed" -- "$CALLOFF" replay --allow-version "$T/engine"
said "versions differ" "the warning says the versions differ"
expect 0 "explain of another engine version, allowed" -- "$CALLOFF" explain --allow-version "$T/engine" B-L7-001

fresh lib
edit "$T/lib" 'a["libraries"]["libxml2"] = "2.9.0"'
expect 4 "another libxml2" -- "$CALLOFF" replay "$T/lib"
said "libraries.libxml2: recorded 2.9.0" "the library is named"
expect 0 "another libxml2, allowed" -- "$CALLOFF" replay --allow-version "$T/lib"

fresh nolib
edit "$T/nolib" 'del a["libraries"]["gmp"]'
expect 4 "a library left out" -- "$CALLOFF" replay "$T/nolib"

fresh extra
printf 'x\n' >"$T/extra/notes.txt"
printf 'x\n' >"$T/extra/inputs/0000000000000000000000000000000000000000000000000000000000000000"
mkdir "$T/extra/summaries/more"
expect 4 "files the record does not list" -- "$CALLOFF" replay "$T/extra"
said "notes.txt.*does not list" "the extra file is named"
said "inputs/0000000000000000000000000000000000000000000000000000000000000000.*does not list" "the extra copy is named"
said "summaries/more.*does not list" "the extra folder is named"

fresh unknown
edit "$T/unknown" 'a["inputs"][1]["comment"] = "checked by hand"'
expect 4 "a field calloff-audit/1 does not define" -- "$CALLOFF" replay "$T/unknown"
said "inputs\\[1\\]\\.comment" "the unknown field is named"

fresh resultsha
edit "$T/resultsha" 'a["result_sha256"] = a["outputs"][1]["sha256"]'
expect 4 "a result_sha256 that is not result.json's" -- "$CALLOFF" replay "$T/resultsha"
said "result_sha256" "result_sha256 is named"

fresh outdup
edit "$T/outdup" 'a["outputs"].append(dict(a["outputs"][2]))'
expect 4 "an output listed twice" -- "$CALLOFF" replay "$T/outdup"

fresh outsize
edit "$T/outsize" 'a["outputs"][0]["size"] = 1'
expect 4 "an output's wrong size" -- "$CALLOFF" replay "$T/outsize"

# The bid and the score that changed are named, not only the file.
fresh edited
"$PY" - "$T/edited/result.json" <<'EOF'
import sys
p = sys.argv[1]
s = open(p).read()
i = s.index('"bid": "B-L7-009"')
j = s.index('"total": ', i)
k = s.index('\n', j)
open(p, "w").write(s[:j] + '"total": "72.50",' + s[k:])
EOF
expect 4 "an edited total" -- "$CALLOFF" replay "$T/edited"
said "result.json:1:1: bid B-L7-009: total 72.50 recorded, 62.00 now" "the bid and the field are named"

# --- item 10: a bid file name that is not UTF-8 -------------------------------------------

mkdir latin1 && cp bids/lot7/*.xml latin1/ && mv latin1/wessex-companions.xml "$(printf 'latin1/Soci\351t\351.xml')"
expect 0 "evaluate with a Latin-1 file name" -- "$CALLOFF" evaluate "$L7" latin1 --marks "$M7" -o l1
grep -Fq '"path_bytes": "latin1/Soci\\xe9t\\xe9.xml"' l1/audit.json || fail "the path is kept byte for byte: $(grep -a Soci l1/audit.json)"
grep -q "\"path\": \"latin1/Soci$(printf '\357\277\275')t$(printf '\357\277\275').xml\"" l1/audit.json ||
	fail "the path is shown with U+FFFD"
expect 0 "its replay" -- "$CALLOFF" replay l1
[ "$(tail -n 1 "$T/out")" = "identical" ] || fail "the Latin-1 bundle replays: $(cat "$T/out")"
expect 0 "its replay with --originals" -- "$CALLOFF" replay --originals l1
expect 0 "explain of its bid" -- "$CALLOFF" explain l1 B-L7-002
edit l1 'a["inputs"][1]["path_bytes"] = "latin1/Soci\\xzzt.xml"'
expect 2 "a bad byte escape" -- "$CALLOFF" replay l1

# --- a bid over the 16 MiB limit: recorded by size and digest, not bundled ---------------------

truncate -s 20M huge.xml || fail "a sparse 20 MiB bid file"
expect 0 "evaluate with a bid over its limit" -- "$CALLOFF" evaluate "$L7" bids/lot7 huge.xml --marks "$M7" -o big
grep -q '"not_bundled"' big/audit.json || fail "the bid over its limit is recorded as not bundled"
expect 0 "its replay" -- "$CALLOFF" replay big
[ "$(tail -n 1 "$T/out")" = "identical" ] || fail "a bundle with a bid over its limit replays: $(cat "$T/out")"
said "huge.xml:1:1: 20971520 bytes, over the limit of 16777216 for a bid file" "replay says the bid was not bundled"
expect 0 "its replay with --originals" -- "$CALLOFF" replay --originals big
[ "$(tail -n 1 "$T/out")" = "identical" ] || fail "and with --originals: $(cat "$T/out")"
expect 0 "explain of a bid of it" -- "$CALLOFF" explain big B-L7-002
ls "${TMPDIR:-/tmp}" | grep -q '^calloff-replay-' && fail "the stand-ins' folder is removed after replay"
cp -R big big-size
edit "$T/w/big-size" 'x = [i for i in a["inputs"] if i["path"] == "huge.xml"][0]; x["size"] += 1'
expect 4 "the recorded size of the bid over its limit changed" -- "$CALLOFF" replay big-size
said 'file is 20971521 bytes, larger than the limit of 16777216 bytes" now' "the stand-in has the recorded size"
cp -R big big-limit
edit "$T/w/big-limit" 'x = [i for i in a["inputs"] if i["path"] == "huge.xml"][0]; x["limit"] = 1000'
expect 4 "a limit that is not the engine's" -- "$CALLOFF" replay big-limit
said "inputs\[[0-9]+\].not_bundled, limit: not a bid over the engine's limit" "the limit is checked"
cp -R big big-rules
edit "$T/w/big-rules" 'a["inputs"][0]["not_bundled"] = "x"; a["inputs"][0]["limit"] = 16777216'
expect 4 "not_bundled on the rule file" -- "$CALLOFF" replay big-rules
said "inputs\[0\].not_bundled, limit: not a bid over" "only a bid may be over its limit"
rm -rf big big-size big-limit big-rules huge.xml

# --- issue 21: the officer's decisions file and the portal's receipt log -----------------------
# Lot 7 under at_boundary: report has B-L7-010 and B-L7-011 tied at 5th of n: 5; the decision
# resolves it. Both files are inputs: hashed, bundled, recorded, read again from the bundle.

cat >decisions.yaml <<'EOF2'
calloff-decisions: 1
competition: DCF-L7-2026-01
decisions:
  - id: D1
    kind: tie
    award: [B-L7-010]
    by: "A. Officer, Category Manager"
    at: 2026-12-03T10:00:00Z
    reason: "Chosen by lot in the presence of two witnesses."
EOF2
{
	echo "file,received"
	for f in bids/lot7/*.xml; do
		printf '%s,%s\n' "$(basename "$f")" "$(sed -n 's/.*<submitted>\(.*\)<\/submitted>.*/\1/p' "$f" | head -n 1)"
	done
} >receipts.csv
sed 's/at_boundary: admit_all/at_boundary: report/' "$L7" >report.yaml
expect 3 "the tie without a decision" -- "$CALLOFF" evaluate report.yaml bids/lot7 --marks "$M7" --receipts receipts.csv
expect 0 "the tie resolved by the decisions file, recorded" -- "$CALLOFF" evaluate report.yaml bids/lot7 --marks "$M7" \
	--decisions decisions.yaml --receipts receipts.csv -o dec
"$PY" - dec/audit.json <<'EOF2' || fail "audit.json lists the decisions file and the receipt log"
import hashlib, json, sys
a = json.load(open(sys.argv[1]))
ins = a["inputs"]
assert [x["role"] for x in ins[-3:]] == ["marks", "decisions", "receipts"], [x["role"] for x in ins]
for x, path in ((ins[-2], "decisions.yaml"), (ins[-1], "receipts.csv")):
    data = open(path, "rb").read()
    assert x["path"] == path and x["sha256"] == hashlib.sha256(data).hexdigest() and x["size"] == len(data), x
    assert open("dec/inputs/" + x["sha256"], "rb").read() == data, "the bundled copy of " + path
assert a["options"]["decisions"] == "decisions.yaml" and a["options"]["receipts"] == "receipts.csv", a["options"]
EOF2
grep -q '"decisions": null' good/audit.json || fail "a record without decisions says null"
expect 0 "its replay" -- "$CALLOFF" replay dec
[ "$(tail -n 1 "$T/out")" = "identical" ] || fail "the bundle with decisions replays: $(cat "$T/out")"
expect 0 "its replay with --originals" -- "$CALLOFF" replay --originals dec
[ "$(tail -n 1 "$T/out")" = "identical" ] || fail "and with --originals: $(cat "$T/out")"
expect 0 "explain of the bid the decision awarded" -- "$CALLOFF" explain dec B-L7-010
# evaluate reads the copies: the originals changed after the run change nothing of the replay.
mv decisions.yaml decisions.keep
expect 0 "its replay once the decisions file is gone" -- "$CALLOFF" replay dec
[ "$(tail -n 1 "$T/out")" = "identical" ] || fail "the bundle is read, not the original: $(cat "$T/out")"
expect 0 "its replay with --originals once the decisions file is gone" -- "$CALLOFF" replay --originals dec
said "decisions.yaml:1:1: the original is gone" "the missing original is a note"
mv decisions.keep decisions.yaml

# One byte of a bundled copy changed: not as recorded, the file named.
flip() { # flip FILE: one byte in the middle, its lowest bit
	"$PY" -c 'import sys; p = sys.argv[1]; b = bytearray(open(p, "rb").read()); b[len(b) // 2] ^= 1; open(p, "wb").write(b)' "$1"
}
for f in decisions.yaml receipts.csv; do
	rm -rf "$T/tamper" && cp -R dec "$T/tamper"
	h=$(sha "$T/tamper" "$f")
	flip "$T/tamper/inputs/$h"
	expect 4 "a byte of the bundled $f changed" -- "$CALLOFF" replay "$T/tamper"
	said "^$f:1:1: the bundled copy \\(.*/inputs/$h\\) was changed" "the changed $f is named"
	expect 4 "explain with the bundled $f changed" -- "$CALLOFF" explain "$T/tamper" B-L7-010
done
rm -rf "$T/tamper"
# One byte of an original changed: as for the marks file, a difference with --originals only.
cp decisions.yaml decisions.keep && flip decisions.yaml
expect 0 "the decisions file changed since, without --originals" -- "$CALLOFF" replay dec
expect 4 "the decisions file changed since, with --originals" -- "$CALLOFF" replay --originals dec
said "decisions.yaml:1:1: the original was changed since the evaluation" "the changed original is named"
mv decisions.keep decisions.yaml

# A record hand-edited to misplace them, or to misname them in its options, is refused.
cp -R dec decmid
edit decmid 'd = a["inputs"].pop(-2); a["inputs"].insert(5, d)'
expect 4 "the decisions entry among the bids" -- "$CALLOFF" replay decmid
said "inputs\\[5\\] \\(decisions.yaml\\): a decisions file among the bids" "the stray decisions entry is named"
said "options.decisions: not the path of the decisions file the record lists \\(none\\)" "options.decisions is checked"
expect 4 "explain of it" -- "$CALLOFF" explain decmid B-L7-010
cp -R dec decswap
edit decswap 'a["inputs"][-1], a["inputs"][-2] = a["inputs"][-2], a["inputs"][-1]'
expect 4 "the receipts before the decisions" -- "$CALLOFF" replay decswap
said "\\(receipts.csv\\): a receipt log out of place" "the misplaced receipt log is named"
cp -R dec decopt
edit decopt 'a["options"]["decisions"] = None'
expect 4 "options.decisions null" -- "$CALLOFF" replay decopt
said "options.decisions: not the path of the decisions file the record lists \\(decisions.yaml\\)" "options.decisions is named"
cp -R dec decrole
edit decrole 'a["inputs"][-2]["role"] = "decision"'
expect 2 "an unknown role" -- "$CALLOFF" replay decrole
rm -rf decmid decswap decopt decrole
# A record made before decisions and receipts were inputs has neither key: it replays as before.
cp -R good old
edit old 'del a["options"]["decisions"]; del a["options"]["receipts"]'
expect 0 "a record of before decisions" -- "$CALLOFF" replay old
[ "$(tail -n 1 "$T/out")" = "identical" ] || fail "a record of before replays: $(cat "$T/out")"
rm -rf old

# A decisions file or receipt log that cannot be read or is not valid: exit 2, nothing written.
expect 2 "a decisions file that is not there" -- "$CALLOFF" evaluate report.yaml bids/lot7 --marks "$M7" --decisions nowhere.yaml -o nodec
said "nowhere.yaml" "the missing file is named"
sed 's/kind: tie/kind: tye/' decisions.yaml >bad.yaml
expect 2 "a decisions file with an unknown kind" -- "$CALLOFF" evaluate report.yaml bids/lot7 --marks "$M7" --decisions bad.yaml -o nodec
said "^bad.yaml:[0-9]+:[0-9]+: " "the problem is located"
printf 'file,received\nacme-live-in-care.xml,yesterday\n' >bad.csv
expect 2 "a receipt log with a bad time" -- "$CALLOFF" evaluate report.yaml bids/lot7 --marks "$M7" --receipts bad.csv -o nodec
said "^bad.csv:2:[0-9]+: " "the problem is located"
[ -e nodec ] && fail "nothing is written when a decisions file or receipt log is refused"
ls -a | grep -q 'calloff-staging' && fail "no staging folder is left"
rm -f bad.yaml bad.csv

expect 1 "an unknown option" -- "$CALLOFF" replay --frob good

finish replay
