#!/usr/bin/env bash
# Benchmark of report.html in a browser (issue 19): generates competitions of 1,000 and 10,000
# bids with genbids (seed 1), evaluates each with -o, and drives headless Chromium over its
# DevTools pipe (no extra package: Python's standard library) to measure
#  (a) the first screen: from navigating to the report to a screenshot of the first screen taken
#      after its load event, median of 3, for 1k and 10k (the browser is started once, outside);
#  (b) printing the 10k report to PDF (Page.printToPDF, Chromium's defaults, tagged PDF included),
#      from navigating to the PDF's bytes.
# Targets: 10k first screen at most 1.5x the 1k one; the 10k PDF in under 30 s. Exit 1 when one
# is missed. Keeps the screenshots and the PDF in $KEEP (default: a temporary folder, removed).
# usage: tools/bench/report_html.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || { echo "report_html.sh: chromium is missing (tools/setup.sh installs it)" >&2; exit 2; }
tools/build.sh "$build" >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${KEEP:-$work}
mkdir -p "$out"

cat >"$work/cdp.py" <<'PY'
import base64, json, os, statistics, subprocess, sys, time

class Browser:
    """Headless Chromium driven over --remote-debugging-pipe (fd 3: commands in, fd 4: replies out)."""
    def __init__(self, chromium, profile):
        r1, w1 = os.pipe()
        r2, w2 = os.pipe()
        def fds():
            os.dup2(r1, 3)
            os.dup2(w2, 4)
        self.p = subprocess.Popen([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
            "--remote-debugging-pipe", "--user-data-dir=" + profile, "--window-size=1280,900", "about:blank"],
            preexec_fn=fds, pass_fds=(3, 4), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(r1)
        os.close(w2)
        self.w, self.r = os.fdopen(w1, "wb", buffering=0), os.fdopen(r2, "rb", buffering=0)
        self.buf, self.id, self.events = b"", 0, []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable", page=True)

    def recv(self):
        while b"\0" not in self.buf:
            chunk = self.r.read(1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed its DevTools pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, page=False, **params):
        self.id += 1
        msg = {"id": self.id, "method": method, "params": params}
        if page:
            msg["sessionId"] = self.session
        self.w.write(json.dumps(msg).encode() + b"\0")
        while True:
            m = self.recv()
            if m.get("id") == self.id:
                if "error" in m:
                    raise RuntimeError(method + ": " + json.dumps(m["error"]))
                return m["result"]
            self.events.append(m)

    def load(self, url, timeout=600):
        """Navigate to url and wait for its load event."""
        self.events.clear()
        self.call("Page.navigate", page=True, url=url)
        end = time.monotonic() + timeout
        while True:
            while self.events:
                if self.events.pop(0).get("method") == "Page.loadEventFired":
                    return
            if time.monotonic() > end:
                raise RuntimeError("no load event for " + url)
            self.events.append(self.recv())

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        self.p.wait(timeout=30)

def timed(b, url, finish):
    b.load("about:blank", 60)
    t0 = time.monotonic()
    b.load(url)
    data = finish()
    return time.monotonic() - t0, base64.b64decode(data)

chromium, profile, what, url, keep = sys.argv[1:6]
b = Browser(chromium, profile)
try:
    if what == "screen":
        runs = [timed(b, url, lambda: b.call("Page.captureScreenshot", page=True, format="png")["data"]) for _ in range(3)]
        open(keep, "wb").write(runs[-1][1])
        ts = [t for t, _ in runs]
        print("%.3f (runs: %s)" % (statistics.median(ts), ", ".join("%.3f" % t for t in ts)))
    else:
        t, data = timed(b, url, lambda: b.call("Page.printToPDF", page=True)["data"])
        open(keep, "wb").write(data)
        print("%.3f" % t)
finally:
    b.close()
PY

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "browser: $("$CHROMIUM" --version 2>/dev/null | head -1)"
declare -A screen
for n in 1000 10000; do
	dir="$work/gen$n"
	"$build/genbids" "$dir" "$n" 1 >/dev/null
	"$build/calloff" evaluate "$dir/rules.yaml" "$dir/bids" --marks "$dir/marks.xml" -o "$work/out$n" >/dev/null || {
		rc=$?
		[ "$rc" -eq 3 ] || { echo "report_html.sh: evaluate of $n bids failed ($rc)" >&2; exit 2; }
	}
	report="$work/out$n/report.html"
	line=$(python3 "$work/cdp.py" "$CHROMIUM" "$work/profile" screen "file://$report" "$out/first-screen-$n.png")
	screen[$n]=${line%% *}
	printf '%6s bids: report.html %s bytes; first screen %s s\n' "$n" "$(stat -c %s "$report")" "$line"
done
pdf=$(python3 "$work/cdp.py" "$CHROMIUM" "$work/profile" pdf "file://$work/out10000/report.html" "$out/report-10000.pdf")
echo " 10000 bids: PDF $pdf s, $(stat -c %s "$out/report-10000.pdf") bytes"
ratio=$(awk -v a="${screen[10000]}" -v b="${screen[1000]}" 'BEGIN { printf "%.2f", a / b }')
fails=0
if awk -v r="$ratio" 'BEGIN { exit !(r <= 1.5) }'; then
	echo "first screen, 10k / 1k: ${ratio}x (target: at most 1.5x): met"
else
	echo "first screen, 10k / 1k: ${ratio}x (target: at most 1.5x): MISSED"
	fails=1
fi
if awk -v t="$pdf" 'BEGIN { exit !(t < 30) }'; then
	echo "PDF of the 10k report: $pdf s (target: under 30 s): met"
else
	echo "PDF of the 10k report: $pdf s (target: under 30 s): MISSED"
	fails=1
fi
exit "$fails"
