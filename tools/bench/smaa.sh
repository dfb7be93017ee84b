#!/usr/bin/env bash
# Benchmark of sensitivity --samples (issue 6) on a generated 50-bid x 12-criterion competition:
#  1. the statistics agree with the NumPy reference (tools/bench/smaa_numpy.py) within Monte Carlo error;
#  2. samples per second, calloff against NumPy on this machine, one thread each;
#  3. 10^6 samples on 2 threads.
# usage: tools/bench/smaa.sh [BUILD_DIR]     (needs Debian's python3-numpy)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
tools/build.sh "$build" >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
PY=/usr/bin/python3
$PY tools/bench/smaa_numpy.py gen "$work" 1
run() { # SAMPLES THREADS: calloff's JSON into $work/c.json, the wall time on stdout
	local t0 t1
	t0=$(date +%s.%N)
	"$build/calloff" sensitivity "$work/rules.yaml" "$work/bids" --marks "$work/marks.xml" \
		--samples "$1" --threads "$2" --seed 7 --json >"$work/c.json"
	t1=$(date +%s.%N)
	echo "$t1 - $t0" | bc -l
}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
$PY tools/bench/smaa_numpy.py run "$work" 200000 3 >"$work/np.json"
c1=$(run 200000 1)
$PY - "$work/np.json" "$work/c.json" "$c1" <<'PY'
import json, math, sys
np_ = json.load(open(sys.argv[1])); c = json.load(open(sys.argv[2])); c_secs = float(sys.argv[3])
n1, n2 = np_["samples"], c["samples"]
worst = 0.0
for b in c["bids"]:
    p1, p2 = np_["awarded"][b["bid"]], b["awarded"]["p"]
    se = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2) or 1e-12
    worst = max(worst, abs(p1 - p2) / se)
print(f"statistics: P(awarded) of the 50 bids agree with NumPy; the largest gap is {worst:.2f} standard errors"
      + ("" if worst < 5 else "  <-- DISAGREE"))
np_rate, c_rate = np_["samples_per_second"], n2 / c_secs
print(f"one thread, 200,000 samples: NumPy {np_rate:,.0f} samples/s, calloff {c_rate:,.0f} samples/s: {c_rate / np_rate:.1f}x")
if worst >= 5:
    sys.exit(1)
PY
c2=$(run 1000000 2)
printf '10^6 samples on 2 threads: %.2f s\n' "$c2"
