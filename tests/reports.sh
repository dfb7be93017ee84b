#!/bin/sh
# The reports in a real browser and against the OCDS schemas:
#  - report.html renders in headless Chromium, its DOM has the ranking rows and SVG bars, no
#    script, and Chromium's network log shows nothing was loaded over the network;
#  - ocds.json of both shipped examples is valid against the OCDS schemas (../shared/data/ocds,
#    or their copy in tests/data/ocds);
#  - a provisional report (lot 7 under at_boundary: report, the tie open) opens with its banner,
#    and the same command with a decisions file gives a report with a Decisions section, both
#    seen through selenium (tests/browser/decisions_report.py), their screenshots saved in
#    SCREENSHOT_DIR (default: the build's tests/browser, beside the forms').
# usage: reports.sh CALLOFF TOP_SRCDIR [SCREENSHOT_DIR]
set -u
CALLOFF=$1
TOP=$2
. "$(dirname "$0")/check.sh"

"$CALLOFF" evaluate "$TOP/rules/dorset-lot7-live-in-care.yaml" "$TOP/bids/lot7" \
	--marks "$TOP/bids/marks/dorset-lot7-marks.xml" -o "$T/lot7" >/dev/null || fail "evaluate lot 7"
"$CALLOFF" evaluate "$TOP/rules/dorset-lot8-extra-care-capped.yaml" "$TOP/bids/lot8" \
	--marks "$TOP/bids/marks/dorset-lot8-marks.xml" -o "$T/lot8" --ocid-prefix ocds-a1b2c3 >/dev/null || fail "evaluate lot 8"

# OCDS, with Debian's python3 and python3-jsonschema: the shared reference schemas when
# ../shared is beside the clone (and the copy in tests/data/ocds must match them), else that copy.
OCDS="$TOP/tests/data/ocds"
SHARED="$TOP/../shared/data/ocds"
if [ -d "$SHARED" ]; then
	for f in release-package-schema.json release-schema-lots-bids.json; do
		cmp -s "$SHARED/$f" "$OCDS/$f" || fail "tests/data/ocds/$f differs from ../shared/data/ocds/$f"
	done
	OCDS=$SHARED
fi
/usr/bin/python3 "$TOP/tests/ocds_validate.py" "$OCDS" "$T/lot7/ocds.json" "$T/lot8/ocds.json" || fail "OCDS validity"
grep -q '"ocid": "ocds-a1b2c3-DCF-L8-2026-03"' "$T/lot8/ocds.json" || fail "--ocid-prefix is used"

# The report in headless Chromium.
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || { fail "chromium is not installed (tools/setup.sh installs it)"; exit "$fails"; }
render() { # NAME FILE: dump the DOM to $T/dom-NAME.html and the network log to $T/net-NAME.json
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --disable-quic --user-data-dir="$T/profile-$1" \
		--log-net-log="$T/net-$1.json" --dump-dom "file://$2" >"$T/dom-$1.html" 2>"$T/chromium-$1.log"
}
# Requests the page made (Chromium's own background requests have no origin), over a network scheme.
# A log that cannot be read prints "unreadable network log", so a broken check never passes.
page_requests() {
	/usr/bin/python3 - "$1" <<'PY' || echo "unreadable network log"
import json, sys
log = json.load(open(sys.argv[1]))
start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
for e in log["events"]:
    p = e.get("params", {})
    url = p.get("url", "")
    if e["type"] == start and url and p.get("initiator") != "not an origin" and not url.startswith(("file:", "data:")):
        print(url)
PY
}
# The check can fail: a control page that loads an image over the network is caught.
printf '<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png"></body></html>\n' >"$T/control.html"
render control "$T/control.html"
page_requests "$T/net-control.json" | grep -q "^http://127.0.0.1:9/x.png$" || fail "the network check sees a page's request"
for lot in lot7 lot8; do
	render "$lot" "$T/$lot/report.html" || fail "chromium renders $lot"
	grep -q '<section id="ranking">' "$T/dom-$lot.html" || fail "$lot: the page rendered: $(head -c 300 "$T/chromium-$lot.log")"
	grep -qi '<script' "$T/dom-$lot.html" && fail "$lot: no script in the page"
	[ -z "$(page_requests "$T/net-$lot.json")" ] || fail "$lot: loaded over the network: $(page_requests "$T/net-$lot.json")"
done
[ "$(grep -o '<tr class="bid ' "$T/dom-lot7.html" | wc -l)" -eq 7 ] || fail "lot 7: 7 ranking rows in the DOM"
[ "$(grep -o 'class="bar-quality" data-bid=' "$T/dom-lot7.html" | wc -l)" -eq 7 ] || fail "lot 7: 7 SVG bars"
[ "$(grep -o '<section class="scheme"' "$T/dom-lot8.html" | wc -l)" -eq 5 ] || fail "lot 8: one section per scheme"
grep -q 'Moved by the cap' "$T/dom-lot8.html" || fail "lot 8: the cap's moves are shown"

# Provisional until decided (issue 21), through selenium.
SHOTS=${3:-$(dirname "$CALLOFF")/tests/browser}
/usr/bin/python3 "$TOP/tests/browser/decisions_report.py" "$CALLOFF" "$TOP" "$SHOTS" ||
	fail "the provisional and the decided report in the browser"
# The challenge check's section (issue 22), through selenium.
/usr/bin/python3 "$TOP/tests/browser/challenge_report.py" "$CALLOFF" "$TOP" "$SHOTS" ||
	fail "the challenge section of the report in the browser"

finish reports
