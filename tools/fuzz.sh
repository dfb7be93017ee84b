#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, ASan + UBSan) and runs each for FUZZ_SECONDS (default 60).
# Seeds: the shipped examples and the hostile cases under tests/fuzz/seeds/. Any crash, leak or
# sanitizer report stops the run with a non-zero status; the input is kept in build-fuzz/artifacts/.
# usage: FUZZ_SECONDS=600 tools/fuzz.sh [rules|bid|marks|audit|returned|workbook|decisions ...]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-60}
harnesses=${*:-rules bid marks audit returned workbook decisions}
CC=clang cmake -S . -B build-fuzz -DENABLE_FUZZING=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j "$(nproc)" >/dev/null
mkdir -p build-fuzz/artifacts
for h in $harnesses; do
	case $h in
	rules) seeds="rules tests/fuzz/seeds/rules" ;;
	bid) seeds="bids/lot7 bids/lot8 tests/fuzz/seeds/bid" ;;
	marks) seeds="bids/marks tests/fuzz/seeds/marks" ;;
	audit) seeds="tests/fuzz/seeds/audit" ;;
	returned) seeds="tests/fuzz/seeds/returned" ;;
	workbook) seeds="tests/fuzz/seeds/workbook" ;;
	decisions) seeds="tests/fuzz/seeds/decisions" ;;
	*) echo "fuzz.sh: no harness $h" >&2; exit 1 ;;
	esac
	mkdir -p "build-fuzz/corpus/$h"
	echo "== fuzz_$h for ${secs}s"
	# shellcheck disable=SC2086
	build-fuzz/tests/fuzz/fuzz_$h "build-fuzz/corpus/$h" $seeds -max_total_time="$secs" -timeout=10 \
		-rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
		-artifact_prefix="build-fuzz/artifacts/$h-" 2>"build-fuzz/fuzz_$h.log" || {
		tail -40 "build-fuzz/fuzz_$h.log"
		echo "fuzz_$h found a problem; the input is in build-fuzz/artifacts/" >&2
		exit 1
	}
	grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|Done [0-9]+ runs" "build-fuzz/fuzz_$h.log" || true
done
