"""The browser tests' common part: headless Chromium driven through chromedriver (Debian's chromium,
chromium-driver and python3-selenium), the checks' tally, the forms' exported files read back, and
the calloff commands run.

Each test makes its own temporary folder (removed at the end unless CO_KEEP is set) holding the
browser's profile and downloads, and stops the browser it started: its chromedriver and every
process whose command line names that profile, by process id.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

NS = "urn:calloff:panel:1"
MARKS_NS = "urn:calloff:marks:1"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

# Runs in every page before its own script (through the DevTools protocol, which the page's
# Content-Security-Policy does not govern): each violation of the policy is kept for the test.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || ''));
});
"""


class Tally:
    """Checks that can fail, counted; the test's exit status is 1 when any failed."""

    def __init__(self, name):
        self.name, self.failed, self.passed = name, 0, 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL: {what}", flush=True)
        return ok

    def equal(self, got, want, what):
        return self.check(got == want, f"{what}: got {got!r}, want {want!r}")

    def finish(self):
        print(f"{self.name}: {self.passed} checks passed, {self.failed} failed", flush=True)
        return 1 if self.failed else 0


class Workspace:
    """A temporary folder for one test, and the browser it starts (at most one at a time)."""

    def __init__(self, name):
        self.dir = tempfile.mkdtemp(prefix=f"calloff-{name}-")
        self.downloads = os.path.join(self.dir, "downloads")
        os.mkdir(self.downloads)
        self.driver = None
        self.profiles = 0

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def browser(self, width=1280, height=1400):
        """A new headless Chromium with a fresh profile (so a fresh localStorage), downloads to self.downloads."""
        self.close_browser()
        self.profiles += 1
        self.profile = self.path(f"profile-{self.profiles}")
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
                  "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage",
                  f"--window-size={width},{height}", f"--user-data-dir={self.profile}", "--lang=en-GB"):
            opts.add_argument(a)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        # Prompts (the warning before leaving a page with work not exported) are the test's to see.
        opts.set_capability("unhandledPromptBehavior", "ignore")
        opts.add_experimental_option("prefs", {"download.default_directory": self.downloads,
                                               "download.prompt_for_download": False,
                                               "safebrowsing.enabled": False})
        self.service = Service(CHROMEDRIVER, log_path=self.path(f"chromedriver-{self.profiles}.log"))
        self.driver = webdriver.Chrome(service=self.service, options=opts)
        self.driver.set_page_load_timeout(20)
        self.driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": self.downloads})
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})
        return self.driver

    def close_browser(self):
        if self.driver is None:
            return
        try:
            self.driver.quit()
        except Exception as e:  # the browser may be gone already; its processes are reaped below
            print(f"note: quitting the browser: {e}", flush=True)
        self.driver = None
        reap(self.profile)

    def close(self):
        self.close_browser()
        if os.environ.get("CO_KEEP"):
            print(f"kept {self.dir}", flush=True)
        else:
            shutil.rmtree(self.dir, ignore_errors=True)


def reap(profile):
    """Stop, by process id, every process left whose command line names this test's profile."""
    for _ in range(20):
        left = []
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    cmd = f.read()
            except OSError:
                continue
            if f"--user-data-dir={profile}".encode() in cmd:
                left.append(int(pid))
        if not left:
            return
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.1)


def open_form(t, driver, path):
    """Open a form from file:// and wait until its script has run; False when it did not."""
    driver.get("file://" + os.path.abspath(path))
    try:
        WebDriverWait(driver, 10).until(lambda d: d.execute_script(
            "var f = document.getElementById('form'); return f && f.classList.contains('ready');"))
        return True
    except TimeoutException:
        t.check(False, f"{path}: the form's script ran (violations: {violations(driver)})")
        return False


def violations(driver):
    """The Content-Security-Policy violations the page met, and the browser log's lines that name the policy."""
    found = list(driver.execute_script("return window.__violations || [];"))
    for entry in driver.get_log("browser"):
        if "Content Security Policy" in entry.get("message", ""):
            found.append(entry["message"])
    return found


def wait_download(t, directory, name, timeout=10):
    """The bytes of the file the browser downloaded as name, once complete; None (a failed check) when it never came."""
    path = os.path.join(directory, name)
    end = time.time() + timeout
    while time.time() < end:
        partial = [f for f in os.listdir(directory) if f.endswith(".crdownload")]
        if os.path.exists(path) and not partial:
            with open(path, "rb") as f:
                return f.read()
        time.sleep(0.05)
    t.check(False, f"{name} was downloaded (the folder holds {os.listdir(directory)})")
    return None


def run(t, args, what, expect=(0,), stdin=None):
    """Run a command; its stdout (text), or None (a failed check) when its status is not one of expect."""
    p = subprocess.run(args, capture_output=True, text=True, input=stdin, timeout=60)
    if not t.check(p.returncode in expect, f"{what}: exit {p.returncode}, want {expect}\n{p.stderr}"):
        return None
    return p.stdout


def schema_valid(t, top, path, what):
    """Check the file against the panel files' schema (bids/panel.xsd) with xmllint, when the schema is there."""
    xsd = os.path.join(top, "bids", "panel.xsd")
    if not os.path.exists(xsd):
        print(f"note: {xsd} is not there: {what} not checked against the schema", flush=True)
        return
    p = subprocess.run(["xmllint", "--noout", "--nonet", "--schema", xsd, path], capture_output=True, text=True)
    t.check(p.returncode == 0, f"{what} is valid against panel.xsd: {p.stderr}")


def labels(panel_dir):
    """The chair's key in the panel's plan: label to bid id."""
    with open(os.path.join(panel_dir, "panel.json"), encoding="utf-8") as f:
        plan = json.load(f)
    return {r["label"]: r["bid"] for r in plan["responses"]}


def marks_xml(competition, evaluators, entries):
    """A marks file (FORMATS section 3) written by hand: entries maps (bid, question) to a list of
    (evaluator, value, rationale) and optionally a ("moderated", value, reason)."""
    def esc(s):
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<marks xmlns="{MARKS_NS}" competition="{competition}">']
    out += [f'  <evaluator id="{e}"/>' for e in evaluators]
    for bid in sorted({b for b, _ in entries}):
        out.append(f'  <bid ref="{bid}">')
        for (b, q), marks in sorted(entries.items()):
            if b != bid:
                continue
            out.append(f'    <question ref="{q}">')
            for who, value, text in marks:
                if who == "moderated":
                    out.append(f'      <moderated value="{value}">{esc(text)}</moderated>')
                else:
                    out.append(f'      <mark evaluator="{who}" value="{value}">{esc(text)}</mark>')
            out.append("    </question>")
        out.append("  </bid>")
    out.append("</marks>")
    return "\n".join(out) + "\n"


def read_marks(path):
    """A marks file's entries: (bid, question) to {evaluator, "moderated" or "feedback": (value, text)}."""
    root = ET.parse(path).getroot()
    got = {}
    for bid in root.iter(f"{{{MARKS_NS}}}bid"):
        for q in bid.iter(f"{{{MARKS_NS}}}question"):
            d = got.setdefault((bid.get("ref"), q.get("ref")), {})
            for m in q:
                who = m.get("evaluator") if m.tag == f"{{{MARKS_NS}}}mark" else m.tag.split("}")[1]
                d[who] = (m.get("value"), m.text or "")
    return got


def screenshot(t, driver, path, at=None):
    """Save a screenshot of the window (1280 x 1600), scrolled to the top or to element at, and say where."""
    driver.set_window_size(1280, 1600)
    if at is None:
        driver.execute_script("window.scrollTo(0, 0);")
    else:
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'});", at)
    t.check(driver.save_screenshot(path), f"a screenshot saved to {path}")
    print(f"screenshot: {path}", flush=True)


def main(name, body):
    """Run body(t, ws) with a tally and a workspace, cleaning up whatever happens; exit with the tally's status."""
    t = Tally(name)
    ws = Workspace(name)
    try:
        body(t, ws)
    except Exception as e:
        import traceback
        traceback.print_exc()
        t.check(False, f"the test ran to its end ({type(e).__name__}: {e})")
    finally:
        ws.close()
    sys.exit(t.finish())
