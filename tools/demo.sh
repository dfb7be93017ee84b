#!/usr/bin/env bash
# The main job: install what is missing, build, and evaluate both shipped examples into out/.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
tools/build.sh build >/dev/null
for lot in "lot7 dorset-lot7-live-in-care" "lot8 dorset-lot8-extra-care"; do
	set -- $lot
	echo "== calloff check rules/$2.yaml"
	build/calloff check "rules/$2.yaml"
	echo "== calloff evaluate rules/$2.yaml bids/$1/ --marks bids/marks/dorset-$1-marks.xml -o out/$1"
	build/calloff evaluate "rules/$2.yaml" "bids/$1/" --marks "bids/marks/dorset-$1-marks.xml" -o "out/$1"
	echo
done
echo "Outputs in out/lot7/ and out/lot8/: result.json, report.html, scores.csv, ocds.json, summaries/, and audit.json with the bundle inputs/"
