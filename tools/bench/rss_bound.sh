#!/usr/bin/env bash
# The memory-bound check of issue 8, run by tools/test.sh: evaluate a generated competition of
# N bids (default 20000, tools/gen/genbids seed 1) and fail when its peak RSS (/usr/bin/time -v)
# exceeds LIMIT_MB, or when the table differs from a --threads 1 run of the same files.
# usage: tools/bench/rss_bound.sh [BUILD_DIR [N [LIMIT_MB]]]
# LIMIT_MB defaults to 64, the issue's RSS target, which the issue's memory-bound test applies to a
# 20k-bid run (about 47 MB measured). The target for 50k bids is not met yet (about 108 MB); the
# README's performance section says where the memory goes.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
n=${2:-20000}
limit=${3:-64}
command -v /usr/bin/time >/dev/null || { echo "rss_bound.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/genbids" "$work/c" "$n" 1
/usr/bin/time -v -o "$work/time" "$build/calloff" evaluate "$work/c/rules.yaml" "$work/c/bids" \
	--marks "$work/c/marks.xml" >"$work/table"
"$build/calloff" evaluate "$work/c/rules.yaml" "$work/c/bids" --marks "$work/c/marks.xml" --threads 1 >"$work/table1"
cmp -s "$work/table" "$work/table1" || { echo "rss_bound.sh: --threads 1 gives another table" >&2; exit 1; }
kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$work/time")
echo "evaluate of $n generated bids: peak RSS $((kb / 1024)) MB (limit $limit MB), wall $wall"
if [ "$kb" -gt $((limit * 1024)) ]; then
	echo "rss_bound.sh: peak RSS $((kb / 1024)) MB is over the limit of $limit MB" >&2
	exit 1
fi
