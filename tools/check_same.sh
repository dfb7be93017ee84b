#!/usr/bin/env bash
# check_same.sh: proves that a refactor changes no output byte.
#
# usage: tools/check_same.sh [--quick] [--keep] [--gen N] [--except NAME]... BASE_REV [NEW]
#   BASE_REV  a revision of the repository this script lives in (exported with git archive)
#   NEW       a revision, or a source folder; default: this repository's working tree as it
#             is now (its tracked and untracked, not ignored, files, copied once at the start)
#   --quick   skip the generated 2,000-bid competition (what CI runs)
#   --keep    keep the temporary folder (both builds, inputs and outputs) for inspection
#   --gen N   generate N bids instead of 2,000 (--gen 50000 is the 50k proof of issue 19)
#   --except NAME  leave the generated competition's bundle output NAME (a file such as
#             report.html, or a folder such as summaries) out of the comparison; repeatable
#
# Both sources are copied into a private temporary folder and built there with their own
# tools/build.sh (RelWithDebInfo), each into its own build folder; the repository's build/
# and working tree are never written. Then the same commands are run with each build's
# calloff: from the same working directory, on the same input files (the shipped rules/ and
# bids/ of NEW, and a competition generated once by NEW's genbids, seed 3), with the same
# relative paths and the same program path, so that the command lines recorded in the
# outputs are the same. Every command's stdout, stderr and exit status is kept as a file
# (exit 3, "needs a decision", and every other status, is data, not a failure of this script),
# and so is every file that -o and packs write. The two folders of outputs are then compared
# file by file, byte for byte, after one normalisation: the run's time in each audit.json
# ("run": "started" and "wall_seconds", which are part of no digest) is blanked.
#
# Covered, for each shipped rule file (Lot 7; Lot 8; Lot 8 capped):
#   check; evaluate: table, --json, and -o (every file of the bundle); replay of the bundle
#   (by folder and by audit.json) and of a copy with an edited output; explain, text and
#   --json, of every bid in the result (by id, or by file for a bid with no readable id);
#   selfscore, text and --json, of every shipped bid file of the lot; template; marksheet
#   (plain and --evaluators P1,P2,P3); packs --seed 2027 (every file written); sensitivity
#   --samples 2000 --seed 1, text and --json.
# Error paths: check of a broken rule file, evaluate with another lot's marks, a usage
#   error (its first line: the usage text below it lists the commands, and grows with them),
#   --version.
# Unless --quick, a generated 2,000-bid competition (N bids with --gen N): table, --json, -o
#   bundle, replay, and explain (text and --json) of six bids of different outcomes. Above
#   10,000 bids the explains are skipped (each reads the whole result). At 50,000 bids the
#   inputs and both builds' outputs take about 7 GB in the temporary folder, which is checked
#   for room first and removed at the end (unless --keep).
# --except NAME takes NAME out of the generated competition's bundle in both builds' outputs,
#   after the suite ran, and blanks its size and sha256 in that bundle's audit.json (for
#   result.json, result_sha256 too), so that an output changed on purpose does not hide the
#   others. The shipped lots' bundles are compared whole. Whether each excluded output
#   differed is still printed, marked "excluded by --except".
#
# Prints each output that differs and finally "same: N outputs identical" (exit 0) or
# "DIFFERENT: K of N outputs differ" (exit 1). Exit 2: usage error, or a build that failed.
set -euo pipefail

usage() { sed -n '4,13p' "$0" | sed 's/^# \{0,1\}//'; }

quick=0 keep=0 gen_n=2000 gen_set=0
args=() excepts=()
while [ $# -gt 0 ]; do
	a=$1
	shift
	case $a in
	--quick) quick=1 ;;
	--keep) keep=1 ;;
	--gen | --except)
		[ $# -gt 0 ] || { echo "check_same.sh: $a needs a value" >&2; usage >&2; exit 2; }
		if [ "$a" = --gen ]; then gen_n=$1 gen_set=1; else excepts+=("$1"); fi
		shift
		;;
	-h | --help) usage; exit 0 ;;
	-*) echo "check_same.sh: unknown option $a" >&2; usage >&2; exit 2 ;;
	*) args+=("$a") ;;
	esac
done
if [ ${#args[@]} -lt 1 ] || [ ${#args[@]} -gt 2 ]; then
	usage >&2
	exit 2
fi
[[ $gen_n =~ ^[1-9][0-9]{0,6}$ ]] || { echo "check_same.sh: --gen needs a number of bids from 1 to 9,999,999 (got '$gen_n')" >&2; exit 2; }
if [ "$quick" = 1 ] && { [ "$gen_set" = 1 ] || [ ${#excepts[@]} -gt 0 ]; }; then
	echo "check_same.sh: --gen and --except apply to the generated competition, which --quick skips" >&2
	exit 2
fi
for x in "${excepts[@]}"; do
	case $x in
	'' | /* | *//* | . | .. | ./* | ../* | */. | */.. | */./* | */../* | */)
		echo "check_same.sh: --except '$x': give an output's path inside the bundle, such as report.html or summaries" >&2
		exit 2 ;;
	audit.json | inputs | inputs/*)
		echo "check_same.sh: --except $x: the audit record and the copied inputs are always compared" >&2
		exit 2 ;;
	esac
done
with_commas() { printf '%s' "$1" | sed ':a; s/\B[0-9]\{3\}\>/,&/; ta'; }
# The generated competition's folder: gen2k for 2,000 bids (as always), else gen50k, gen1234...
if [ $((gen_n % 1000)) = 0 ]; then gen=gen$((gen_n / 1000))k; else gen=gen$gen_n; fi
for tool in git tar cmake python3 cmp diff; do
	command -v "$tool" >/dev/null || { echo "check_same.sh: $tool is missing" >&2; exit 2; }
done

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
base_arg=${args[0]}
new_arg=${args[1]:-}
if [ -n "$new_arg" ] && [ -d "$new_arg" ]; then
	new_arg=$(cd "$new_arg" && pwd) # a folder given relative to the caller
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/check_same.XXXXXX")
build_pids=()
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
	local rc=$?
	for p in "${build_pids[@]}"; do kill -- "-$p" 2>/dev/null || true; done
	cd /
	[ "$keep" = 1 ] || rm -rf "$work"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
[ "$keep" = 0 ] || echo "check_same.sh: keeping $work (--keep)" >&2
start=$SECONDS
say() { printf '[%4ds] %s\n' $((SECONDS - start)) "$*"; }

# --- 1. the two sources, each copied into $work, and their builds -------------------------

commit_of() { git -C "$repo" rev-parse --verify --quiet "$1^{commit}"; }

export_rev() { # REV DEST: the tree of a commit, as git archive gives it
	mkdir -p "$2"
	git -C "$repo" archive --format=tar "$1" | tar -x -C "$2"
}

snapshot_dir() { # SRC DEST: a working tree as it is now, without ignored files (build/, out/)
	mkdir -p "$2"
	if [ "$(git -C "$1" rev-parse --show-toplevel 2>/dev/null)" = "$1" ]; then
		git -C "$1" ls-files -z --cached --others --exclude-standard |
			while IFS= read -r -d '' f; do
				# a tracked file someone has just deleted is not part of the tree
				if [ -e "$1/$f" ] || [ -L "$1/$f" ]; then printf '%s\0' "$f"; fi
			done | tar -C "$1" --null --no-recursion -T - -cf - | tar -x -C "$2"
	else
		tar -C "$1" --exclude=./build --exclude='./build-*' --exclude=./out -cf - . | tar -x -C "$2"
	fi
}

describe_tree() { # a working tree: its HEAD and how many paths differ from it
	local head changed
	head=$(git -C "$1" rev-parse --short HEAD 2>/dev/null || echo '?')
	changed=$(git -C "$1" --no-optional-locks status --porcelain 2>/dev/null | wc -l)
	echo "working tree of $1 (HEAD $head, $changed path(s) changed or untracked)"
}

base_commit=$(commit_of "$base_arg") || { echo "check_same.sh: $base_arg is not a revision of $repo" >&2; exit 2; }
base_desc="$base_arg ($(git -C "$repo" rev-parse --short "$base_commit"))"
export_rev "$base_commit" "$work/base-src"

if [ -z "$new_arg" ]; then
	new_desc=$(describe_tree "$repo")
	snapshot_dir "$repo" "$work/new-src"
elif [ -d "$new_arg" ]; then
	if git -C "$new_arg" rev-parse --show-toplevel >/dev/null 2>&1; then
		new_desc=$(describe_tree "$new_arg")
	else
		new_desc="folder $new_arg"
	fi
	snapshot_dir "$new_arg" "$work/new-src"
else
	new_commit=$(commit_of "$new_arg") || { echo "check_same.sh: $new_arg is neither a folder nor a revision of $repo" >&2; exit 2; }
	new_desc="$new_arg ($(git -C "$repo" rev-parse --short "$new_commit"))"
	export_rev "$new_commit" "$work/new-src"
fi
say "base: $base_desc"
say "new:  $new_desc"

# Each source is built by its own tools/build.sh (else plain cmake), the two at once, each in
# a session of its own (setsid), so that an interrupted run can stop a whole build by its
# process group.
# shellcheck disable=SC2016 # $1 and $2 are expanded by the inner bash
build_cmd='if [ -x "$1/tools/build.sh" ]; then
	"$1/tools/build.sh" "$2"
else
	cmake -S "$1" -B "$2" -DCMAKE_BUILD_TYPE=RelWithDebInfo && cmake --build "$2" -j "$(nproc)"
fi'
say "building both (logs: base-build.log, new-build.log)"
for label in base new; do
	setsid bash -c "$build_cmd" build "$work/$label-src" "$work/$label-build" >"$work/$label-build.log" 2>&1 &
	build_pids+=($!)
done
failed=0
for label in base new; do
	if ! wait "${build_pids[0]}"; then
		echo "check_same.sh: the $label build failed; the end of its log:" >&2
		tail -n 30 "$work/$label-build.log" >&2
		failed=1
	fi
	build_pids=("${build_pids[@]:1}")
done
[ "$failed" = 0 ] || exit 2
for label in base new; do
	[ -x "$work/$label-build/calloff" ] || { echo "check_same.sh: the $label build has no calloff" >&2; exit 2; }
done
say "built"

# --- 2. the shared inputs, the same files for both builds ---------------------------------

run=$work/run # the working directory of every command
mkdir -p "$run" "$work/bin" "$work/results"
cp -R "$work/new-src/rules" "$work/new-src/bids" "$run/"
# A rule file with several problems, so that check's diagnostics are compared too.
cat >"$run/broken-rules.yaml" <<'EOF'
calloff: 1
competition: {id: "not an id!", deadline: yesterday, currency: GBP}
award: {mode: top_n, n: 0, tie_break: [quality, colour]}
weights: {quality: 70, price: 20}
scale: {marks: [0, 2, 1]}
questions:
  - {id: Q1, title: "Question 1", weight: 60}
  - {id: Q1, title: "Question 1 again", weight: 30}
EOF
if [ "$quick" = 0 ]; then
	# about 37 KB of input and 50 KB of bundle a bid, the bundle once per build, and 1 GB spare
	need_kb=$((gen_n * 140 + 1048576))
	free_kb=$(df -Pk "$work" | awk 'NR == 2 { print $4 }')
	if [ "$free_kb" -lt "$need_kb" ]; then
		echo "check_same.sh: $work has $((free_kb / 1024)) MB free; the $(with_commas "$gen_n")-bid competition needs about $((need_kb / 1024)) MB (set TMPDIR elsewhere)" >&2
		exit 2
	fi
	genbids=$work/new-build/genbids
	[ -x "$genbids" ] || genbids=$work/base-build/genbids
	say "generating the $(with_commas "$gen_n")-bid competition (seed 3)"
	"$genbids" "$run/$gen" "$gen_n" 3 >/dev/null
fi

# --- 3. the suite, run once per build --------------------------------------------------------

CALLOFF=$work/bin/calloff # one program path for both builds: a link moved between them

# c NAME ARGS...: runs calloff in $run; its stdout, stderr and exit status become NAME.out,
# NAME.err and NAME.rc (NAME is relative to out/).
c() {
	local name=$1 rc=0
	shift
	mkdir -p "out/$(dirname "$name")"
	"$CALLOFF" "$@" </dev/null >"out/$name.out" 2>"out/$name.err" || rc=$?
	printf '%s\n' "$rc" >"out/$name.rc"
}

safe_name() { # a bid id or a file path as a file name
	local s=${1//\//_}
	printf '%s' "${s//[^A-Za-z0-9._-]/_}"
}

explain_all() { # TAG BUNDLE ID...: explain (text and --json) of each bid given
	local tag=$1 bundle=$2 id name
	shift 2
	for id in "$@"; do
		name=$(safe_name "$id")
		while [ -e "out/$tag/explain/$name.rc" ]; do name=${name}_; done
		c "$tag/explain/$name" explain "$bundle" "$id"
		c "$tag/explain/$name.json" explain "$bundle" "$id" --json
	done
}

result_ids() { # BUNDLE: every bid of its result.json, by id, or by file when it has no id
	[ -f "$1/result.json" ] || return 0
	python3 - "$1/result.json" <<'EOF'
import json, sys
seen = []
for b in json.load(open(sys.argv[1]))["bids"]:
    key = b.get("bid") or b.get("file")
    if key and key not in seen:
        seen.append(key)
print("\n".join(seen))
EOF
}

sample_ids() { # BUNDLE: six bids of different outcomes from a large result
	[ -f "$1/result.json" ] || return 0
	python3 - "$1/result.json" <<'EOF'
import json, sys
bids = json.load(open(sys.argv[1]))["bids"]
key = lambda b: b.get("bid") or b.get("file")
picks = []
def pick(bs):
    for b in bs:
        if key(b) and key(b) not in picks:
            picks.append(key(b))
            return
awarded = [b for b in bids if b.get("status") == "awarded"]
pick(awarded)                                                   # the first awarded
pick(list(reversed(awarded)))                                   # the last awarded
pick([b for b in bids if b.get("status") == "ranked"])          # the first not awarded
pick([b for b in bids if b.get("status") == "disqualified"])    # a disqualified bid
pick([b for b in bids if b.get("status") == "rejected" and b.get("bid")])
pick([b for b in bids if not b.get("bid")])                     # a bid with no readable id
for b in bids[::max(1, len(bids) // 6)]:                        # fill up to six
    if len(picks) >= 6:
        break
    pick([b])
print("\n".join(picks))
EOF
}

lot() { # TAG RULES BIDDIR MARKS: everything about one shipped rule file
	local tag=$1 rules=$2 bids=$3 marks=$4 f ids
	c "$tag/check" check "$rules"
	c "$tag/table" evaluate "$rules" "$bids" --marks "$marks"
	c "$tag/json" evaluate "$rules" "$bids" --marks "$marks" --json
	c "$tag/bundle" evaluate "$rules" "$bids" --marks "$marks" -o "out/$tag/bundle"
	c "$tag/replay" replay "out/$tag/bundle"
	c "$tag/replay-audit" replay "out/$tag/bundle/audit.json"
	if [ -d "out/$tag/bundle" ]; then # replay must find an edited output
		rm -rf scratch && mkdir scratch && cp -R "out/$tag/bundle" scratch/tampered
		if [ -f scratch/tampered/scores.csv ]; then printf 'edited\r\n' >>scratch/tampered/scores.csv; fi
		c "$tag/replay-tampered" replay scratch/tampered
		rm -rf scratch
	fi
	mapfile -t ids < <(result_ids "out/$tag/bundle")
	explain_all "$tag" "out/$tag/bundle" "${ids[@]}"
	for f in "$bids"*.xml; do
		c "$tag/selfscore/$(basename "$f" .xml)" selfscore "$rules" "$f"
		c "$tag/selfscore/$(basename "$f" .xml).json" selfscore "$rules" "$f" --json
	done
	c "$tag/template" template "$rules"
	c "$tag/marksheet" marksheet "$rules" "$bids"
	c "$tag/marksheet-evaluators" marksheet "$rules" "$bids" --evaluators P1,P2,P3
	c "$tag/packs" packs "$rules" "$bids" -o "out/$tag/packs" --key "out/$tag/packs-key.json" --seed 2027
	c "$tag/sensitivity" sensitivity "$rules" "$bids" --marks "$marks" --samples 2000 --seed 1
	c "$tag/sensitivity.json" sensitivity "$rules" "$bids" --marks "$marks" --samples 2000 --seed 1 --json
}

suite() {
	lot lot7 rules/dorset-lot7-live-in-care.yaml bids/lot7/ bids/marks/dorset-lot7-marks.xml
	lot lot8 rules/dorset-lot8-extra-care.yaml bids/lot8/ bids/marks/dorset-lot8-marks.xml
	lot lot8-capped rules/dorset-lot8-extra-care-capped.yaml bids/lot8/ bids/marks/dorset-lot8-marks.xml
	c errors/check-broken check broken-rules.yaml
	c errors/evaluate-wrong-marks evaluate rules/dorset-lot7-live-in-care.yaml bids/lot7/ \
		--marks bids/marks/dorset-lot8-marks.xml
	c errors/evaluate-usage evaluate rules/dorset-lot7-live-in-care.yaml
	# The usage error's own line is compared; the usage text after it lists the commands, and
	# grows when a command is added (the panel commands of issue 20), which is no refactor's doing.
	sed -i '1!d' out/errors/evaluate-usage.err
	c errors/version --version
	if [ "$quick" = 0 ]; then
		local ids
		c "$gen/table" evaluate "$gen/rules.yaml" "$gen/bids" --marks "$gen/marks.xml"
		c "$gen/json" evaluate "$gen/rules.yaml" "$gen/bids" --marks "$gen/marks.xml" --json
		c "$gen/bundle" evaluate "$gen/rules.yaml" "$gen/bids" --marks "$gen/marks.xml" -o "out/$gen/bundle"
		c "$gen/replay" replay "out/$gen/bundle"
		if [ "$gen_n" -le 10000 ]; then
			mapfile -t ids < <(sample_ids "out/$gen/bundle")
			explain_all "$gen" "out/$gen/bundle" "${ids[@]}"
		fi
	fi
}

# except_outputs LABEL: moves each --except output of the generated bundle under out/ to
# $work/excluded/LABEL/, and blanks its size and sha256 (and, for result.json, result_sha256)
# in the bundle's audit.json, leaving every other byte as it is.
except_outputs() {
	local label=$1 x
	if [ ${#excepts[@]} = 0 ] || [ ! -d "out/$gen/bundle" ]; then return 0; fi
	for x in "${excepts[@]}"; do
		if [ -e "out/$gen/bundle/$x" ]; then
			mkdir -p "$(dirname "$work/excluded/$label/$x")"
			mv "out/$gen/bundle/$x" "$work/excluded/$label/$x"
		else
			echo "check_same.sh: --except $x: the $label build's $gen/bundle has no such output" >&2
		fi
	done
	[ -f "out/$gen/bundle/audit.json" ] || return 0
	python3 - "out/$gen/bundle/audit.json" "${excepts[@]}" <<'EOF'
import json, re, sys
path, names = sys.argv[1], sys.argv[2:]
raw = open(path, "rb").read()
MARK = "(excluded by --except)"
def excluded(f):
    return any(f == n or f.startswith(n + "/") for n in names)
entry = re.compile(rb'(\{\s*"file"\s*:\s*)("(?:[^"\\]|\\.)*")(\s*,\s*"size"\s*:\s*)[0-9]+'
                   rb'(\s*,\s*"sha256"\s*:\s*)"[0-9a-f]*"')
def blank(m):
    if not excluded(json.loads(m.group(2))):
        return m.group(0)
    mark = b'"' + MARK.encode() + b'"'
    return m.group(1) + m.group(2) + m.group(3) + mark + m.group(4) + mark
new = entry.sub(blank, raw)
if "result.json" in names:
    new = re.sub(rb'("result_sha256"\s*:\s*)"[0-9a-f]*"', rb'\g<1>"' + MARK.encode() + rb'"', new)
try:  # the excluded outputs' size and sha256 (and result_sha256), and nothing else, changed
    want, got = json.loads(raw), json.loads(new)
    for o in want.get("outputs", []):
        if excluded(o.get("file", "")):
            o["size"] = o["sha256"] = MARK
    if "result.json" in names and "result_sha256" in want:
        want["result_sha256"] = MARK
    ok = want == got
except ValueError:
    ok = False
if ok:
    open(path, "wb").write(new)
else:
    print("check_same.sh: %s: the size and sha256 of the excluded outputs could not be blanked;"
          " compared raw" % path, file=sys.stderr)
EOF
}

normalise_audits() { # blanks the run's time in every audit.json under $1, nothing else
	python3 - "$1" <<'EOF'
import json, os, re, sys
for top, _, files in os.walk(sys.argv[1]):
    if "audit.json" not in files:
        continue
    path = os.path.join(top, "audit.json")
    raw = open(path, "rb").read()
    new, ns = re.subn(rb'("started"\s*:\s*)"[^"\\]*"', rb'\g<1>"(blanked by check_same)"', raw)
    new, nw = re.subn(rb'("wall_seconds"\s*:\s*)-?[0-9][0-9.eE+-]*', rb'\g<1>0', new)
    try:
        before, after = json.loads(raw), json.loads(new)
        ok = ns == 1 and nw == 1 and isinstance(before.get("run"), dict)
        if ok:
            before["run"]["started"] = "(blanked by check_same)"
            before["run"]["wall_seconds"] = 0
            ok = before == after  # the two time fields, and nothing else, changed
    except ValueError:
        ok = False
    if ok:
        open(path, "wb").write(new)
    else:
        print("check_same.sh: %s: no run.started/wall_seconds to blank; compared raw" % path,
              file=sys.stderr)
EOF
}

cd "$run"
for label in base new; do
	say "running the suite with the $label build"
	ln -sfn "$work/$label-build/calloff" "$CALLOFF"
	rm -rf out && mkdir out
	suite
	normalise_audits out
	except_outputs "$label"
	mv out "$work/results/$label"
done
rm -f "$CALLOFF"

# --- 4. the comparison ---------------------------------------------------------------------

say "comparing"
cd "$work/results"
n=0 k=0
# One process walks both trees and compares every file (a cmp per file takes minutes at 50,000
# bids); it prints the number of files, then each path that differs, flagged b (only in base),
# n (only in new) or d (in both), in byte order.
python3 - >"$work/compared" <<'EOF' || { echo "check_same.sh: the comparison failed" >&2; exit 2; }
import filecmp, os, sys
def files(top):
    out = set()
    for d, _, fs in os.walk(top):
        for f in fs:
            out.add(os.path.relpath(os.path.join(d, f), top))
    return out
b, w = files(b"base"), files(b"new")
paths = sorted(b | w)
out = sys.stdout.buffer
out.write(b"%d\0" % len(paths))
for f in paths:
    if f not in w:
        out.write(b"b" + f + b"\0")
    elif f not in b:
        out.write(b"n" + f + b"\0")
    elif not filecmp.cmp(b"base/" + f, b"new/" + f, shallow=False):
        out.write(b"d" + f + b"\0")
EOF
exec 3<"$work/compared"
IFS= read -r -d '' n <&3
while IFS= read -r -d '' e <&3; do
	f=${e:1}
	k=$((k + 1))
	case ${e:0:1} in
	b) echo "differs: $f (only in base)" ;;
	n) echo "differs: $f (only in new)" ;;
	*)
		echo "differs: $f ($(cmp "base/$f" "new/$f" 2>&1 | sed 's/^.* differ: //'))"
		if [ "$k" -le 20 ] && [ "$(stat -c %s "base/$f")" -lt 1048576 ]; then # an excerpt of the first 20
			diff -u --label "base/$f" --label "new/$f" "base/$f" "new/$f" | sed -n '3,12s/^/    /p' || true
		fi
		;;
	esac
done
exec 3<&-
[[ $n =~ ^[0-9]+$ ]] || { echo "check_same.sh: the comparison failed" >&2; exit 2; }

excluded_note=
for x in "${excepts[@]}"; do
	eb=$work/excluded/base/$x en=$work/excluded/new/$x
	if [ ! -e "$eb" ] && [ ! -e "$en" ]; then
		state="in neither build's bundle"
	elif [ ! -e "$eb" ] || [ ! -e "$en" ]; then
		state="only in $([ -e "$eb" ] && echo base || echo new)"
	elif diff -rq "$eb" "$en" >/dev/null 2>&1; then
		state="identical even so"
	else
		state=differs
	fi
	echo "not compared: $gen/bundle/$x ($state) and its size and sha256 in $gen/bundle/audit.json: excluded by --except"
	excluded_note=" (and ${#excepts[@]} output(s) excluded by --except, above)"
done

say "done in $((SECONDS - start)) s ($([ "$quick" = 1 ] && echo quick || echo full) mode)"
if [ "$k" -eq 0 ]; then
	echo "same: $n outputs identical$excluded_note"
	exit 0
fi
echo "DIFFERENT: $k of $n outputs differ$excluded_note"
exit 1
