# Sourced by the shell tests: a scratch folder $T removed at exit, fail() to count a failed
# check, and finish NAME to report and exit (0 when every check passed, else 1).
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

finish() {
	if [ "$fails" -eq 0 ]; then
		echo "$1: all checks passed"
		exit 0
	fi
	echo "$1: $fails check(s) failed"
	exit 1
}
