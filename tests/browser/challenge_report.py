"""report.html's challenge section in headless Chromium (issue 22): would the award change without a losing bid?

The lot of tests/test_challenge.c built by hand (top_n, n = 1, lowest_ratio, quality 50, price 50,
P1 and P2 25 points each): A and B both mark 4, A bids P1 100.00, P2 160.00; B 200.00 and 100.00;
C marks 1 and bids 50.00 and 300.00, the lowest P1. With C, B wins (71.25 against A's 68.125);
without C the lowest P1 is 100.00 and A wins (80.625 against 77.5). The page must say so in one
visible sentence in its own section, between the analytics and the bids not in the ranking, with
no Content-Security-Policy violation; a screenshot of the section is saved.

A second lot, the review's (top_n, n = 1, one scored item, abnormally_low 25%): A 110, Z 76, X 58,
Y 100, all marked alike, and decision D1 rejects X. With every bid the median is 88 and the bar 66,
so X is flagged and rejected, and Z wins; without Y (or A) the median is 76 and the bar 57, X is no
longer flagged and D1 would no longer fit. The section must say the check cannot say for Y and A,
and never that no bid changes the award.

usage: challenge_report.py CALLOFF TOP_SRCDIR [SCREENSHOT_DIR]
"""
import os
import sys

from selenium.webdriver.common.by import By

import formdriver as fd

RULES = """calloff: 1
competition: {id: T-1, lot: {id: "1"}, deadline: 2026-12-01T12:00:00Z}
scale: {marks: [0, 1, 2, 3, 4, 5]}
award: {mode: top_n, n: 1}
weights: {quality: 50, price: 50}
moderation: {consensus: mean, flag_range: 5}
questions:
  - {id: Q1, weight: 100}
prices:
  - {id: P1, max: 1000.00, weight: 50}
  - {id: P2, max: 1000.00, weight: 50}
price_scoring: lowest_ratio
"""

BIDS = {"A": ("100.00", "160.00", 4), "B": ("200.00", "100.00", 4), "C": ("50.00", "300.00", 1)}


LOW_RULES = """calloff: 1
competition: {id: T-1, lot: {id: "1"}, deadline: 2026-12-01T12:00:00Z}
scale: {marks: [0, 1, 2, 3, 4, 5]}
award: {mode: top_n, n: 1}
weights: {quality: 50, price: 50}
moderation: {consensus: mean, flag_range: 5}
questions:
  - {id: Q1, weight: 100}
prices:
  - {id: P1, max: 1000.00, weight: 100}
price_scoring: lowest_ratio
abnormally_low: {below_median_percent: 25}
"""

LOW_BIDS = {"A": "110.00", "Z": "76.00", "X": "58.00", "Y": "100.00"}

LOW_DECISIONS = """calloff-decisions: 1
competition: T-1
decisions:
  - id: D1
    kind: abnormally_low
    bid: X
    outcome: rejected
    by: "A. Officer, Category Manager"
    at: 2026-12-03T10:00:00Z
    reason: "The price cannot cover the statutory minimum wage."
"""


def bid_xml(bid, p1, p2=None):
    p2 = f'<price item="P2">{p2}</price>' if p2 else ""
    return (f'<?xml version="1.0"?>\n<bid xmlns="urn:calloff:bid:1" id="{bid}" competition="T-1">\n'
            f'  <supplier id="GB-COH-0000000{bid}"><name>Supplier {bid}</name></supplier>\n'
            f'  <submitted>2026-11-28T10:00:00Z</submitted>\n'
            f'  <responses><response question="Q1">A clear answer.</response></responses>\n'
            f'  <prices><price item="P1">{p1}</price>{p2}</prices>\n</bid>\n')


def low_lot(t, ws, calloff):
    """The review's lot: the check cannot say for Y and A, and the page never says no bid changes the award."""
    os.makedirs(ws.path("low", "bids"), exist_ok=True)
    with open(ws.path("low", "rules.yaml"), "w", encoding="utf-8") as f:
        f.write(LOW_RULES)
    with open(ws.path("low", "decisions.yaml"), "w", encoding="utf-8") as f:
        f.write(LOW_DECISIONS)
    entries = {}
    for bid, p1 in LOW_BIDS.items():
        with open(ws.path("low", "bids", bid.lower() + ".xml"), "w", encoding="utf-8") as f:
            f.write(bid_xml(bid, p1))
        entries[(bid, "Q1")] = [("E1", 3, "note"), ("E2", 3, "note")]
    with open(ws.path("low", "marks.xml"), "w", encoding="utf-8") as f:
        f.write(fd.marks_xml("T-1", ["E1", "E2"], entries))
    if fd.run(t, [calloff, "evaluate", ws.path("low", "rules.yaml"), ws.path("low", "bids"), "--marks",
                  ws.path("low", "marks.xml"), "--decisions", ws.path("low", "decisions.yaml"), "-o",
                  ws.path("low", "out")], "evaluate the review's lot") is None:
        return
    driver = ws.browser()
    driver.get("file://" + ws.path("low", "out", "report.html"))
    section = driver.find_elements(By.ID, "challenge")
    if t.check(len(section) == 1, "the review's lot: the report has the challenge section"):
        items = [li.text for li in section[0].find_elements(By.CSS_SELECTOR, "li.challenge-undetermined")]
        t.equal([i.split(",")[0] for i in items], ["Without Y", "Without A"], "Y and A are checked, by rank")
        t.check(all("moves the abnormally-low median of P1 from 88.00 to 76.00" in i for i in items),
                f"each names the median it moves: {items}")
        t.check(all("the check cannot say" in i for i in items), "and that the check cannot say")
        none = [p.text for p in section[0].find_elements(By.CSS_SELECTOR, "p.challenge-none")]
        t.check(not any(p == "No bid that did not win changes the award." for p in none),
                f"never that no bid changes the award: {none}")
    t.equal(fd.violations(driver), [], "the review's lot: no Content-Security-Policy violation")
    ws.close_browser()


def body(t, ws):
    calloff = os.path.abspath(sys.argv[1])
    shots = os.path.abspath(sys.argv[3]) if len(sys.argv) > 3 else ws.dir
    os.makedirs(shots, exist_ok=True)
    os.makedirs(ws.path("bids"), exist_ok=True)
    with open(ws.path("rules.yaml"), "w", encoding="utf-8") as f:
        f.write(RULES)
    entries = {}
    for bid, (p1, p2, mark) in BIDS.items():
        with open(ws.path("bids", bid.lower() + ".xml"), "w", encoding="utf-8") as f:
            f.write(bid_xml(bid, p1, p2))
        entries[(bid, "Q1")] = [("E1", mark, "note"), ("E2", mark, "note")]
    with open(ws.path("marks.xml"), "w", encoding="utf-8") as f:
        f.write(fd.marks_xml("T-1", ["E1", "E2"], entries))
    if fd.run(t, [calloff, "evaluate", ws.path("rules.yaml"), ws.path("bids"), "--marks", ws.path("marks.xml"),
                  "-o", ws.path("out")], "evaluate the lot built by hand") is None:
        return

    driver = ws.browser()
    driver.get("file://" + ws.path("out", "report.html"))
    section = driver.find_elements(By.ID, "challenge")
    if t.check(len(section) == 1, "the report has the challenge section"):
        s = section[0]
        t.check(s.is_displayed(), "the section is visible")
        t.equal(s.find_element(By.TAG_NAME, "h2").text, "Would the award change without a losing bid?", "its title")
        items = [li.text for li in s.find_elements(By.CSS_SELECTOR, "li.challenge-changes")]
        t.equal(items, ["Without C, which sets the lowest P1 price (50.00), A would be awarded instead of B."],
                "the one losing bid that sets a lowest price, in words")
        t.equal(s.find_elements(By.CSS_SELECTOR, "p.challenge-none"), [], "no 'no change' line when one changes it")
        excluded = driver.find_element(By.ID, "excluded")
        t.check(s.location["y"] < excluded.location["y"], "it comes before the bids not in the ranking")
        t.check(s.location["y"] > driver.find_element(By.ID, "ranking").location["y"], "and after the ranking")
    awarded = [r.get_attribute("data-bid") for r in driver.find_elements(By.CSS_SELECTOR, "tr.bid.awarded")]
    t.equal(awarded, ["B"], "the award stays B's: the check changes nothing")
    t.equal(fd.violations(driver), [], "no Content-Security-Policy violation")
    fd.screenshot(t, driver, os.path.join(shots, "report-challenge.png"), at=section[0] if section else None)
    ws.close_browser()
    low_lot(t, ws, calloff)


if __name__ == "__main__":
    fd.main("challenge_report", body)
