#!/usr/bin/env bash
# Benchmark of every output of evaluate at scale (issues 8 and 19): for each N, generates a
# competition of N bids with tools/gen/genbids (seed 1), then measures on the same files, in the
# same run, the wall time and peak RSS (/usr/bin/time -v) of:
#  - table:  `calloff evaluate RULES BIDS --marks MARKS` (no --json, no -o), stdout to /dev/null;
#  - json:   the same with --json, stdout to /dev/null;
#  - -o:     the same with -o OUT, OUT a fresh folder on the file system of the inputs (the whole
#            bundle, inputs copied; calloff flushes it to disk itself with syncfs);
#  - replay: `calloff replay OUT` of that bundle;
# and of two baselines:
#  - xmllint: `xmllint --noout --schema bids/bid.xsd` of every bid file, the floor for reading and
#             validating them (the baseline of table and json);
#  - copy:    `sha256sum` of every input file, `cp -r` of the inputs into a fresh folder and `sync`,
#             timed as one command, the floor for a bundle (the baseline of -o).
# Before each measured command, `sync` (untimed) flushes what the previous one wrote.
#
# It prints first the table of issue 8 (evaluate against xmllint, one row per N, and its growth),
# then one row per N and mode (seconds, peak RSS, ratio to its baseline, the issue's targets,
# PASS/MISS), then the growth from 10k to 50k of each mode (time ratio, memory slope in KB per
# bid) against the targets, when both sizes were run. Targets (issue 19):
#   table   at most 1.0x xmllint at 10k; under 64 MB at 50k
#   json    at most 1.0x xmllint;        under 64 MB at 50k
#   -o      at most 1.3x copy;           under 64 MB at 50k
#   replay  at most 1.0x the -o that made the bundle
#   growth of every mode from 10k to 50k: time at most 5.5x; memory under 1.2 KB a bid
# A row whose size has no target says "-". A mode that fails is printed as FAILED with its exit
# status (and the start of its stderr); the others go on, and the script then exits 1.
#
# usage: tools/bench/scale.sh [BUILD_DIR [N...]]    (default BUILD_DIR build, N 1000 10000 50000)
#   REPEAT=k  run every measurement k times (in k rounds) and print the medians (default 1)
#   SETTLE=s  seconds to wait after removing a round's copies and bundles (default 31; see settle())
#   TMPDIR    where the inputs, the copies and the bundles go (one file system)
# Exit status: 0 every mode ran (whether its targets were met or not); 1 a mode or a baseline
# failed; 2 a missing tool or a usage error.
# Needs Debian's libxml2-utils (xmllint) and time (/usr/bin/time). At 50k bids the inputs take
# about 1.9 GB of disk, their copy as much again, and the bundle about 2.5 GB.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 50000)
repeat=${REPEAT:-1}
[[ $repeat =~ ^[1-9][0-9]*$ ]] || { echo "scale.sh: REPEAT must be a whole number of runs, at least 1 (got '$repeat')" >&2; exit 2; }
for n in "${sizes[@]}"; do
	[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "scale.sh: a size must be a number of bids, at least 1 (got '$n')" >&2; exit 2; }
done
for tool in xmllint /usr/bin/time sha256sum; do
	command -v "$tool" >/dev/null || { echo "scale.sh: $tool is missing (apt-get install libxml2-utils time coreutils)" >&2; exit 2; }
done
tools/build.sh "$build" >/dev/null
calloff=$(cd "$build" && pwd)/calloff
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rss_kb() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }
median() { # the median of the numbers given (the mean of the middle two for an even count)
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
		else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "n/a" }'; }

# measure KEY N CMD...: runs CMD under /usr/bin/time -v after an untimed sync, with stdout and
# stderr to files; records its wall seconds (the clock read around it: time -v gives only
# hundredths) and its peak RSS (KB, from time -v) in the lists of KEY, or its failure.
declare -A secs kbs failed
measure() {
	local key=$1 n=$2 rc=0 t0 t1
	shift 2
	sync
	t0=$(date +%s%N)
	/usr/bin/time -v -o "$work/time" "$@" >"$work/stdout" 2>"$work/stderr" || rc=$?
	t1=$(date +%s%N)
	if [ "$rc" != 0 ]; then
		failed[$key,$n]="exit $rc"
		{
			echo "scale.sh: $key at $n bids FAILED (exit $rc); the start of its stderr:"
			head -n 3 "$work/stderr" | sed 's/^/    /'
		} >&2
		return 0
	fi
	secs[$key,$n]="${secs[$key,$n]:-} $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')"
	kbs[$key,$n]="${kbs[$key,$n]:-} $(rss_kb "$work/time")"
}

# After many files are removed: ext4 does not give an inode freed in the last 30 seconds to a new
# file (ialloc.c, recently_deleted) but searches past it, so the files made just after removing
# tens of thousands cost several times more to create (measured: 75% of -o's time in openat at
# 10k bids). A council's run does not follow such a removal; the benchmark waits it out.
settle() { sleep "${SETTLE:-31}"; }

# The copy floor: every input hashed, the inputs copied into a fresh folder, all flushed to disk.
# shellcheck disable=SC2016 # expanded by the inner bash
floor_cmd='set -e; find "$1" -type f -print0 | sort -z | xargs -0 sha256sum >/dev/null
	cp -r "$1" "$2"; sync'
# xmllint exits non-zero for the generated bids that are invalid on purpose: not a failure.
# shellcheck disable=SC2016 # expanded by the inner bash
xmllint_cmd='find "$1/bids" -name "*.xml" -print0 | sort -z | xargs -0 xmllint --noout --schema bids/bid.xsd >/dev/null 2>&1 || true'

modes=(table json -o replay)
declare -A med_s med_kb
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GB"
[ "$repeat" = 1 ] || echo "every figure is the median of $repeat runs"
printf '%8s %6s %10s %11s %10s %9s\n' bids MB evaluate_s peak_rss_MB xmllint_s ratio
declare -A t_eval
for n in "${sizes[@]}"; do
	dir="$work/c$n"
	out="$work/out$n"
	"$build/genbids" "$dir" "$n" 1
	mb=$(du -sm "$dir" | cut -f1)
	for ((r = 1; r <= repeat; r++)); do
		# The copies and bundles of a previous round go first, and the file system is let settle
		# (settle, below) so that neither the copy nor -o creates its files among inodes just freed.
		if [ -e "$work/copy" ] || [ -e "$out" ]; then
			rm -rf "$work/copy" "$out"
			settle
		fi
		# xmllint first, so that every command reads the files from the page cache genbids left them in.
		measure xmllint "$n" bash -c "$xmllint_cmd" xmllint "$dir"
		measure copy "$n" bash -c "$floor_cmd" copy "$dir" "$work/copy"
		measure table "$n" "$calloff" evaluate "$dir/rules.yaml" "$dir/bids" --marks "$dir/marks.xml"
		measure json "$n" "$calloff" evaluate "$dir/rules.yaml" "$dir/bids" --marks "$dir/marks.xml" --json
		measure -o "$n" "$calloff" evaluate "$dir/rules.yaml" "$dir/bids" --marks "$dir/marks.xml" -o "$out"
		if [ -d "$out" ] && [ -z "${failed[-o,$n]:-}" ]; then
			measure replay "$n" "$calloff" replay "$out"
		else
			failed[replay,$n]="not run: -o failed"
		fi
	done
	rm -rf "$out" "$dir" "$work/copy"
	settle
	for key in xmllint copy "${modes[@]}"; do
		[ -z "${failed[$key,$n]:-}" ] || continue
		# shellcheck disable=SC2086 # the lists are words
		med_s[$key,$n]=$(median ${secs[$key,$n]})
		# shellcheck disable=SC2086
		med_kb[$key,$n]=$(median ${kbs[$key,$n]})
	done
	if [ -n "${med_s[table,$n]:-}" ] && [ -n "${med_s[xmllint,$n]:-}" ]; then
		te=${med_s[table,$n]} tx=${med_s[xmllint,$n]}
		t_eval[$n]=$te
		printf '%8s %6s %10.2f %11.1f %10.2f %9s\n' "$n" "$mb" "$te" \
			"$(awk -v k="${med_kb[table,$n]}" 'BEGIN { print k / 1024 }')" "$tx" "$(ratio "$te" "$tx")"
	else
		printf '%8s %6s %10s\n' "$n" "$mb" FAILED
	fi
done
first=${sizes[0]}
for n in "${sizes[@]:1}"; do
	if [ -z "${t_eval[$n]:-}" ] || [ -z "${t_eval[$first]:-}" ]; then continue; fi
	echo "evaluate growth from $first to $n bids: $(ratio "${t_eval[$n]}" "${t_eval[$first]}")"
done
if [ -n "${t_eval[10000]:-}" ] && [ -n "${t_eval[50000]:-}" ]; then
	echo "evaluate growth from 10000 to 50000 bids: $(ratio "${t_eval[50000]}" "${t_eval[10000]}") (target: at most 5.5x)"
fi

# --- every mode against its baseline and the targets of issue 19 ---------------------------

any_failed=0
base_of() { case $1 in table | json) echo xmllint ;; -o) echo copy ;; replay) echo -o ;; esac; }
ratio_target() { # MODE N: the issue's largest ratio to the baseline, or nothing at this size
	case $1 in
	table) [ "$2" != 10000 ] || echo 1.0 ;;
	json | replay) echo 1.0 ;;
	-o) echo 1.3 ;;
	esac
}
rss_target() { # MODE N: the issue's peak RSS limit in MB, or nothing at this size
	case $1 in table | json | -o) [ "$2" != 50000 ] || echo 64 ;; esac
}
echo
printf '%8s %-8s %9s %8s  %-8s %9s %7s  %-17s %s\n' bids mode seconds peak_MB baseline base_s ratio target verdict
for n in "${sizes[@]}"; do
	for key in xmllint copy "${modes[@]}"; do
		if [ -n "${failed[$key,$n]:-}" ]; then
			printf '%8s %-8s %9s\n' "$n" "$key" "FAILED (${failed[$key,$n]})"
			any_failed=1
			continue
		fi
		s=${med_s[$key,$n]}
		mbs=$(awk -v k="${med_kb[$key,$n]}" 'BEGIN { printf "%.1f", k / 1024 }')
		base=$(base_of "$key") bs='' rt='' rl='' r='-' targets='' misses=''
		if [ -n "$base" ]; then
			bs=${med_s[$base,$n]:-}
			rt=$(ratio_target "$key" "$n")
			rl=$(rss_target "$key" "$n")
			[ -z "$bs" ] || r=$(ratio "$s" "$bs")
			if [ -n "$rt" ]; then
				targets="<=${rt}x"
				if [ -z "$bs" ]; then misses+=" no-baseline"
				elif ! awk -v a="$s" -v b="$bs" -v t="$rt" 'BEGIN { exit !(b > 0 && a / b <= t) }'; then misses+=" time"; fi
			fi
			if [ -n "$rl" ]; then
				targets+="${targets:+ }<${rl}MB"
				[ "${med_kb[$key,$n]}" -lt $((rl * 1024)) ] || misses+=" memory"
			fi
		fi
		if [ -z "$base" ]; then verdict='(baseline)'
		elif [ -z "$targets" ]; then verdict='-'
		elif [ -z "$misses" ]; then verdict=PASS
		else verdict="MISS (${misses# })"; fi
		printf '%8s %-8s %9s %8s  %-8s %9s %7s  %-17s %s\n' "$n" "$key" "$s" "$mbs" "${base:--}" \
			"${bs:--}" "$r" "${targets:--}" "$verdict"
	done
done

# --- growth from 10k to 50k ------------------------------------------------------------------

if [[ " ${sizes[*]} " == *" 10000 "* && " ${sizes[*]} " == *" 50000 "* ]]; then
	echo
	echo "growth from 10000 to 50000 bids (targets: time at most 5.5x; memory under 1.2 KB a bid)"
	for key in "${modes[@]}"; do
		if [ -z "${med_s[$key,10000]:-}" ] || [ -z "${med_s[$key,50000]:-}" ]; then
			printf '  %-8s FAILED (a size did not run)\n' "$key"
			continue
		fi
		awk -v mode="$key" -v s1="${med_s[$key,10000]}" -v s5="${med_s[$key,50000]}" \
			-v k1="${med_kb[$key,10000]}" -v k5="${med_kb[$key,50000]}" 'BEGIN {
			t = s1 > 0 ? s5 / s1 : 1e9; slope = (k5 - k1) / 40000
			miss = ""
			if (t > 5.5) miss = miss " time"
			if (slope >= 1.2) miss = miss " memory"
			printf "  %-8s time %.2fx  memory %+.3f KB/bid (%.1f -> %.1f MB)  %s\n", mode, t, slope,
				k1 / 1024, k5 / 1024, miss == "" ? "PASS" : "MISS (" substr(miss, 2) ")"
		}'
	done
fi
[ "$any_failed" = 0 ] || { echo "scale.sh: some measurements FAILED (above)" >&2; exit 1; }
