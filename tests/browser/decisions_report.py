"""report.html before and after the officer's decisions, in headless Chromium (issue 21).

Lot 7 under at_boundary: report leaves B-L7-010 and B-L7-011 tied at 5th. Evaluated without a
decisions file, the award is provisional: exit 3, the report opens with a banner listing what is
open, no summaries are written and no ocds.json either (a contract award notice follows the
summaries), evaluate saying why on stderr. With a decisions file
that awards B-L7-010 and signs off the moderation, the same command exits 0 and the report shows
no banner and a Decisions section. Both pages are checked as a reader sees them (visible, in
words, the free text escaped, no Content-Security-Policy violation) and a screenshot of each is
saved.

usage: decisions_report.py CALLOFF TOP_SRCDIR [SCREENSHOT_DIR]
"""
import json
import os
import subprocess
import sys

from selenium.webdriver.common.by import By

import formdriver as fd

DECISIONS = """calloff-decisions: 1
competition: DCF-L7-2026-01
decisions:
  - id: D1
    kind: tie
    award: [B-L7-010]
    by: "A. Officer, Category Manager"
    at: 2026-12-03T10:00:00Z
    reason: "Chosen by lot in the presence of two witnesses <b>(file note 14)</b> & recorded."
  - id: M1
    kind: moderation
    by: "P. Chair, Panel Chair"
    at: 2026-12-02T16:30:00Z
    reason: "The panel met on 2 December and confirmed every consensus mark, B-L7-009's Q6 included."
"""


def body(t, ws):
    calloff, top = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    shots = os.path.abspath(sys.argv[3]) if len(sys.argv) > 3 else ws.dir
    os.makedirs(shots, exist_ok=True)
    with open(os.path.join(top, "rules", "dorset-lot7-live-in-care.yaml"), encoding="utf-8") as f:
        rules = f.read()
    t.check("at_boundary: admit_all" in rules, "the lot 7 rules admit all at the boundary")
    with open(ws.path("report.yaml"), "w", encoding="utf-8") as f:
        f.write(rules.replace("at_boundary: admit_all", "at_boundary: report"))
    with open(ws.path("decisions.yaml"), "w", encoding="utf-8") as f:
        f.write(DECISIONS)
    args = [calloff, "evaluate", ws.path("report.yaml"), os.path.join(top, "bids", "lot7"),
            "--marks", os.path.join(top, "bids", "marks", "dorset-lot7-marks.xml")]

    # Provisional: exit 3, no letters, no contract award notice, and evaluate says why.
    p = subprocess.run(args + ["-o", ws.path("open")], capture_output=True, text=True, timeout=60)
    if not t.check(p.returncode == 3, f"evaluate, the tie open: exit {p.returncode}, want 3\n{p.stderr}"):
        return
    letters = os.path.join(ws.path("open"), "summaries")
    t.check(not os.path.isdir(letters) or not os.listdir(letters), "no summary is written while provisional")
    t.check(not os.path.exists(ws.path("open", "ocds.json")), "no ocds.json (contract award notice) while provisional")
    t.check("so neither the assessment summaries nor ocds.json (the contract award notice) are written" in p.stderr,
            f"evaluate says why no notice is written: {p.stderr}")
    with open(ws.path("open", "result.json"), encoding="utf-8") as f:
        result = json.load(f)
    t.equal(result["final"], False, "result.json says it is not final")
    t.equal(result["open"], [{"kind": "tie", "places": 1, "bids": ["B-L7-010", "B-L7-011"]}], "what is open")

    # Decided: the same command with the decisions file, exit 0.
    if fd.run(t, args + ["--decisions", ws.path("decisions.yaml"), "-o", ws.path("decided")],
              "evaluate with the decisions file", expect=(0,)) is None:
        return
    t.check(len(os.listdir(ws.path("decided", "summaries"))) > 0, "the letters are written once decided")
    with open(ws.path("decided", "ocds.json"), encoding="utf-8") as f:
        release = json.load(f)["releases"][0]
    t.equal([a["status"] for a in release["awards"]], ["pending"], "the OCDS award once decided: the standstill runs")
    t.equal(release["tender"]["status"], "active", "the OCDS tender once decided")

    driver = ws.browser()
    driver.get("file://" + ws.path("open", "report.html"))
    banner = driver.find_elements(By.ID, "provisional")
    if t.check(len(banner) == 1, "the provisional report has its banner"):
        b = banner[0]
        t.check(b.is_displayed(), "the banner is visible")
        t.check(b.location["y"] < driver.find_element(By.ID, "award").location["y"], "the banner comes before the award")
        items = [li.text for li in b.find_elements(By.CSS_SELECTOR, "li.open-item")]
        t.equal(len(items), 1, "one open item")
        t.check(items and items[0].startswith("B-L7-010 and B-L7-011 are tied at rank 5 for the 1 place left in the top 5"),
                f"the open tie in words: {items}")
        t.check("Provisional" in b.find_element(By.TAG_NAME, "h2").text, "the banner says provisional")
        colour = b.value_of_css_property("border-left-color")
        t.check(colour not in ("", "rgba(0, 0, 0, 0)"), f"the banner stands out ({colour})")
    t.equal(driver.find_elements(By.ID, "decisions"), [], "no Decisions section without a decisions file")
    t.equal(fd.violations(driver), [], "no Content-Security-Policy violation (provisional)")
    fd.screenshot(t, driver, os.path.join(shots, "report-provisional.png"))

    driver.get("file://" + ws.path("decided", "report.html"))
    t.equal(driver.find_elements(By.ID, "provisional"), [], "no banner once decided")
    section = driver.find_elements(By.ID, "decisions")
    if t.check(len(section) == 1, "the decided report has a Decisions section"):
        s = section[0]
        t.check(s.is_displayed(), "the Decisions section is visible")
        rows = s.find_elements(By.CSS_SELECTOR, "tr.decision")
        t.equal([r.get_attribute("data-decision") for r in rows], ["D1", "M1"], "one row per decision, in file order")
        if rows:
            cells = [c.text for c in rows[0].find_elements(By.TAG_NAME, "td")]
            t.equal(cells, ["D1 tie", "awards B-L7-010", "A. Officer, Category Manager", "2026-12-03T10:00:00Z",
                            "Chosen by lot in the presence of two witnesses <b>(file note 14)</b> & recorded."],
                    "the tie decision: who, when, why and what it did, the markup shown as text")
        t.equal(s.find_elements(By.TAG_NAME, "b"), [], "the reason's markup is text, not an element")
    awarded = [r.get_attribute("data-bid") for r in driver.find_elements(By.CSS_SELECTOR, "tr.bid.awarded")]
    t.check("B-L7-010" in awarded and "B-L7-011" not in awarded, f"B-L7-010 awarded, B-L7-011 not: {awarded}")
    signed = driver.find_elements(By.CSS_SELECTOR, "tr[data-bid='B-L7-009'] .tag.signed-off")
    t.check(len(signed) == 1 and signed[0].is_displayed(), "the sign-off is beside B-L7-009's moderation flag")
    t.equal(fd.violations(driver), [], "no Content-Security-Policy violation (decided)")
    fd.screenshot(t, driver, os.path.join(shots, "report-decided.png"), at=section[0] if section else None)
    ws.close_browser()


if __name__ == "__main__":
    fd.main("decisions_report", body)
