#!/usr/bin/python3
"""The moderation form in a real browser (issue 20), end to end.

usage: moderation_form.py CALLOFF TOP_SRCDIR [SHOTS_DIR]

Lot 8 (consensus `moderated`, flag_range 2) is prepared for E1 and E2; their marks files are
written here in the marking form's format, some marks 2 or more apart, and merged. The moderation
form made by `calloff panel moderation` is opened from file:// in headless Chromium: the
disagreements come first, and every evaluator's mark and rationale is shown as written. A
consensus without a reason is refused at its field and blocks the export; a consensus and the
panel's reason are then recorded for every answer through the page, the page reloaded and checked,
the moderation exported, merged, and `calloff evaluate --json` on the result must equal the same on
the marks written by hand with their <moderated> entries; each reason must be in the merged file as
typed (trimmed). The panel's feedback to the supplier is typed for some answers (issue 22): it
survives the reload, is exported after its entry, merged as <feedback>, and filled in again. A
moderation form made again from the merged marks has each consensus filled in.
"""
import json
import os
import sys
import time
import xml.etree.ElementTree as ET

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True  # nothing written into the source tree
import formdriver as fd  # noqa: E402
from marking_form import active_id, click, reload, trimmed, type_text, warns_before_leaving  # noqa: E402

REASONS = [
    "Panel agreed: R&R <evidence> \"strong\" & 'clear' \U0001F44D",
    "Two lines\nof the panel's reason",
    "  Spaces around, trimmed  ",
    "CDATA ]]> and &amp; as written",
]


def marks_of(i):
    """E1's and E2's marks of the i-th answer, their rationales, and the consensus the panel gives."""
    e1, e2 = [(2, 5), (3, 4), (4, 4), (5, 2), (3, 3), (1, 4)][i % 6]
    r1 = ["E1: thin on detail & <no> evidence", "E1 \u00e9 \"ok\"", "", "E1: excellent\nsecond line"][i % 4]
    r2 = f"E2 on answer {i + 1}: \U0001F600 'quoted'"
    return e1, e2, r1, r2, [4, 3, 4, 3, 3, 2][i % 6], REASONS[i % len(REASONS)]


def evaluator_file(comp, ev, pack, entries):
    """An evaluator's marks file in the marking form's format (what its export writes)."""
    def esc(s, attr=False):
        s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return s.replace('"', "&quot;") if attr else s
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<evaluator-marks xmlns="{fd.NS}" competition="{comp}" evaluator="{ev}" pack="{pack}">']
    for label, q, digest, value, text in entries:
        out.append(f'  <mark response="{esc(label, True)}" question="{q}" digest="{digest}" value="{value}">{esc(text)}</mark>')
    out.append("</evaluator-marks>")
    return "\n".join(out) + "\n"


def items_shown(driver):
    """Each item of the form: label, question, digest, seen, disagree, [(evaluator, mark, rationale shown)], mark, reason."""
    return driver.execute_script("""
        return Array.prototype.map.call(document.querySelectorAll('.item'), function (it) {
          return [it.dataset.response, it.dataset.question, it.dataset.digest, it.dataset.seen,
                  it.classList.contains('disagree'),
                  Array.prototype.map.call(it.querySelectorAll('tr[data-evaluator]'), function (tr) {
                    var c = tr.querySelector('td.text');
                    return [tr.dataset.evaluator, tr.dataset.mark, c ? c.textContent : ''];
                  }),
                  it.querySelector('select').value, it.querySelector('textarea').value];
        });""")


def reason_required(t, ws, driver):
    """A consensus mark without a reason is refused at its field, and nothing is exported."""
    it = driver.find_elements(By.CSS_SELECTOR, ".item")[0]
    sel = it.find_element(By.TAG_NAME, "select")
    click(driver, sel)
    Select(sel).select_by_value("3")
    problem = it.find_element(By.CSS_SELECTOR, ".problem")
    t.check(problem.is_displayed() and "reason" in problem.text and "required" in problem.text,
            f"a consensus without a reason is refused at its field: {problem.text!r}")
    driver.find_element(By.ID, "export").click()
    time.sleep(0.3)
    t.equal(os.listdir(ws.downloads), [], "nothing is exported while a consensus has no reason")
    t.equal(active_id(driver), it.find_element(By.TAG_NAME, "textarea").get_attribute("id"), "the reason's box has the focus")
    Select(sel).select_by_value("")
    t.check(not problem.is_displayed(), "no consensus, no reason needed")


def moderate_everything(t, driver, want, keyboard=4):
    """Record the consensus and the reason of every item through the page: the first by keyboard
    (the mark's digit typed on the selector, Tab, the reason), the others by clicking and typing."""
    items = driver.execute_script("""
        return Array.prototype.map.call(document.querySelectorAll('.item'), function (it) {
          return [it.querySelector('select'), it.querySelector('textarea'), it.dataset.response, it.dataset.question];
        });""")
    done = {}
    for n, (sel, box, label, q) in enumerate(items):
        value, reason = want[(label, q)]
        if n < keyboard:
            click(driver, sel)
            sel.send_keys(Keys.ESCAPE)  # the list the click opened is closed; the selector keeps the focus
            sel.send_keys(str(value))
            t.equal(sel.get_attribute("value"), str(value), f"{label} {q}: the typed digit chooses the consensus")
            sel.send_keys(Keys.TAB)
            t.equal(active_id(driver), box.get_attribute("id"), f"{label} {q}: Tab goes on to the reason")
            type_text(driver, driver.switch_to.active_element, reason)
        else:
            click(driver, sel)
            Select(sel).select_by_value(str(value))
            click(driver, box)
            type_text(driver, box, reason)
        done[(label, q)] = (str(value), reason)
    return done


FEEDBACK = [
    "Your matching process is clear & <person-led>.\nSay when a replacement carer starts. \U0001F44D",
    "  Working-time records were not described.  ",
]


def feedback_shown(driver):
    """{(label, question): the feedback box's value} of every item of the form."""
    return {(l, q): v for l, q, v in driver.execute_script("""
        return Array.prototype.map.call(document.querySelectorAll('.item'), function (it) {
          return [it.dataset.response, it.dataset.question, it.querySelector('textarea.feedback').value];
        });""")}


def give_feedback(t, driver):
    """Type the panel's feedback to the supplier into every third item's feedback box; what was typed."""
    boxes = driver.execute_script("""
        return Array.prototype.map.call(document.querySelectorAll('.item'), function (it) {
          return [it.querySelector('textarea.feedback'), it.dataset.response, it.dataset.question];
        });""")
    given = {}
    for n, (box, label, q) in enumerate(boxes):
        if n % 3:
            continue
        click(driver, box)
        text = FEEDBACK[(n // 3) % len(FEEDBACK)]
        type_text(driver, box, text)
        given[(label, q)] = text
    t.check(len(given) > 1, "feedback given for some answers")
    return given


def body(t, ws):
    calloff, top = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    shots = os.path.abspath(sys.argv[3]) if len(sys.argv) > 3 else ws.dir
    os.makedirs(shots, exist_ok=True)
    rules = os.path.join(top, "rules", "dorset-lot8-extra-care.yaml")
    bids = os.path.join(top, "bids", "lot8")
    panel, marks = ws.path("panel"), ws.path("marks.xml")
    if fd.run(t, [calloff, "panel", "prepare", rules, bids, "--evaluators", "E1,E2", "--seed", "3", "-o", panel],
              "panel prepare") is None:
        return
    with open(os.path.join(panel, "panel.json"), encoding="utf-8") as f:
        plan = json.load(f)
    comp, key = plan["competition"], {r["label"]: r["bid"] for r in plan["responses"]}
    packs = {e["id"]: e["pack"] for e in plan["evaluators"]}

    # E1's and E2's marks, as their forms would export them, merged.
    answers = [(r["label"], a["question"], a["digest"]) for r in plan["responses"] for a in r["answers"]]
    given = {(l, q): marks_of(i) for i, (l, q, _) in enumerate(answers)}
    files = []
    for ev, k in (("E1", 0), ("E2", 1)):
        path = ws.path(f"{ev}-marks.xml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(evaluator_file(comp, ev, packs[ev], [(l, q, d, given[(l, q)][k], given[(l, q)][k + 2]) for l, q, d in answers]))
        fd.schema_valid(t, top, path, f"{ev}'s marks written here")
        files.append(path)
    if fd.run(t, [calloff, "panel", "merge", rules, panel, *files, "--marks", marks], "panel merge of E1 and E2") is None:
        return
    form = ws.path("moderation.html")
    if fd.run(t, [calloff, "panel", "moderation", rules, panel, "--marks", marks, "-o", form], "panel moderation") is None:
        return

    driver = ws.browser()
    if not fd.open_form(t, driver, form):
        return
    root = driver.find_element(By.ID, "form")
    t.equal((root.get_attribute("data-competition"), root.get_attribute("data-plan")), (comp, plan["digest"]), "the form's plan")
    store = root.get_attribute("data-store")
    t.equal(store, f"calloff-moderation:{comp}:{plan['digest']}", "the storage key")
    shown = items_shown(driver)
    t.equal(len(shown), len(answers), "one item per answer marked")
    flags = [s[4] for s in shown]
    t.check(flags == sorted(flags, reverse=True), "the disagreements come first")
    spread = {(l, q) for (l, q), g in given.items() if abs(g[0] - g[1]) >= 2}
    t.equal({(s[0], s[1]) for s in shown if s[4]}, spread, "exactly the answers whose marks are 2 or more apart are flagged")
    t.check(len(spread) > 0 and len(spread) < len(answers), "some answers are flagged and some are not")
    digests = {(l, q): d for l, q, d in answers}
    for label, q, digest, seen, _, rows, _, _ in shown:
        g = given[(label, q)]
        t.equal(digest, digests[(label, q)], f"{label} {q}: the response's digest")
        t.check(seen.startswith("sha256:") and len(seen) == 71, f"{label} {q}: the digest of the marks seen")
        t.equal(rows, [["E1", str(g[0]), trimmed(g[2])], ["E2", str(g[1]), trimmed(g[3])]],
                f"{label} {q}: each evaluator's mark and rationale, as written")
    t.equal(len(driver.find_elements(By.CSS_SELECTOR, ".item.disagree .flag")), len(spread), "each disagreement is marked")
    fd.screenshot(t, driver, os.path.join(shots, "moderation-form.png"))

    reason_required(t, ws, driver)
    want = {(l, q): (g[4], g[5]) for (l, q), g in given.items()}
    start = time.time()
    done = moderate_everything(t, driver, want)
    print(f"moderated {len(done)} answers in {time.time() - start:.1f} s", flush=True)
    feedback = give_feedback(t, driver)
    t.equal(driver.find_element(By.ID, "n-marks").text, str(len(answers)), "the progress counts every consensus")
    t.equal(driver.find_element(By.ID, "n-flagged").text, str(len(spread)), "and every disagreement settled")
    t.check(warns_before_leaving(driver), "the page warns before it is left with the moderation not exported")
    reload(driver)
    after = items_shown(driver)
    t.equal({(s[0], s[1]): (s[6], s[7]) for s in after}, done, "every consensus and reason survived the reload")
    t.equal({k: v for k, v in feedback_shown(driver).items() if v}, feedback, "and every feedback")
    t.equal(fd.violations(driver), [], "no Content-Security-Policy violation")
    fd.screenshot(t, driver, os.path.join(shots, "moderation-form-done.png"))

    driver.find_element(By.ID, "export").click()
    raw = fd.wait_download(t, ws.downloads, "moderation.xml")
    if raw is None:
        return
    t.check(not warns_before_leaving(driver), "no warning once the moderation is exported")
    path = ws.path("moderation.xml")
    with open(path, "wb") as f:
        f.write(raw)
    fd.schema_valid(t, top, path, "the exported moderation")
    t.check(raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<moderation xmlns="urn:calloff:panel:1" '),
            "the file starts as the format says")
    mod = ET.fromstring(raw)
    t.equal((mod.tag, mod.get("competition"), mod.get("plan")), (f"{{{fd.NS}}}moderation", comp, plan["digest"]), "the root")
    entries = [m for m in mod if m.tag == f"{{{fd.NS}}}moderated"]
    got = [(m.get("response"), m.get("question"), m.get("digest"), m.get("seen"), m.get("value"), m.text or "") for m in entries]
    t.equal(got, [(s[0], s[1], s[2], s[3], done[(s[0], s[1])][0], trimmed(done[(s[0], s[1])][1])) for s in shown],
            "one <moderated> per item, in the form's order, with its digests, consensus and trimmed reason")
    after_entry, last = {}, None
    for m in mod:
        if m.tag == f"{{{fd.NS}}}feedback":
            after_entry[(last.get("response"), last.get("question"))] = m.text or ""
        last = m
    t.equal(after_entry, {k: trimmed(v) for k, v in feedback.items()},
            "each feedback right after its item's <moderated>, trimmed, and none for the others")
    ws.close_browser()

    if fd.run(t, [calloff, "panel", "merge", rules, panel, path, "--marks", marks], "panel merge of the moderation") is None:
        return
    merged = fd.read_marks(marks)
    entries = {}
    for (label, q), g in given.items():
        value, reason = done[(label, q)]
        t.equal(merged.get((key[label], q), {}).get("moderated"), (value, trimmed(reason)),
                f"{label} {q}: the merged consensus and reason, byte for byte")
        fb = feedback.get((label, q))
        t.equal(merged.get((key[label], q), {}).get("feedback"), (None, trimmed(fb)) if fb else None,
                f"{label} {q}: the merged feedback, byte for byte")
        entries[(key[label], q)] = [("E1", g[0], trimmed(g[2])), ("E2", g[1], trimmed(g[3])), ("moderated", value, trimmed(reason))]
    by_hand = ws.path("by-hand.xml")
    with open(by_hand, "w", encoding="utf-8") as f:
        f.write(fd.marks_xml(comp, ["E1", "E2"], entries))
    a = fd.run(t, [calloff, "evaluate", rules, bids, "--marks", marks, "--json"], "evaluate on the merged marks", expect=(0, 3))
    b = fd.run(t, [calloff, "evaluate", rules, bids, "--marks", by_hand, "--json"], "evaluate on the marks by hand", expect=(0, 3))
    t.check(a is not None and a == b and '"awarded"' in a, "evaluate gives the same result document on both, with an award")

    # Made again from the merged marks, the form has every consensus filled in.
    again = ws.path("again.html")
    if fd.run(t, [calloff, "panel", "moderation", rules, panel, "--marks", marks, "-o", again], "panel moderation again") is None:
        return
    driver = ws.browser()
    if fd.open_form(t, driver, again):
        t.equal({(s[0], s[1]): (s[6], s[7]) for s in items_shown(driver)},
                {k: (v, trimmed(r)) for k, (v, r) in done.items()}, "each recorded consensus and reason is filled in")
        t.equal({k: v for k, v in feedback_shown(driver).items() if v}, {k: trimmed(v) for k, v in feedback.items()},
                "and each recorded feedback")


if __name__ == "__main__":
    fd.main("moderation_form", body)
