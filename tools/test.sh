#!/usr/bin/env bash
# The test suite: install what is missing, then build and pass every test twice, plainly
# and with AddressSanitizer + UndefinedBehaviorSanitizer, then fuzz each parser for
# FUZZ_SECONDS (default 60) with libFuzzer. Between them, the memory bound of a 20k-bid
# evaluation, its --json, -o and replay (tools/bench/rss_bound.sh), and the proof that every
# output is byte for byte what it was before the outputs were streamed (tools/check_same.sh
# against IDENTITY_BASE: the shipped lots and a generated 2,000-bid competition, whose
# report.html changed on purpose: charts for large lots).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
tools/build.sh build
ctest --test-dir build --output-on-failure -j 2
tools/bench/rss_bound.sh build
IDENTITY_BASE=3893378 # main before issue 19
git cat-file -e "$IDENTITY_BASE^{commit}" 2>/dev/null ||
	{ echo "test.sh: revision $IDENTITY_BASE is not in this clone; fetch the full history (git fetch --unshallow)" >&2; exit 2; }
tools/check_same.sh --except report.html "$IDENTITY_BASE"
tools/build.sh build-asan -DENABLE_SANITIZERS=ON -DCMAKE_BUILD_TYPE=Debug
ctest --test-dir build-asan --output-on-failure -j 2
tools/fuzz.sh
echo "All tests passed, with and without sanitizers, and the fuzzers found nothing."
