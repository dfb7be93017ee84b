#!/bin/bash
# Crash consistency of evaluate -o (issue 18 item 1): a generated competition is evaluated into a
# folder that holds a previous evaluation of another one, and the run is killed with SIGKILL at
# many points of its life: after delays spread over a whole run (hashing, reading, rendering,
# writing), and at chosen steps of writing through the CLI's test hook CALLOFF_TEST_KILL_AFTER
# (the copies of the inputs, the outputs, the flush, the switch, the removal of the old
# evaluation). After each kill `calloff replay` of the folder must say identical, the folder must
# hold exactly one evaluation's files (tests/one_evaluation.py), and that evaluation must be the
# old or the new one. Each run replaces whichever the folder holds by the other (--force), so
# every kill falls in a change of evaluation. A last run must leave nothing beside the folder.
# usage: crash.sh GENBIDS CALLOFF [BIDS]     (BIDS: bids per competition, default 2000; ctest runs
# 2,000 on the plain build and 200 under the sanitizers)
set -u
GENBIDS=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
CALLOFF=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
BIDS=${3:-2000}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/check.sh"
start=$SECONDS

"$GENBIDS" "$T/a" "$BIDS" 11 >/dev/null || fail "genbids a"
"$GENBIDS" "$T/b" "$BIDS" 12 >/dev/null || fail "genbids b"
cd "$T" || exit 1
mkdir w

# run SET [ENV...]: evaluate competition SET (a or b) into w/out in the background; $pid is the run.
run() {
	set_=$1
	shift
	env "$@" "$CALLOFF" evaluate "$set_/rules.yaml" "$set_/bids" --marks "$set_/marks.xml" -o w/out --force \
		>/dev/null 2>"$T/err" &
	pid=$!
}

# holds WHAT: sets $now to the evaluation the folder holds, a or b, after checking it is whole
# and replays identically ("?" when it is not).
holds() {
	now="?"
	if ! python3 "$HERE/one_evaluation.py" w/out >"$T/one" 2>&1; then
		fail "$1: $(cat "$T/one")"
		return
	fi
	if ! "$CALLOFF" replay w/out >"$T/replay" 2>&1 || [ "$(grep -v '^note: ' "$T/replay")" != identical ]; then
		fail "$1: replay is not identical: $(head -c 800 "$T/replay")"
		return
	fi
	case $(cat "$T/one") in
	"$sha_a") now=a ;;
	"$sha_b") now=b ;;
	*) fail "$1: neither evaluation: $(cat "$T/one")" ;;
	esac
}

# Each competition's evaluation, whole, and how long a run takes.
t0=$(date +%s.%N)
run b && wait "$pid" || fail "evaluate b: $(cat "$T/err")"
t1=$(date +%s.%N)
sha_b=$(python3 "$HERE/one_evaluation.py" w/out) || fail "b: $sha_b"
run a CALLOFF_TEST_KILL_AFTER=0 && wait "$pid" || fail "evaluate a: $(cat "$T/err")"
sha_a=$(python3 "$HERE/one_evaluation.py" w/out) || fail "a: $sha_a"
steps=$(sed -n 's/^calloff: test hook: \([0-9]*\) steps$/\1/p' "$T/err")
switch=$(python3 -c 'import json, sys
a = json.load(open(sys.argv[1]))
print(len({i["sha256"] for i in a["inputs"] if i["sha256"]}) + len(a["outputs"]) + 3)' w/out/audit.json)
full=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
[ -n "$steps" ] && [ "$steps" -gt "$switch" ] || fail "the test hook counts the steps of writing: ${steps:-none}"
cur=a
echo "crash: $BIDS bids; a run takes ${full} s and $steps steps of writing, the switch at step $switch"

kills=0 kept_old=0 got_new=0 points=0
# after RC WHAT: the folder after a run killed (or ended): the old evaluation or the new, whole.
after() {
	points=$((points + 1))
	[ "$1" -eq 137 ] && kills=$((kills + 1))
	[ "$1" -eq 137 ] || [ "$1" -eq 0 ] || fail "$2: exit $1: $(head -c 400 "$T/err")"
	holds "$2"
	if [ "$now" = "$cur" ]; then
		kept_old=$((kept_old + 1))
	elif [ "$now" != "?" ]; then
		got_new=$((got_new + 1))
		cur=$now
	fi
}
other() { [ "$cur" = a ] && echo b || echo a; }

# 1. Kills after delays spread over a whole run, from its start to past its end.
for i in $(seq 1 14); do
	delay=$(awk -v f="$full" -v i="$i" 'BEGIN { printf "%.3f", f * (0.02 + 0.9 * (i - 1) / 13) }')
	run "$(other)"
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	after $? "killed after $delay s"
done

# 2. Kills at chosen steps of writing: copies, outputs, the flush, the switch, the removal.
n_copies=$BIDS
for n in 1 $((n_copies / 2)) $((n_copies + 1)) $(((n_copies + switch) / 2)) $((switch - 2)) $((switch - 1)) \
	"$switch" $((switch + 1)) $((switch + 2)) $(((switch + steps) / 2)) $((steps - 1)) "$steps" \
	$((steps / 9)) $((2 * steps / 9)) $((3 * steps / 9)) $((4 * steps / 9)) $((5 * steps / 9)) $((6 * steps / 9)) \
	$((7 * steps / 9)) $((8 * steps / 9)); do
	# (the last eight spread the kills over all of writing, so that at least 20 are kills whatever the timing of part 1)
	[ "$n" -ge 1 ] || continue
	run "$(other)" CALLOFF_TEST_KILL_AFTER="$n"
	wait "$pid" 2>/dev/null
	rc=$?
	[ "$rc" -eq 137 ] || fail "the test hook kills at step $n: exit $rc"
	after "$rc" "killed at step $n of $steps"
done

# 3. A run to its end: the new evaluation, and nothing left beside the folder.
want=$(other)
run "$want" && wait "$pid" || fail "the last run: $(cat "$T/err")"
holds "the last run"
[ "$now" = "$want" ] || fail "the last run leaves its evaluation ($want), not $now"
left=$(ls -A w | grep -v '^out$')
[ -z "$left" ] || fail "the last run leaves nothing beside the folder: $left"

[ "$kills" -ge 20 ] || fail "at least 20 kills ($kills)"
[ "$kept_old" -gt 0 ] && [ "$got_new" -gt 0 ] || fail "some kills keep the old evaluation, some give the new ($kept_old, $got_new)"
echo "crash: $kills kills at $points points, $kept_old left the old evaluation and $got_new the new; $((SECONDS - start)) s"
finish crash
