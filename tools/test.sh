#!/usr/bin/env bash
# The test suite: install what is missing, then build and pass every test twice, plainly
# and with AddressSanitizer + UndefinedBehaviorSanitizer, then fuzz each parser for
# FUZZ_SECONDS (default 60) with libFuzzer. Between them, the memory bound of a 20k-bid
# evaluation, its --json, -o and replay (tools/bench/rss_bound.sh), and the proof that every
# output is byte for byte what it was at IDENTITY_BASE (tools/check_same.sh: the shipped lots
# and a generated 2,000-bid competition), the last revision whose outputs changed on purpose
# (issue 22: assessment summaries with the why sentence, price table, feedback and the decision
# and standstill section; scores.csv's byte-order mark and columns; ocds.json as a contract award
# notice, written only for a final award with a notice date; result.json's challenge section;
# explain for a person; the shipped rules' publication blocks, bids' contacts and marks' feedback).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
tools/build.sh build
ctest --test-dir build --output-on-failure -j 2
tools/bench/rss_bound.sh build
IDENTITY_BASE=21d4e1e # main at the end of issue 22 (its outputs changed on purpose)
git cat-file -e "$IDENTITY_BASE^{commit}" 2>/dev/null ||
	{ echo "test.sh: revision $IDENTITY_BASE is not in this clone; fetch the full history (git fetch --unshallow)" >&2; exit 2; }
tools/check_same.sh "$IDENTITY_BASE"
tools/build.sh build-asan -DENABLE_SANITIZERS=ON -DCMAKE_BUILD_TYPE=Debug
ctest --test-dir build-asan --output-on-failure -j 2
tools/fuzz.sh
echo "All tests passed, with and without sanitizers, and the fuzzers found nothing."
