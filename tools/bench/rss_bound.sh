#!/usr/bin/env bash
# The memory-bound check of issues 8 and 19, run by tools/test.sh: on a generated competition of
# N bids (default 20000, tools/gen/genbids seed 1), measures the peak RSS (/usr/bin/time -v) of
#   table   `calloff evaluate RULES BIDS --marks MARKS` (the table on stdout);
#   json    the same with --json;
#   -o      the same with -o OUT (the whole bundle, inputs copied);
#   replay  `calloff replay OUT` of that bundle, which must exit 0 and say "identical";
# prints one line per mode, and fails when a peak RSS exceeds LIMIT_MB, when a run fails, or when
# the table differs from a --threads 1 run of the same files.
# usage: tools/bench/rss_bound.sh [BUILD_DIR [N [LIMIT_MB]]]
#   BUILD_DIR defaults to build; LIMIT_MB to $LIMIT_MB, else 64, the issue's RSS target, which the
#   issues' memory-bound test applies to a 20k-bid run of every mode.
# Exit status: 0 every mode within the limit; 1 a mode over the limit, failed or different;
# 2 a usage error or a missing tool.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
n=${2:-20000}
limit=${3:-${LIMIT_MB:-64}}
[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "rss_bound.sh: N must be a number of bids, at least 1 (got '$n')" >&2; exit 2; }
[[ $limit =~ ^[1-9][0-9]*$ ]] || { echo "rss_bound.sh: LIMIT_MB must be a whole number of MB (got '$limit')" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "rss_bound.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
if [ ! -x "$build/calloff" ] || [ ! -x "$build/genbids" ]; then
	echo "rss_bound.sh: no calloff and genbids in $build (tools/build.sh $build)" >&2
	exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/genbids" "$work/c" "$n" 1
c=("$work/c/rules.yaml" "$work/c/bids" --marks "$work/c/marks.xml")

problems=()
# run MODE STDOUT CMD...: runs CMD under /usr/bin/time -v, its stdout to STDOUT; prints the mode's
# line and records a problem when it failed or went over the limit. Returns CMD's status.
run() {
	local mode=$1 stdout=$2 rc=0 kb wall
	shift 2
	/usr/bin/time -v -o "$work/time" "$@" >"$stdout" 2>"$work/$mode.err" || rc=$?
	kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time")
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$work/time")
	printf '%-7s of %s generated bids: peak RSS %4d MB (limit %d MB), wall %s' "$mode" "$n" $((kb / 1024)) "$limit" "$wall"
	if [ "$rc" != 0 ]; then
		echo ", FAILED (exit $rc)"
		problems+=("$mode failed with exit status $rc: $(head -n 1 "$work/$mode.err")")
	elif [ "$kb" -gt $((limit * 1024)) ]; then
		echo ", OVER"
		problems+=("$mode: peak RSS $((kb / 1024)) MB is over the limit of $limit MB")
	else
		echo
	fi
	return "$rc"
}

if run table "$work/table" "$build/calloff" evaluate "${c[@]}"; then
	"$build/calloff" evaluate "${c[@]}" --threads 1 >"$work/table1"
	cmp -s "$work/table" "$work/table1" || problems+=("table: --threads 1 gives another table")
fi
run json /dev/null "$build/calloff" evaluate "${c[@]}" --json || true
if run -o /dev/null "$build/calloff" evaluate "${c[@]}" -o "$work/out"; then
	if run replay "$work/replay" "$build/calloff" replay "$work/out"; then
		grep -qx identical "$work/replay" || problems+=("replay: exit 0 but no \"identical\" in its output")
	fi
else
	echo "replay  of $n generated bids: not run, -o failed"
	problems+=("replay: not run, -o failed")
fi
[ ${#problems[@]} -gt 0 ] || exit 0
for p in "${problems[@]}"; do echo "rss_bound.sh: $p" >&2; done
exit 1
