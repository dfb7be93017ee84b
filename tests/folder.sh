#!/bin/bash
# An evaluation folder is all or nothing (issue 18, items 1 to 6): evaluate -o builds the whole
# evaluation beside the folder and switches it in with one rename, under a lock; --force leaves
# nothing of the previous evaluation; inputs are checked (type, size) before a byte is copied; a
# failed first run removes every folder it made; the same file given twice is one bid.
# usage: folder.sh CALLOFF TOP_SRCDIR
set -u
CALLOFF=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TOP=$(cd "$2" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/check.sh"

L7="$TOP/rules/dorset-lot7-live-in-care.yaml"
L8="$TOP/rules/dorset-lot8-extra-care.yaml"
M7="$TOP/bids/marks/dorset-lot7-marks.xml"
M8="$TOP/bids/marks/dorset-lot8-marks.xml"

# expect CODE DESCRIPTION -- command...: runs it with a time limit, so that a hang fails the check.
expect() {
	want=$1; what=$2; shift 3
	timeout "${FOLDER_TIMEOUT:-60}" "$@" >"$T/out" 2>"$T/err"
	got=$?
	[ "$got" -eq "$want" ] || fail "$what: exit $got, want $want; stderr: $(head -c 600 "$T/err")"
	return 0
}

# one DIR WHAT: DIR holds exactly one evaluation's files, and replay finds it identical.
one() {
	python3 "$HERE/one_evaluation.py" "$1" >"$T/one" 2>&1 || { fail "$2: $(cat "$T/one")"; return 1; }
	"$CALLOFF" replay "$1" >"$T/replay" 2>&1 || { fail "$2: replay: $(head -c 600 "$T/replay")"; return 1; }
	[ "$(grep -v '^note: ' "$T/replay")" = identical ] || fail "$2: replay says $(head -c 300 "$T/replay")"
}

# no_leftovers PARENT NAME WHAT: no staging folder nor lock file beside PARENT/NAME.
no_leftovers() {
	left=$(ls -A "$1" | grep -F ".$2.calloff-")
	[ -z "$left" ] || fail "$3: left beside the folder: $left"
}

# --- Item 3: after --force the folder holds only the new evaluation -------------------------
mkdir "$T/f"
expect 0 "Lot 7 into a new folder" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$M7" -o "$T/f/out"
expect 2 "Lot 8 into it without --force" -- "$CALLOFF" evaluate "$L8" "$TOP/bids/lot8" --marks "$M8" -o "$T/f/out"
expect 0 "Lot 8 into it with --force" -- "$CALLOFF" evaluate "$L8" "$TOP/bids/lot8" --marks "$M8" -o "$T/f/out" --force
one "$T/f/out" "after --force, only Lot 8's evaluation (no Lot 7 summary left)"
[ "$(ls "$T/f/out/summaries" | wc -l)" -eq 14 ] || fail "Lot 8's 14 summaries only: $(ls "$T/f/out/summaries" | tr '\n' ' ')"
[ "$(ls -A "$T/f")" = out ] || fail "nothing beside the folder: $(ls -A "$T/f")"

# --- Item 1: killed at every step of writing, the folder is the old or the new evaluation ---
mkdir "$T/k"
expect 0 "the old evaluation (Lot 8)" -- "$CALLOFF" evaluate "$L8" "$TOP/bids/lot8" --marks "$M8" -o "$T/k/old"
old=$(python3 "$HERE/one_evaluation.py" "$T/k/old")
cp -a "$T/k/old" "$T/k/out"
CALLOFF_TEST_KILL_AFTER=0 "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$M7" -o "$T/k/out" --force >/dev/null 2>"$T/err"
steps=$(sed -n 's/^calloff: test hook: \([0-9]*\) steps$/\1/p' "$T/err")
new=$(python3 "$HERE/one_evaluation.py" "$T/k/out")
[ "${steps:-0}" -gt 60 ] || fail "the test hook counts the steps of writing (copies, outputs, switch, removal): ${steps:-none}"
# Every step around the switch (the copies, then the outputs, audit.json and the flush come before
# it; the flush of the parent and the removal of the old evaluation after it), a stride elsewhere.
switch=$(python3 -c 'import json, sys
a = json.load(open(sys.argv[1]))
print(len({i["sha256"] for i in a["inputs"] if i["sha256"]}) + len(a["outputs"]) + 3)' "$T/k/out/audit.json")
points=$( (seq 1 7 "${steps:-0}"; seq $((switch - 4)) $((switch + 3)); echo "${steps:-0}") | sort -n -u)
seen_old=0 seen_new=0
for n in $points; do
	rm -rf "$T/k/out" "$T/k"/.out.calloff-* && cp -a "$T/k/old" "$T/k/out"
	{ CALLOFF_TEST_KILL_AFTER=$n "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$M7" -o "$T/k/out" --force \
		>/dev/null; } 2>/dev/null # (and the shell's "Killed")
	rc=$?
	[ "$rc" -eq 137 ] || { fail "killed at step $n: exit $rc, want 137 (SIGKILL)"; continue; }
	one "$T/k/out" "killed at step $n of $steps" || continue
	now=$(cat "$T/one")
	if [ "$now" = "$old" ]; then seen_old=$((seen_old + 1)); elif [ "$now" = "$new" ]; then seen_new=$((seen_new + 1)); else
		fail "killed at step $n: neither the old nor the new evaluation"
	fi
done
[ "$seen_old" -gt 0 ] && [ "$seen_new" -gt 0 ] || fail "kills before the switch leave the old, after it the new ($seen_old, $seen_new)"
touch "$T/k/.out.calloff-staging-abcde" # not a staging folder's name (5 letters): left alone
expect 0 "the next run after a kill" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$M7" -o "$T/k/out" --force
one "$T/k/out" "the next run after a kill"
[ "$(ls -A "$T/k" | tr '\n' ' ')" = ".out.calloff-staging-abcde old out " ] ||
	fail "the next run removes what a killed run left, and nothing else: $(ls -A "$T/k" | tr '\n' ' ')"

# --- Item 2: two runs into one folder at once -----------------------------------------------
mkdir "$T/c"
CALLOFF_TEST_STOP_AFTER=3 "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$M7" -o "$T/c/out" >"$T/a.out" 2>&1 &
a=$!
for _ in $(seq 1 500); do # until the first run stops itself, holding the lock
	[ "$(awk '{print $3}' "/proc/$a/stat" 2>/dev/null)" = T ] && break
	sleep 0.02
done
expect 2 "a second run while the first writes the folder" -- "$CALLOFF" evaluate "$L8" "$TOP/bids/lot8" --marks "$M8" -o "$T/c/out" --force
grep -q "^$T/c/out:1:1: another evaluation is writing this folder" "$T/err" || fail "the second run says why: $(cat "$T/err")"
kill -CONT "$a" 2>/dev/null
wait "$a"
rc=$?
[ "$rc" -eq 0 ] || fail "the first run ends normally: exit $rc: $(cat "$T/a.out")"
one "$T/c/out" "after two runs at once"
grep -q '"path": ".*dorset-lot7' "$T/c/out/audit.json" || fail "the folder holds the first run's evaluation"
no_leftovers "$T/c" out "after two runs at once"
for round in 1 2 3 4; do # started together, with nothing to hold them: each ends 0 or 2, never a mix
	"$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$M7" -o "$T/c/out" --force >/dev/null 2>"$T/e1" &
	p1=$!
	"$CALLOFF" evaluate "$L8" "$TOP/bids/lot8" --marks "$M8" -o "$T/c/out" --force >/dev/null 2>"$T/e2" &
	p2=$!
	wait "$p1"; r1=$?
	wait "$p2"; r2=$?
	for r in "$r1:$T/e1" "$r2:$T/e2"; do
		case ${r%%:*} in
		0) ;;
		2) grep -q "another evaluation is writing this folder" "${r#*:}" || fail "round $round: exit 2 says why: $(cat "${r#*:}")" ;;
		*) fail "round $round: exit ${r%%:*}: $(cat "${r#*:}")" ;;
		esac
	done
	one "$T/c/out" "round $round of two runs started together"
done

# --- Item 4: type and size checked before a byte is copied ----------------------------------
mkfifo "$T/fifo.xml"
expect 0 "a FIFO given by name as a bid, without -o" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" "$T/fifo.xml" --marks "$M7" --json
python3 - "$T/out" "$T/fifo.xml" <<'EOF' || fail "the FIFO is a rejected bid, not a regular file"
import json, sys
b = [b for b in json.load(open(sys.argv[1]))["bids"] if b["file"] == sys.argv[2]]
assert len(b) == 1 and b[0]["status"] == "rejected", b
assert any("not a regular file" in r.get("detail", "") for r in b[0]["reasons"]), b
EOF
expect 0 "a FIFO as a bid, with -o" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" "$T/fifo.xml" --marks "$M7" -o "$T/i/fifo"
one "$T/i/fifo" "a FIFO as a bid: recorded, not copied"
expect 2 "/dev/zero as the rules, with -o" -- "$CALLOFF" evaluate /dev/zero "$TOP/bids/lot7" --marks "$M7" -o "$T/i/zr"
grep -q "^/dev/zero:1:1: not a regular file" "$T/err" || fail "/dev/zero as the rules is refused: $(cat "$T/err")"
[ ! -e "$T/i/zr" ] || fail "nothing is written for /dev/zero as the rules"
expect 2 "/dev/zero as the marks, with -o" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks /dev/zero -o "$T/i/zm"
grep -q "^/dev/zero:1:1: not a regular file" "$T/err" || fail "/dev/zero as the marks is refused: $(cat "$T/err")"
expect 2 "/dev/zero as the marks, without -o" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks /dev/zero
expect 0 "/dev/zero as a bid, with -o" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" /dev/zero --marks "$M7" -o "$T/i/zb"
one "$T/i/zb" "/dev/zero as a bid"
grep -q '"file": "/dev/zero"' "$T/i/zb/result.json" || fail "/dev/zero is a rejected bid"
# A bid one byte over the limit (sparse: no byte is written): rejected, recorded, never copied.
truncate -s $((16 * 1024 * 1024 + 1)) "$T/huge.xml"
expect 0 "a bid over the limit, with -o" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" "$T/huge.xml" --marks "$M7" -o "$T/i/big"
grep -q "huge.xml:1:1: file is 16777217 bytes, larger than the limit of 16777216 bytes" "$T/i/big/result.json" ||
	fail "the bid over the limit is rejected by its size"
[ -z "$(find "$T/i/big/inputs" -size +1024k)" ] || fail "no copy of the bid over the limit: $(ls -l "$T/i/big/inputs" | sort -k5 -n | tail -1)"
python3 - "$T/i/big/audit.json" "$T/huge.xml" <<'EOF' || fail "audit.json records the bid over the limit by size and digest"
import hashlib, json, sys
x = [i for i in json.load(open(sys.argv[1]))["inputs"] if i["path"] == sys.argv[2]]
assert len(x) == 1 and x[0]["size"] == 16777217 and x[0]["limit"] == 16777216 and "not_bundled" in x[0], x
assert x[0]["sha256"] == hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest(), x
EOF
python3 "$HERE/one_evaluation.py" "$T/i/big" >"$T/one" || fail "the bid over the limit: $(cat "$T/one")"
truncate -s $((5 * 1024 * 1024)) "$T/huge.yaml"
expect 2 "rules over the limit, with -o" -- "$CALLOFF" evaluate "$T/huge.yaml" "$TOP/bids/lot7" --marks "$M7" -o "$T/i/bigr"
grep -q "huge.yaml:1:1: file is 5242880 bytes, larger than the limit of 4194304 bytes" "$T/err" ||
	fail "rules over the limit are refused before they are copied: $(cat "$T/err")"
[ ! -e "$T/i/bigr" ] || fail "nothing is written for rules over the limit"

# --- Item 5: a failed first run removes every folder it made --------------------------------
sed 's/value="4"/value="9"/' "$M7" >"$T/badmarks.xml"
expect 2 "a failed first run into new folders" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$T/badmarks.xml" -o "$T/n/a/b/out"
[ ! -e "$T/n" ] || fail "the folders the failed run made are removed: $(find "$T/n")"
mkdir "$T/m"
expect 2 "a failed first run into an existing parent" -- "$CALLOFF" evaluate "$L7" "$TOP/bids/lot7" --marks "$T/badmarks.xml" -o "$T/m/x/out"
[ "$(ls -A "$T/m")" = "" ] || fail "only what the run made is removed: $(ls -A "$T/m")"

# --- Item 6: the same file given twice is one bid -------------------------------------------
cp -R "$TOP/bids/lot7" "$T/lot7"
cd "$T" || exit 1
expect 0 "Lot 7 as given" -- "$CALLOFF" evaluate "$L7" lot7 --marks "$M7" --json
cp "$T/out" "$T/plain.json"
# awarded BEFORE AFTER: the same bids, each with the same status, rank and total
awarded() {
	python3 - "$1" "$2" <<'EOF'
import json, sys
def award(f):
    return sorted(repr((b.get("bid"), b["status"], b.get("rank"), b.get("total"))) for b in json.load(open(f))["bids"])
a, b = award(sys.argv[1]), award(sys.argv[2])
assert a == b, [x for x in b if x not in a]
EOF
}
expect 0 "a bid given twice, spelt two ways, with -o" -- "$CALLOFF" evaluate "$L7" lot7 ./lot7/acme-live-in-care.xml --marks "$M7" -o "$T/s/out"
awarded "$T/plain.json" "$T/s/out/result.json" || fail "the same file given twice is one bid: the award is as given once"
grep -q duplicate_submission "$T/s/out/result.json" && fail "no duplicate_submission for a file given twice"
python3 - "$T/s/out/audit.json" <<'EOF' || fail "audit.json says the file was also given under another name"
import json, sys
x = [i for i in json.load(open(sys.argv[1]))["inputs"] if i["role"] == "bid"]
assert len(x) == 15, len(x)
a = [i for i in x if i["path"] == "./lot7/acme-live-in-care.xml"]
assert len(a) == 1 and a[0]["also_given_as"] == ["lot7/acme-live-in-care.xml"], a
EOF
one "$T/s/out" "a bid given twice"
ln -s wessex-companions.xml "$T/lot7/zz-link-to-wessex.xml"
expect 0 "a link in the folder to another bid of it" -- "$CALLOFF" evaluate "$L7" lot7 --marks "$M7" --json
cmp -s "$T/out" "$T/plain.json" || fail "a link to a bid of the folder is the same bid, under its first name: $(grep -c duplicate_submission "$T/out") duplicate_submission"
cd "$TOP" || exit 1

# --- Where the folder is: a link to it, a folder that is not an evaluation, the working directory
mkdir "$T/l" "$T/l/real"
ln -s real "$T/l/link"
expect 0 "-o through a symbolic link" -- "$CALLOFF" evaluate "$L8" "$TOP/bids/lot8" --marks "$M8" -o "$T/l/link"
[ -L "$T/l/link" ] && [ -f "$T/l/real/audit.json" ] || fail "the link stays and the folder it names holds the evaluation"
one "$T/l/real" "-o through a symbolic link"
no_leftovers "$T/l" real "-o through a symbolic link"
mkdir "$T/u"
echo "mine" >"$T/u/notes.txt"
expect 2 "a folder with files but no evaluation" -- "$CALLOFF" evaluate "$L8" "$TOP/bids/lot8" --marks "$M8" -o "$T/u" --force
grep -q "holds files but no evaluation" "$T/err" || fail "refused: $(cat "$T/err")"
[ "$(cat "$T/u/notes.txt")" = mine ] || fail "the folder's files are kept"
expect 0 "an evaluation" -- "$CALLOFF" evaluate "$L8" "$TOP/bids/lot8" --marks "$M8" -o "$T/e"
echo "mine" >"$T/e/notes.txt"
expect 2 "the same evaluation again, into a folder with a file of the user's" -- "$CALLOFF" evaluate "$L8" "$TOP/bids/lot8" --marks "$M8" -o "$T/e"
grep -q "the folder holds notes.txt, which is not part of its evaluation" "$T/err" || fail "refused: $(cat "$T/err")"
rm "$T/e/notes.txt"
expect 0 "the same evaluation again" -- "$CALLOFF" evaluate "$L8" "$TOP/bids/lot8" --marks "$M8" -o "$T/e"
cd "$T/e" || exit 1
expect 2 "-o . from inside the folder" -- "$CALLOFF" evaluate "$L8" "$TOP/bids/lot8" --marks "$M8" -o . --force
grep -q "the folder holds the working directory" "$T/err" || fail "refused: $(cat "$T/err")"
cd "$TOP" || exit 1
one "$T/e" "after the refusals"
# A mount point (a bind mount: the same device as its parent) cannot be replaced in one step.
mkdir "$T/mp"
if unshare -m sh -c "mount --bind '$T/mp' '$T/mp'" 2>/dev/null; then
	unshare -m sh -c "mount --bind '$T/mp' '$T/mp' && exec '$CALLOFF' evaluate '$L8' '$TOP/bids/lot8' --marks '$M8' -o '$T/mp'" \
		>"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" -eq 2 ] && grep -q "the folder is a mount point" "$T/err" || fail "a mount point is refused: exit $rc: $(cat "$T/err")"
else
	echo "folder: no mount namespace here (unshare -m): the mount point check is not run"
fi

finish folder
