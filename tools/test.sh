#!/usr/bin/env bash
# The test suite: install what is missing, then build and pass every test twice, plainly
# and with AddressSanitizer + UndefinedBehaviorSanitizer, then fuzz each parser for
# FUZZ_SECONDS (default 60) with libFuzzer. Between them, the memory bound of a 20k-bid
# evaluation (tools/bench/rss_bound.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
tools/build.sh build
ctest --test-dir build --output-on-failure -j 2
tools/bench/rss_bound.sh build
tools/build.sh build-asan -DENABLE_SANITIZERS=ON -DCMAKE_BUILD_TYPE=Debug
ctest --test-dir build-asan --output-on-failure -j 2
tools/fuzz.sh
echo "All tests passed, with and without sanitizers, and the fuzzers found nothing."
