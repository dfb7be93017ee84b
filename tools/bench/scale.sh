#!/usr/bin/env bash
# Benchmark of evaluate at scale (issue 8): for each N, generates a competition of N bids with
# tools/gen/genbids (seed 1), then measures on the same files, in the same run:
#  - wall time and peak RSS of `calloff evaluate` (the table, no -o), via /usr/bin/time -v;
#  - wall time of `xmllint --noout --schema bids/bid.xsd` on the same bid files, the floor for
#    reading and validating them;
# and prints the ratio evaluate/xmllint and the growth of the evaluate time between sizes.
# usage: tools/bench/scale.sh [BUILD_DIR [N...]]    (default N: 1000 10000 50000)
# needs Debian's libxml2-utils (xmllint) and time (/usr/bin/time); 50k bids take about 2.3 GB of disk.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 50000)
for tool in xmllint /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "scale.sh: $tool is missing (apt-get install libxml2-utils time)" >&2; exit 2; }
done
tools/build.sh "$build" >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seconds() { # the wall clock of a `time -v` report, "h:mm:ss" or "m:ss.ss", in seconds
	awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
		for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$1"
}
rss_mb() { awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$1"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GB"
printf '%8s %6s %10s %11s %10s %9s\n' bids MB evaluate_s peak_rss_MB xmllint_s ratio
declare -A t_eval
for n in "${sizes[@]}"; do
	dir="$work/$n"
	"$build/genbids" "$dir" "$n" 1
	mb=$(du -sm "$dir" | cut -f1)
	# xmllint first, so that both read the files from the page cache genbids left them in.
	/usr/bin/time -v -o "$work/xmllint.time" sh -c \
		"find '$dir/bids' -name '*.xml' -print0 | sort -z | xargs -0 xmllint --noout --schema bids/bid.xsd >/dev/null 2>&1 || true"
	/usr/bin/time -v -o "$work/eval.time" "$build/calloff" evaluate "$dir/rules.yaml" "$dir/bids" \
		--marks "$dir/marks.xml" >/dev/null
	te=$(seconds "$work/eval.time")
	tx=$(seconds "$work/xmllint.time")
	t_eval[$n]=$te
	printf '%8s %6s %10s %11s %10s %9s\n' "$n" "$mb" "$te" "$(rss_mb "$work/eval.time")" "$tx" \
		"$(awk -v a="$te" -v b="$tx" 'BEGIN { printf "%.2fx", a / b }')"
	rm -rf "$dir"
done
first=${sizes[0]}
for n in "${sizes[@]:1}"; do
	echo "evaluate growth from $first to $n bids: $(awk -v a="${t_eval[$n]}" -v b="${t_eval[$first]}" 'BEGIN { printf "%.2fx", a / b }')"
done
if [ -n "${t_eval[10000]:-}" ] && [ -n "${t_eval[50000]:-}" ]; then
	echo "evaluate growth from 10000 to 50000 bids: $(awk -v a="${t_eval[50000]}" -v b="${t_eval[10000]}" 'BEGIN { printf "%.2fx", a / b }') (target: at most 5.5x)"
fi
