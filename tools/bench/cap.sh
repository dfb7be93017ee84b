#!/usr/bin/env bash
# Benchmark of the capped per-scheme award (issue 9) at 200 schemes and 2,000 bids.
#  1. the optimal assignment alone (tests/bench_assign.c), on quality-only totals (its 64-bit
#     path) and price-scored totals (its GMP path), with 3, 20 or all 200 schemes per bid;
#  2. calloff evaluate end to end on generated files, with and without the cap.
# usage: tools/bench/cap.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
tools/build.sh "$build" >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo
"$build/tests/bench_assign"
echo

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
TIMEFORMAT=%R
run() { # DIR: the wall time of one evaluate, in seconds
	{ time "$build/calloff" evaluate "$1/rules.yaml" "$1/bids" --marks "$1/marks.xml" -o "$1/out" >/dev/null; } 2>&1
}
printf '%-44s %9s %9s\n' "calloff evaluate, 200 schemes, 2000 bids" "no cap s" "cap 1 s"
for per in 3 20; do
	"$build/gen_capped" "$work/nocap" 200 2000 "$per" 0 42
	"$build/gen_capped" "$work/cap" 200 2000 "$per" 1 42
	printf '%-44s %9s %9s\n' "$per schemes per bid" "$(run "$work/nocap")" "$(run "$work/cap")"
	rm -rf "$work/nocap" "$work/cap"
done
