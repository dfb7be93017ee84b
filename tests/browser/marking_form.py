#!/usr/bin/python3
"""The marking form in a real browser (issue 20), end to end.

usage: marking_form.py CALLOFF TOP_SRCDIR [SHOTS_DIR]

`calloff panel prepare` makes lot 7's panel for E1 and E2 (E2 marks Q1 and Q3 only), one bid's
responses made hostile (a closing tag and a script, an image with a handler, entities, a comment, a
bidirectional override): they must show as their text, with nothing run or made of them. E1's form is
opened from file:// in headless Chromium and every answer is marked through the page: the first
answers with the keyboard alone (Tab, arrow keys, typing), the rest by clicking and typing, with
rationales holding what could break a file (R&R, <b>, quotes, emoji, line breaks, a tab, a
bidirectional override). A control character is refused at its field and blocks the export. The
page is reloaded (the browser warns first: the work is not exported) and every mark and rationale
is checked; the file is exported through the page, merged with `calloff panel merge`, and
`calloff evaluate --json` on the merged marks must equal the same on the marks written by hand,
with every rationale in the merged file as typed (trimmed at both ends). The page must meet no
Content-Security-Policy violation, and a copy whose script was changed must be blocked.
Screenshots of the form (screen and print) go to SHOTS_DIR (default: the test's temporary folder).
"""
import os
import re
import shutil
import sys
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True  # nothing written into the source tree
import formdriver as fd  # noqa: E402

# What evaluators write, and what could break a file or a page on its way.
RATIONALES = [
    "R&R shown in full: <b>not bold</b> & \"double\" and 'single' quotes.",
    "Two lines:\nthe second line, and </mark> in it",
    "Emoji \U0001F600 and accents \u00e9\u00f1\u00fc, CJK \u6f22\u5b57",
    "  padded with spaces and a line break  \n",
    "Tab\tpasted in",
    "]]> <![CDATA[ x ]]> <!-- c --> &amp; &#13;",
    "RTL \u202eoverride\u202c back",
    "A plain rationale.",
]


# What a bid could send to break out of the page: put into one bid's responses to Q1 and Q2.
HOSTILE = {
    "Q1": "</textarea></div><script>window.__pwned = 1;</script><img src=x onerror=\"window.__pwned = 2\"> done",
    "Q2": "R&R \"double\" 'single' &amp; <!-- not a comment --> \u202eoverride\u202c \U0001F600\nsecond line ]]>",
}


def hostile_bids(src, dst):
    """A copy of the lot's bids with HOSTILE in the responses of the first bid (B-L7-001)."""
    from xml.sax.saxutils import escape
    shutil.copytree(src, dst)
    path = os.path.join(dst, "acme-live-in-care.xml")
    with open(path, encoding="utf-8") as f:
        xml = f.read()
    for q, text in HOSTILE.items():
        xml, n = re.subn(f'(<response question="{q}">)[^<]*(</response>)', lambda m: m.group(1) + escape(text) + m.group(2), xml)
        assert n == 1, f"{q} replaced in {path}"
    with open(path, "w", encoding="utf-8") as f:
        f.write(xml)


def nothing_broke_out(t, driver, panel, bid="B-L7-001"):
    """The hostile responses are shown as their text, and nothing of them ran or became markup."""
    import json
    with open(os.path.join(panel, "panel.json"), encoding="utf-8") as f:
        plan = json.load(f)
    resp = next(r for r in plan["responses"] if r["bid"] == bid)
    for a in resp["answers"]:
        if a["question"] not in HOSTILE:
            continue
        shown = driver.execute_script(
            "var it = document.querySelector('.item[data-response=\"' + arguments[0] + '\"][data-question=\"' + arguments[1] + '\"]');"
            "return it && it.querySelector('.response').textContent;", resp["label"], a["question"])
        t.equal(shown, a["text"], f"{resp['label']} {a['question']}: the hostile response shown as its text")
        t.check(HOSTILE[a["question"]][:20] in (shown or ""), f"{resp['label']} {a['question']}: the text is the hostile one")
    t.equal(driver.execute_script("return [window.__pwned, document.scripts.length, document.images.length, "
                                  "document.querySelectorAll('.response *').length];"), [None, 1, 0, 0],
            "no script of the bid ran, no element was made of it")


def plan_for(i, scale):
    """The mark and rationale the test gives the i-th answer of the form."""
    marks = ["4", "3", "5", "2", "4", "3", "5", "4", "3", "1", "4", "5", "3", "0"]  # mostly above lot 7's floor of 2: some bids rank
    return marks[i % len(marks)], RATIONALES[i % len(RATIONALES)] + ("" if i % 3 else f" (answer {i + 1})")


def trimmed(s):
    """A rationale as exported: line ends LF, spaces, tabs and line breaks at both ends taken off."""
    return s.replace("\r\n", "\n").replace("\r", "\n").strip(" \t\n")


def type_text(driver, el, text):
    """Type text into the focused element as a person would: keys for what a keyboard types; the
    rest (characters beyond the BMP, a tab, which as a key moves the focus) inserted as an emoji
    picker or a paste would, through the DevTools protocol's Input.insertText."""
    for run in re.findall(r"[^\t\U00010000-\U0010FFFF]+|[\t\U00010000-\U0010FFFF]+", text):
        if re.match(r"[\t\U00010000-\U0010FFFF]", run):
            driver.execute_cdp_cmd("Input.insertText", {"text": run})
        else:
            el.send_keys(run)


def click(driver, el):
    """Click el as a person would, having scrolled it into the middle of the window (clear of the sticky bar)."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", el)
    el.click()


def active_id(driver):
    return driver.execute_script("return document.activeElement && document.activeElement.id;")


def state(driver):
    """Every item of the form: label, question, digest, the chosen mark, the rationale as it stands."""
    return driver.execute_script("""
        return Array.prototype.map.call(document.querySelectorAll('.item'), function (it) {
          return [it.dataset.response, it.dataset.question, it.dataset.digest,
                  it.querySelector('select').value, it.querySelector('textarea').value];
        });""")


def mark_everything(t, driver, keyboard=6):
    """Mark every answer of the open form; returns [(label, question, digest, value, rationale typed)].
    The first answers with the keyboard alone ("Next to do" focuses the first selector, arrow keys
    choose, Tab moves on); then every fourth with the mouse (the selector's list, a click in the
    box); the others by typing the mark's digit on the selector and clicking in the box."""
    items = driver.execute_script("""
        return Array.prototype.map.call(document.querySelectorAll('.item'), function (it) {
          return [it.querySelector('select'), it.querySelector('textarea'), it.dataset.response,
                  it.dataset.question, it.dataset.digest];
        });""")
    scale = driver.execute_script("return Array.prototype.map.call(arguments[0].options, function (o) { return o.value; });",
                                  items[0][0])[1:]
    t.equal(scale, ["0", "1", "2", "3", "4", "5"], "the selector offers the scale")
    done = []
    driver.find_element(By.ID, "next").click()
    for i, (sel, box, label, question, digest) in enumerate(items):
        value, text = plan_for(i, scale)
        if i < keyboard:
            n = box.get_attribute("id").split("-")[1]
            t.equal(active_id(driver), f"m-{n}", f"answer {i + 1}: the keyboard reaches its mark selector")
            focused = driver.switch_to.active_element
            focused.send_keys(Keys.ARROW_DOWN * (scale.index(value) + 1))
            t.equal(sel.get_attribute("value"), value, f"answer {i + 1}: arrow keys choose mark {value}")
            focused.send_keys(Keys.TAB)
            t.equal(active_id(driver), f"r-{n}", f"answer {i + 1}: Tab goes on to the rationale")
            type_text(driver, driver.switch_to.active_element, text)
            driver.switch_to.active_element.send_keys(Keys.TAB)
        elif i % 4 == 0:
            click(driver, sel)
            Select(sel).select_by_value(value)
            click(driver, box)
            type_text(driver, box, text)
        else:
            sel.send_keys(value)
            click(driver, box)
            type_text(driver, box, text)
        done.append((label, question, digest, value, text))
    return done


def control_character_refused(t, ws, driver):
    """A control character (pasted) is refused at its field and blocks the export; taken out, all is well."""
    it = driver.find_elements(By.CSS_SELECTOR, ".item")[1]
    box = it.find_element(By.TAG_NAME, "textarea")
    before = box.get_attribute("value")
    click(driver, box)
    driver.execute_cdp_cmd("Input.insertText", {"text": "\x01"})
    problem = it.find_element(By.CSS_SELECTOR, ".problem")
    t.check(problem.is_displayed() and "U+0001" in problem.text, f"the control character is named at its field: {problem.text!r}")
    t.equal(box.get_attribute("aria-invalid"), "true", "the field is marked invalid")
    driver.find_element(By.ID, "export").click()
    time.sleep(0.3)
    t.equal(os.listdir(ws.downloads), [], "nothing is exported while a field is invalid")
    t.check("attention" in driver.find_element(By.ID, "status").text, "the page says why nothing was exported")
    t.equal(active_id(driver), box.get_attribute("id"), "the invalid field has the focus")
    box.send_keys(Keys.BACKSPACE)
    t.equal(box.get_attribute("value"), before, "the control character taken out again")
    t.check(not problem.is_displayed(), "the message goes with it")


def warns_before_leaving(driver):
    """Whether the page asks the browser to warn before it is left (its beforeunload handler cancels the
    event). Headless Chromium under chromedriver accepts the prompt itself, so the request is what is seen."""
    return driver.execute_script(
        "var e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented;")


def reload(driver):
    """Reload the page and wait until its script has run again."""
    driver.execute_script("window.__before_reload = true;")
    driver.refresh()
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        "var f = document.getElementById('form'); return !window.__before_reload && f && f.classList.contains('ready');"))


def check_export(t, ws, top, raw, done, comp, evaluator, pack):
    """The exported file holds every answer once, in the form's order, with its mark and trimmed rationale."""
    import xml.etree.ElementTree as ET
    path = ws.path(f"{evaluator}-marks.xml")
    with open(path, "wb") as f:
        f.write(raw)
    t.check(raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<evaluator-marks xmlns="urn:calloff:panel:1" '),
            "the file starts as the format says")
    t.check(b"\r" not in raw, "line ends are LF")
    root = ET.fromstring(raw)
    t.equal(root.tag, f"{{{fd.NS}}}evaluator-marks", "the root element")
    t.equal((root.get("competition"), root.get("evaluator"), root.get("pack")), (comp, evaluator, pack), "the root's attributes")
    got = [(m.get("response"), m.get("question"), m.get("digest"), m.get("value"), m.text or "") for m in root]
    want = [(r, q, d, v, trimmed(x)) for r, q, d, v, x in done]
    t.equal(len(got), len(want), "one mark per answer")
    for g, w in zip(got, want):
        t.equal(g, w, f"the exported mark of {w[0]} {w[1]}")
    fd.schema_valid(t, top, path, "the exported marks")
    return path


def restored_mark_off_the_scale(t, driver, store):
    """A mark kept in the browser that is not on the scale is not restored, and the field says so."""
    driver.execute_script("""
        var s = JSON.parse(localStorage.getItem(arguments[0]));
        var k = Object.keys(s.items)[0];
        s.items[k].mark = '9';
        localStorage.setItem(arguments[0], JSON.stringify(s));""", store)
    t.check(not warns_before_leaving(driver), "no warning before leaving once the work is exported")
    reload(driver)
    it = driver.find_elements(By.CSS_SELECTOR, ".item")[0]
    t.equal(it.find_element(By.TAG_NAME, "select").get_attribute("value"), "", "the off-scale mark is not restored")
    problem = it.find_element(By.CSS_SELECTOR, ".problem")
    t.check(problem.is_displayed() and "(9) is not on the scale" in problem.text, f"and the field says so: {problem.text!r}")


def blocked_when_changed(t, ws, form):
    """A copy of the form whose script was changed by one character does not run: the policy blocks it."""
    with open(form, encoding="utf-8") as f:
        html = f.read()
    changed = html.replace("'use strict';", "'use strict'; ", 1)
    t.check(changed != html, "the copy's script differs")
    path = ws.path("changed-script.html")
    with open(path, "w", encoding="utf-8") as f:
        f.write(changed)
    driver = ws.driver
    driver.get("file://" + path)
    time.sleep(0.5)
    t.check(not driver.execute_script("return document.getElementById('form').classList.contains('ready');"),
            "the changed script did not run")
    t.check(any("script-src" in v for v in fd.violations(driver)), "the browser reports the policy's refusal")


def body(t, ws):
    calloff, top = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    shots = os.path.abspath(sys.argv[3]) if len(sys.argv) > 3 else ws.dir
    os.makedirs(shots, exist_ok=True)
    rules = os.path.join(top, "rules", "dorset-lot7-live-in-care.yaml")
    bids = ws.path("bids")
    hostile_bids(os.path.join(top, "bids", "lot7"), bids)
    panel = ws.path("panel")
    if fd.run(t, [calloff, "panel", "prepare", rules, bids, "--evaluators", "E1,E2", "--assign", "E2=Q1,Q3",
                  "--seed", "7", "-o", panel], "panel prepare") is None:
        return
    form = os.path.join(panel, "E1", "E1-marking.html")
    driver = ws.browser()
    if not fd.open_form(t, driver, form):
        return
    root = driver.find_element(By.ID, "form")
    comp, pack = root.get_attribute("data-competition"), root.get_attribute("data-pack")
    store = root.get_attribute("data-store")
    t.equal(store, f"calloff-marking:{comp}:E1:{pack}", "the storage key")
    t.equal(driver.find_element(By.ID, "n-marks").text, "0", "nothing marked at first")
    nothing_broke_out(t, driver, panel)

    start = time.time()
    done = mark_everything(t, driver)
    print(f"marked {len(done)} answers in {time.time() - start:.1f} s", flush=True)
    t.equal(len(done), 9 * 8, "E1 marks the 9 eligible responses to the 8 questions")
    t.equal(driver.find_element(By.ID, "n-marks").text, str(len(done)), "the progress counts every mark")
    t.equal(driver.find_element(By.ID, "n-texts").text, str(len(done)), "and every rationale")
    control_character_refused(t, ws, driver)

    t.check(warns_before_leaving(driver), "the page warns before it is left with work not exported")
    reload(driver)
    t.check(warns_before_leaving(driver), "and still does after a reload (the work is still not exported)")
    t.equal([tuple(x) for x in state(driver)], done, "every mark and rationale survived the reload")
    t.equal(driver.find_element(By.ID, "n-marks").text, str(len(done)), "the progress, after the reload")
    t.equal(fd.violations(driver), [], "no Content-Security-Policy violation")
    fd.screenshot(t, driver, os.path.join(shots, "marking-form.png"))
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    fd.screenshot(t, driver, os.path.join(shots, "marking-form-print.png"))
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    driver.set_window_size(1280, 1400)

    driver.find_element(By.ID, "export").click()
    raw = fd.wait_download(t, ws.downloads, "E1-marks.xml")
    if raw is None:
        return
    driver.find_element(By.ID, "show").click()
    shown = driver.find_element(By.ID, "filetext").get_attribute("value")
    t.equal(shown, raw.decode("utf-8"), "the file's text shown is the file exported")
    exported = check_export(t, ws, top, raw, done, comp, "E1", pack)
    restored_mark_off_the_scale(t, driver, store)
    blocked_when_changed(t, ws, form)
    ws.close_browser()

    # Merge, then evaluate the merged marks and the same marks written by hand.
    merged = ws.path("marks.xml")
    if fd.run(t, [calloff, "panel", "merge", rules, panel, exported, "--marks", merged], "panel merge") is None:
        return
    key = fd.labels(panel)
    got = fd.read_marks(merged)
    for label, q, _, value, text in done:
        t.equal(got.get((key[label], q), {}).get("E1"), (value, trimmed(text)),
                f"{label} ({key[label]}) {q}: the merged mark and rationale, byte for byte")
    by_hand = ws.path("by-hand.xml")
    with open(by_hand, "w", encoding="utf-8") as f:
        f.write(fd.marks_xml(comp, ["E1", "E2"], {(key[l], q): [("E1", v, trimmed(x))] for l, q, _, v, x in done}))
    a = fd.run(t, [calloff, "evaluate", rules, bids, "--marks", merged, "--json"], "evaluate on the merged marks", expect=(0, 3))
    b = fd.run(t, [calloff, "evaluate", rules, bids, "--marks", by_hand, "--json"], "evaluate on the marks by hand", expect=(0, 3))
    t.check(a is not None and a == b and '"awarded"' in a, "evaluate gives the same result document on both, with an award")


if __name__ == "__main__":
    fd.main("marking_form", body)
