#!/usr/bin/python3
"""The panel's commands end to end on the shipped Lot 7 (median) and Lot 8 (moderated) examples,
with CSV and XML returns written here as an evaluator's tools would write them:

- prepare: the folder and its files; a second prepare into it is refused; --assign;
- status: three evaluators, one who has returned nothing and one partly: the list of what is
  outstanding is exactly what is missing;
- merge: every refusal (another competition, another pack, an unknown evaluator, a mark off the
  scale, a question not assigned, a duplicate entry, a changed response digest, a second file from
  one evaluator, a mark already recorded differently) exits 2 with FILE:LINE:COL and leaves the
  marks file byte for byte as it was; merging the same files twice gives the same bytes;
  --replace; rationales with any characters survive byte for byte;
- evaluate on the merged marks gives the same result document as on the same marks written by hand;
- moderation: the consensus merged from the moderation form's export becomes <moderated>; one
  given on marks that have since changed is refused;
- feedback (issue 22): the panel's feedback to the supplier in the moderation's export becomes
  <feedback> after the consensus, filled in again in the next moderation form; another text for
  it is refused at its place without --replace, replaced with it; a changed mark withdraws it.

usage: panel_cli.py CALLOFF TOP_SRCDIR
"""
import csv
import json
import os
import shutil
import sys
import tempfile
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ""))
from paneltest import Checks, marks_of, runner  # noqa: E402

CALLOFF, TOP = sys.argv[1], sys.argv[2]
LOT7 = os.path.join(TOP, "rules/dorset-lot7-live-in-care.yaml")
LOT8 = os.path.join(TOP, "rules/dorset-lot8-extra-care.yaml")
check = Checks("panel_cli")
run = runner(CALLOFF)


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def write_csv(path, rows, bom=False, crlf=False):
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n" if crlf else "\n").writerows(rows)


def rationale(ev, label, q):
    return 'R&R <b>"%s" %s\'s %s 😀\nsecond line, ü ß —' % (label, ev, q)


def fill(template, ev, take=None, texts=True):
    """The template's rows with a mark and rationale in each (the first `take` items only)."""
    rows = read_csv(template)
    out = [rows[0]]
    for i, r in enumerate(rows[1:]):
        if take is not None and i >= take:
            break
        r = list(r)
        r[6] = str((i * 3 + int(ev[1:])) % 4 + 2)
        r[7] = rationale(ev, r[3], r[4]) if texts else ""
        out.append(r)
    return out



def main():
    t = tempfile.mkdtemp()
    try:
        lot7(t)
        lot8(t)
        feedback(t)
    finally:
        shutil.rmtree(t)
    return check.finish()


def lot7(t):
    panel = os.path.join(t, "p7")
    rc, out, err = run("panel", "prepare", LOT7, os.path.join(TOP, "bids/lot7"), "--evaluators", "E1,E2,E3",
                       "--assign", "E3=Q1,Q2", "--seed", "11", "-o", panel)
    check(rc == 0, "prepare lot 7: %d %s" % (rc, err))
    plan = json.load(open(os.path.join(panel, "panel.json"), encoding="utf-8"))
    label_bid = {r["label"]: r["bid"] for r in plan["responses"]}
    check(len(label_bid) == 9, "lot 7 has 9 eligible bids (of 15)")
    for ev in ("E1", "E2", "E3"):
        for ext in ("html", "xlsx", "csv"):
            check(os.path.isfile(os.path.join(panel, ev, "%s-marking.%s" % (ev, ext))), "%s's %s" % (ev, ext))
    e3 = read_csv(os.path.join(panel, "E3", "E3-marking.csv"))
    check(len(e3) == 1 + 9 * 2 and {r[4] for r in e3[1:]} == {"Q1", "Q2"}, "E3 marks only Q1 and Q2")
    for r in e3[1:]:
        check(r[3].startswith("Response ") and r[3] in label_bid, "a row names a label, never a bid")
    with open(os.path.join(panel, "E1", "E1-marking.html"), encoding="utf-8") as fh:
        html = fh.read()
    for bid in label_bid.values():
        check(bid not in html, "the form never names bid %s" % bid)
    rc, _, err = run("panel", "prepare", LOT7, os.path.join(TOP, "bids/lot7"), "--evaluators", "E1", "-o", panel)
    check(rc == 2 and "must be new or empty" in err, "a second prepare into the folder is refused: %s" % err)
    rc, _, err = run("panel", "prepare", LOT7, os.path.join(TOP, "bids/lot7"), "--evaluators", "E1,E2",
                     "--assign", "E2=Q9", "-o", os.path.join(t, "px"))
    check(rc == 2 and "no question 'Q9'" in err and not os.path.exists(os.path.join(t, "px")),
          "an assignment to an unknown question is refused, nothing made: %s" % err)
    rc, _, err = run("panel", "prepare", LOT7, os.path.join(TOP, "bids/lot7"), "--evaluators", "E1,E2",
                     "--assign", "E1=Q1", "--assign", "E2=Q2", "-o", os.path.join(t, "py"))
    check(rc == 2 and "no evaluator marks question 'Q3'" in err, "every question must be marked: %s" % err)

    # E1 returns everything (CSV with a byte-order mark and CRLF), E2 part, E3 nothing.
    ret = os.path.join(t, "returned7")
    os.mkdir(ret)
    write_csv(os.path.join(ret, "E1.csv"), fill(os.path.join(panel, "E1", "E1-marking.csv"), "E1"), bom=True, crlf=True)
    e2 = fill(os.path.join(panel, "E2", "E2-marking.csv"), "E2", take=5)
    e2[2][7] = ""  # the second item: a mark without its rationale
    e2[3][6] = ""  # the third: a rationale without its mark
    write_csv(os.path.join(ret, "E2.csv"), e2)
    rc, out, err = run("panel", "status", LOT7, panel, ret)
    check(rc == 0, "status: %d %s" % (rc, err))
    lines = out.splitlines()
    check("E1: complete: 72 of 72 marks, each with its rationale" in lines, "E1 complete: %s" % out)
    check("E3: nothing back yet: 18 marks and rationales to come" in lines, "E3 nothing back: %s" % out)
    check("E2: 4 of 72 marks, 3 of 72 rationales; missing:" in lines, "E2's counts: %s" % out)
    missing = [l.strip() for l in lines if l.startswith("  ")]
    # A rationale without its mark is not recorded by merge: both are still owed.
    want = ["%s %s: rationale" % (e2[2][3], e2[2][4]), "%s %s: mark and rationale" % (e2[3][3], e2[3][4])]
    rows = read_csv(os.path.join(panel, "E2", "E2-marking.csv"))[1:]
    want += ["%s %s: mark and rationale" % (r[3], r[4]) for r in rows[5:]]
    check(sorted(missing) == sorted(want), "the outstanding list is exactly what E2 has not given")
    check("Nothing is outstanding." not in out, "not complete")

    marks = os.path.join(t, "marks7.xml")
    # The marks file kept in the returned folder, and Excel's lock file, are not returned files.
    kept = os.path.join(ret, "marks-here.xml")
    with open(os.path.join(ret, "~$E1-marking.xlsx"), "wb") as fh:
        fh.write(b"\x00lock")
    for _ in range(2):
        rc, out, err = run("panel", "merge", LOT7, panel, ret, "--marks", kept)
        check(rc == 0, "merging a folder that holds the marks file and a lock file: %s" % err)
    os.remove(kept)
    rc, out, err = run("panel", "merge", LOT7, panel, ret, "--marks", marks)
    check(rc == 0, "merge: %d %s" % (rc, err))
    first = open(marks, "rb").read()
    rc, out, err = run("panel", "merge", LOT7, panel, ret, "--marks", marks)
    check(rc == 0 and open(marks, "rb").read() == first, "merging the same files again gives the same bytes")
    check("72 already recorded" in out, "the second merge says what was already there: %s" % out)
    got = marks_of(marks)
    e1 = fill(os.path.join(panel, "E1", "E1-marking.csv"), "E1")
    for r in e1[1:]:
        key = (label_bid[r[3]], r[4], "E1")
        check(got.get(key) == (r[6], r[7]), "E1's %s %s survives byte for byte" % (r[3], r[4]))
    check((label_bid[e2[3][3]], e2[3][4], "E2") not in got, "a rationale without a mark is not recorded")
    check(got.get((label_bid[e2[2][3]], e2[2][4], "E2")) == (e2[2][6], ""), "a mark without its rationale is")
    rc, out, err = run("panel", "status", LOT7, panel, "--marks", marks)
    check(rc == 0 and "E1: complete: 72 of 72 marks, each with its rationale" in out,
          "status counts what the marks file holds: %s" % out)
    rc, out, err = run("panel", "status", LOT7, panel, "--marks", marks + ".typo")
    check(rc == 2 and "cannot read the marks file" in err, "a mistyped --marks is not an empty panel: %s" % err)
    # The same file given twice (and in its folder) is read once.
    rc, out, err = run("panel", "merge", LOT7, panel, ret, os.path.join(ret, "E1.csv"), ret + "/", "--marks", marks)
    check(rc == 0 and open(marks, "rb").read() == first and "//" not in out, "a file given twice is read once: %s %s"
          % (out, err))
    # Moderation before every mark is in: the form shows who has not marked, and the command says so.
    form = os.path.join(t, "moderation7.html")
    rc, out, err = run("panel", "moderation", LOT7, panel, "--marks", marks, "-o", form)
    check(rc == 0 and "still lack a mark from an evaluator who marks them" in out, "moderation warns: %s %s" % (out, err))
    html = open(form, encoding="utf-8").read()
    check('<tr class="missing" data-evaluator="E3">' in html and "Not marked yet" in html,
          "the form shows E3 as not marked yet")

    # evaluate on the merged marks = on the same marks written by hand.
    hand = os.path.join(t, "hand7.xml")
    with open(hand, "w", encoding="utf-8") as fh:
        fh.write('<marks xmlns="urn:calloff:marks:1" competition="DCF-L7-2026-01">\n')
        fh.write('<evaluator id="E1"/><evaluator id="E2"/><evaluator id="E3"/>\n')
        by_bid = {}
        for (bid, q, ev), (v, text) in got.items():
            by_bid.setdefault(bid, {}).setdefault(q, []).append((ev, v, text))
        for bid in sorted(by_bid, reverse=True):  # another order than merge's
            fh.write('<bid ref="%s">' % bid)
            for q in sorted(by_bid[bid]):
                fh.write('<question ref="%s">' % q)
                for ev, v, text in by_bid[bid][q]:
                    esc = text.replace("&", "&amp;").replace("<", "&lt;")
                    fh.write('<mark evaluator="%s" value="%s"><![CDATA[]]>%s</mark>' % (ev, v, esc))
                fh.write("</question>")
            fh.write("</bid>\n")
        fh.write("</marks>\n")
    # E2's and E3's missing marks would leave the marks incomplete only under `moderated`; lot 7 takes the median.
    a = run("evaluate", LOT7, os.path.join(TOP, "bids/lot7"), "--marks", marks, "--json")
    b = run("evaluate", LOT7, os.path.join(TOP, "bids/lot7"), "--marks", hand, "--json")
    check(a[0] in (0, 3) and a[0] == b[0] and a[1] == b[1] and len(a[1]) > 1000,
          "evaluate on merged marks = on hand-written marks (%d, %d)" % (a[0], b[0]))

    refusals(t, panel, ret, marks, first, label_bid)


def refusals(t, panel, ret, marks, first, label_bid):
    e1 = read_csv(os.path.join(ret, "E1.csv"))

    def refused(name, rows, want, line=None, col=None, extra=()):
        path = os.path.join(t, name + ".csv")
        write_csv(path, rows)
        rc, out, err = run("panel", "merge", LOT7, panel, path, *extra, "--marks", marks)
        where = "%s:%d:%d: " % (path, line, col) if line else path + ":"
        check(rc == 2 and where in err and want in err, "%s refused at %s with '%s': %d %s" % (name, where, want, rc, err))
        check(open(marks, "rb").read() == first, "%s leaves the marks file untouched" % name)

    def edit(row, col, value):
        rows = [list(r) for r in e1]
        rows[row][col] = value
        return rows


    rows = [list(r) for r in e1]
    for r in rows[1:]:
        r[0] = "DCF-L8-2026-03"
    refused("competition", rows, "these marks are for competition 'DCF-L8-2026-03'")
    refused("two_competitions", edit(9, 0, "DCF-L8-2026-03"), "competition 'DCF-L8-2026-03' differs from the first row's")
    rows = [list(r) for r in e1]
    for r in rows[1:]:
        r[2] = "sha256:" + "1" * 64
    refused("pack", rows, "made from another pack than E1's")
    rows = [list(r) for r in e1]
    for r in rows[1:]:
        r[1] = "E9"
    refused("unknown_evaluator", rows, "evaluator 'E9' is not on the panel")
    refused("off_scale", edit(4, 6, "7"), "mark 7 for %s %s is off the scale" % (e1[4][3], e1[4][4]))
    refused("not_whole", edit(4, 6, "3.5"), "is not a whole number")
    refused("digest", edit(5, 5, "sha256:" + "0" * 64), "this is not the response the panel has")
    refused("label", edit(5, 3, "Response 99"), "no response labelled 'Response 99'")
    refused("duplicate", e1 + [e1[3]], "a second entry for %s %s" % (e1[3][3], e1[3][4]))
    refused("control", edit(6, 7, "bell\x07"), "control character")
    refused("ffff", edit(6, 7, "not a character: \uffff"), "U+FFFE or U+FFFF")
    refused("too_long", edit(6, 7, "x" * 100001), "has 100001 characters; a marks file holds at most 100000")
    # A row with a field missing is refused at its own row, not the one before.
    rows = [list(r) for r in e1]
    rows[3] = rows[3][:4]
    line4 = 1 + sum(1 + sum(f.count("\n") for f in r) for r in rows[:3])  # rationales hold line breaks
    refused("missing_field", rows, "no question ''", line=line4, col=1)
    # Lines ended by CR alone (Excel's "CSV (Macintosh)"): the place still counts them.
    path = os.path.join(t, "mac.csv")
    rows = edit(3, 6, "9")
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\r").writerows(rows)
    rc, _, err = run("panel", "merge", LOT7, panel, path, "--marks", marks)
    check(rc == 2 and "%s:%d:" % (path, line4) in err and "mark 9" in err, "CR-only lines are counted: %s" % err)
    e3 = read_csv(os.path.join(panel, "E3", "E3-marking.csv"))
    bad3 = [list(r) for r in e3[:2]]
    bad3[1][4] = "Q3"
    bad3[1][5] = [r for r in e1 if r[3] == bad3[1][3] and r[4] == "Q3"][0][5]
    bad3[1][6] = "3"
    refused("not_assigned", bad3, "question 'Q3' is not one E3 marks")
    refused("changed", edit(3, 6, "5" if e1[3][6] != "5" else "4"), "already recorded in %s as %s" % (marks, e1[3][6]))
    rows = [list(r) for r in e1]
    rows.insert(2, ["x"] * 3)
    refused("short_row", rows, "", extra=())  # a row of three fields: its missing fields are refused
    # The CSV's own faults, located.
    path = os.path.join(t, "quote.csv")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(",".join(e1[0]) + "\n" + '"DCF-L7-2026-01,E1\n')
    rc, _, err = run("panel", "merge", LOT7, panel, path, "--marks", marks)
    check(rc == 2 and path + ":" in err and "not CSV" in err, "an unclosed quote is refused: %s" % err)
    path = os.path.join(t, "latin1.csv")
    with open(path, "wb") as fh:
        fh.write((",".join(e1[0]) + "\n").encode() + b"x,\xe9\n")
    rc, _, err = run("panel", "merge", LOT7, panel, path, "--marks", marks)
    check(rc == 2 and path + ":2:3: not UTF-8" in err, "a byte that is not UTF-8 is refused where it is: %s" % err)
    path = os.path.join(t, "semicolons.csv")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(";".join(e1[0]) + "\n" + ";".join(e1[1][:6]) + ";3;ok\n")
    rc, _, err = run("panel", "merge", LOT7, panel, path, "--marks", marks)
    check(rc == 2 and err.count("\n") == 1 and "separated by ';'" in err, "a semicolon CSV is told in one line: %s" % err)
    path = os.path.join(t, "header.csv")
    write_csv(path, [e1[0][:7] + ["notes"]] + e1[1:])
    rc, _, err = run("panel", "merge", LOT7, panel, path, "--marks", marks)
    check(rc == 2 and "unknown column 'notes'" in err, "an unknown column is refused: %s" % err)
    # Two files from one evaluator.
    rc, _, err = run("panel", "merge", LOT7, panel, os.path.join(ret, "E1.csv"), os.path.join(t, "changed.csv"),
                     "--marks", marks)
    check(rc == 2 and "a second file from evaluator E1" in err and open(marks, "rb").read() == first,
          "two files from one evaluator are refused: %s" % err)
    # A refused file refuses the whole merge: E3's good file is not merged either.
    e3f = os.path.join(t, "E3.csv")
    write_csv(e3f, fill(os.path.join(panel, "E3", "E3-marking.csv"), "E3"))
    rc, _, err = run("panel", "merge", LOT7, panel, e3f, os.path.join(t, "off_scale.csv"), "--marks", marks)
    check(rc == 2 and open(marks, "rb").read() == first, "one refused file refuses the merge")
    # --replace replaces the one mark that changed, and only it.
    rc, out, err = run("panel", "merge", LOT7, panel, os.path.join(t, "changed.csv"), "--marks", marks, "--replace")
    check(rc == 0 and "1 replaced" in out, "--replace replaces: %s %s" % (out, err))
    got = marks_of(marks)
    check(got[(label_bid[e1[3][3]], e1[3][4], "E1")][0] != e1[3][6], "the replaced mark is the new one")


def from_rules(t):
    """The rule file's panel section: its evaluators when none are given, and their questions."""
    rules = os.path.join(t, "lot8-panel.yaml")
    with open(LOT8, encoding="utf-8") as fh:
        text = fh.read()
    with open(rules, "w", encoding="utf-8") as fh:
        fh.write(text + "\npanel:\n  evaluators: [P1, P2, P3]\n  assign: {P2: [E1, E2], P3: [E3]}\n")
    panel = os.path.join(t, "p8r")
    rc, out, err = run("panel", "prepare", rules, os.path.join(TOP, "bids/lot8"), "--seed", "5", "-o", panel)
    check(rc == 0 and "(P1/, P2/, P3/)" in out, "prepare takes the rules' evaluators: %s %s" % (out, err))
    plan = json.load(open(os.path.join(panel, "panel.json"), encoding="utf-8"))
    got = {e["id"]: e["questions"] for e in plan["evaluators"]}
    check(got == {"P1": plan["questions"], "P2": ["E1", "E2"], "P3": ["E3"]}, "the rules' assignments: %s" % got)
    panel = os.path.join(t, "p8r2")
    rc, out, err = run("panel", "prepare", rules, os.path.join(TOP, "bids/lot8"), "--seed", "5", "--assign", "P3=E4,E5,E6",
                       "-o", panel)
    plan = json.load(open(os.path.join(panel, "panel.json"), encoding="utf-8"))
    got = {e["id"]: e["questions"] for e in plan["evaluators"]}
    check(rc == 0 and got["P3"] == ["E4", "E5", "E6"] and got["P2"] == ["E1", "E2"],
          "--assign replaces the rules' assignment for its evaluator: %s %s" % (got, err))
    panel = os.path.join(t, "p8r3")
    rc, out, err = run("panel", "prepare", rules, os.path.join(TOP, "bids/lot8"), "--evaluators", "X1,P3", "-o", panel)
    plan = json.load(open(os.path.join(panel, "panel.json"), encoding="utf-8"))
    got = {e["id"]: e["questions"] for e in plan["evaluators"]}
    check(rc == 0 and got == {"X1": plan["questions"], "P3": ["E3"]},
          "--evaluators replaces the rules' evaluators; the rules' assignment still applies to P3: %s %s" % (got, err))


def lot8(t):
    """Moderation: two evaluators disagree; the consensus comes back from the moderation form's export."""
    from_rules(t)
    panel = os.path.join(t, "p8")
    rc, _, err = run("panel", "prepare", LOT8, os.path.join(TOP, "bids/lot8"), "--evaluators", "E1,E2", "--seed", "5",
                     "-o", panel)
    check(rc == 0, "prepare lot 8: %s" % err)
    plan = json.load(open(os.path.join(panel, "panel.json"), encoding="utf-8"))
    ret = os.path.join(t, "returned8")
    os.mkdir(ret)
    for ev in ("E1", "E2"):
        rows = read_csv(os.path.join(panel, ev, "%s-marking.csv" % ev))
        with open(os.path.join(ret, "%s-marks.xml" % ev), "w", encoding="utf-8") as fh:
            fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<evaluator-marks xmlns="urn:calloff:panel:1" '
                     'competition="%s" evaluator="%s" pack="%s">\n' % (rows[1][0], ev, rows[1][2]))
            for i, r in enumerate(rows[1:]):
                v = 2 if ev == "E1" else (5 if i % 3 == 0 else 3)
                fh.write('  <mark response="%s" question="%s" digest="%s" value="%d">%s &amp; %s</mark>\n'
                         % (r[3], r[4], r[5], v, ev, r[3]))
            fh.write("</evaluator-marks>\n")
    marks = os.path.join(t, "marks8.xml")
    rc, out, err = run("panel", "merge", LOT8, panel, ret, "--marks", marks)
    check(rc == 0, "merge lot 8: %s" % err)
    rc, out, err = run("evaluate", LOT8, os.path.join(TOP, "bids/lot8"), "--marks", marks)
    check(rc == 2 and "moderated" in err.lower() or "missing" in err.lower(),
          "without consensus, lot 8's marks are incomplete: %d %s" % (rc, err[:300]))
    rc, out, err = run("panel", "status", LOT8, panel, "--marks", marks)
    nitems = len(plan["responses"]) * len(plan["questions"])
    check(rc == 0 and "Moderation (consensus: moderated): 0 of %d with a consensus mark; each still needs one:" % nitems
          in out and "Nothing is outstanding." not in out, "status lists the consensus still owed: %s" % out)
    form = os.path.join(t, "moderation.html")
    rc, out, err = run("panel", "moderation", LOT8, panel, "--marks", marks, "-o", form)
    check(rc == 0 and os.path.isfile(form), "moderation form: %s" % err)
    # The moderation form's export, as its script writes it: the seen digests come from the form.
    import re
    html = open(form, encoding="utf-8").read()
    seen = re.findall(r'data-response="([^"]+)"[^>]*data-question="([^"]+)"[^>]*data-digest="([^"]+)"[^>]*'
                      r'data-seen="([^"]+)"', html)
    check(len(seen) == len(plan["responses"]) * len(plan["questions"]), "the moderation form holds every item: %d" % len(seen))
    mod = os.path.join(t, "moderation.xml")

    def write_mod(items, value=lambda i: 4):
        with open(mod, "w", encoding="utf-8") as fh:
            fh.write('<moderation xmlns="urn:calloff:panel:1" competition="%s" plan="%s">\n'
                     % (plan["competition"], plan["digest"]))
            for i, (lab, q, dig, sn) in enumerate(items):
                fh.write('<moderated response="%s" question="%s" digest="%s" seen="%s" value="%d">Panel agreed: '
                         'R&amp;R &lt;3 "%d"</moderated>\n' % (lab, q, dig, sn, value(i), i))
            fh.write("</moderation>\n")

    write_mod(seen)
    rc, out, err = run("panel", "merge", LOT8, panel, mod, "--marks", marks + ".typo")
    check(rc == 2 and "no such marks file" in err and not os.path.exists(marks + ".typo"),
          "a moderation into a marks file that is not there is refused: %s" % err)
    before = open(marks, "rb").read()
    rc, out, err = run("panel", "merge", LOT8, panel, mod, "--marks", marks)
    check(rc == 0 and "consensus marks recorded" in out, "the moderation merges: %s %s" % (out, err))
    got = marks_of(marks)
    mods = [k for k in got if k[2] == "*"]
    check(len(mods) == len(seen), "one <moderated> per item")
    check(all(got[k] == ("4", got[k][1]) and got[k][1].startswith('Panel agreed: R&R <3 "') for k in mods),
          "each consensus and its reason, byte for byte")
    rc, out, err = run("panel", "status", LOT8, panel, "--marks", marks)
    check(rc == 0 and "Moderation (consensus: moderated): %d of %d with a consensus mark\n" % (nitems, nitems) in out
          and out.endswith("Nothing is outstanding.\n"), "status once all is moderated: %s" % out)
    rc, out, err = run("evaluate", LOT8, os.path.join(TOP, "bids/lot8"), "--marks", marks)
    check(rc in (0, 3), "lot 8 evaluates on the moderated marks: %d %s" % (rc, err[:300]))
    # A consensus given on marks that have since changed is refused.
    after = open(marks, "rb").read()
    e1 = os.path.join(ret, "E1-marks.xml")
    text = open(e1, encoding="utf-8").read().replace('value="2"', 'value="3"', 1)
    with open(e1, "w", encoding="utf-8") as fh:
        fh.write(text)
    rc, out, err = run("panel", "merge", LOT8, panel, e1, mod, "--marks", marks, "--replace")
    check(rc == 2 and "are not those the moderation form showed" in err and open(marks, "rb").read() == after,
          "a consensus on marks since changed is refused: %s" % err)
    check(before != after, "the moderation changed the marks file")
    stale(t, panel, ret, marks, after, plan)


def stale(t, panel, ret, marks, moderated, plan):
    """A consensus is never left standing on marks that have changed since it was given."""
    import re
    text = moderated.decode("utf-8")
    # E2's first mark taken out by hand: E2's file now brings a mark the consensus was given without.
    gone = re.sub(r'\s*<mark evaluator="E2" value="\d">[^<]*</mark>', "", text, count=1)
    check(gone != text, "an E2 mark was taken out")
    with open(marks, "w", encoding="utf-8") as fh:
        fh.write(gone)
    e2 = os.path.join(ret, "E2-marks.xml")
    rc, out, err = run("panel", "merge", LOT8, panel, e2, "--marks", marks)
    check(rc == 2 and "already has a consensus in %s, given without this mark of E2" % marks in err
          and open(marks, encoding="utf-8").read() == gone, "a late mark under a consensus is refused: %s" % err)
    rc, out, err = run("panel", "merge", LOT8, panel, e2, "--marks", marks, "--replace")
    check(rc == 0 and "1 consensus mark withdrawn" in out, "--replace withdraws that consensus: %s %s" % (out, err))
    got = marks_of(marks)
    nitems = len(plan["responses"]) * len(plan["questions"])
    check(len([k for k in got if k[2] == "*"]) == nitems - 1, "only that consensus is withdrawn")
    rc, out, err = run("panel", "status", LOT8, panel, "--marks", marks)
    check("Moderation (consensus: moderated): %d of %d with a consensus mark; each still needs one:" % (nitems - 1, nitems)
          in out, "status shows it owed again: %s" % out)
    # A changed mark with --replace withdraws the consensus of its item too.
    e1 = os.path.join(ret, "E1-marks.xml")
    rc, out, err = run("panel", "merge", LOT8, panel, e1, "--marks", marks, "--replace")
    check(rc == 0 and "1 replaced" in out and "1 consensus mark withdrawn" in out and "0 marks recorded" in out,
          "a replaced mark withdraws its item's consensus: %s %s" % (out, err))


def feedback(t):
    """The panel's feedback to the supplier, from the moderation's export to the marks file and back to the form."""
    import re
    panel, ret = os.path.join(t, "p8"), os.path.join(t, "returned8")
    plan = json.load(open(os.path.join(panel, "panel.json"), encoding="utf-8"))
    marks = os.path.join(t, "marks8fb.xml")
    rc, out, err = run("panel", "merge", LOT8, panel, ret, "--marks", marks)
    check(rc == 0, "merge lot 8 again: %s" % err)
    form = os.path.join(t, "moderation-fb.html")
    rc, out, err = run("panel", "moderation", LOT8, panel, "--marks", marks, "-o", form)
    html = open(form, encoding="utf-8").read()
    seen = re.findall(r'data-response="([^"]+)"[^>]*data-question="([^"]+)"[^>]*data-digest="([^"]+)"[^>]*'
                      r'data-seen="([^"]+)"', html)
    check(rc == 0 and html.count('class="feedback"') == len(seen) > 0, "the form has a feedback box per item: %s" % err)
    mod = os.path.join(t, "moderation-fb.xml")
    texts = {}

    def write_mod(fb):
        """The moderation's export: a consensus 4 for every item, feedback fb(i) (None: none) after it."""
        with open(mod, "w", encoding="utf-8") as fh:
            fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<moderation xmlns="urn:calloff:panel:1" competition="%s" '
                     'plan="%s">\n' % (plan["competition"], plan["digest"]))
            for i, (lab, q, dig, sn) in enumerate(seen):
                fh.write('  <moderated response="%s" question="%s" digest="%s" seen="%s" value="4">Agreed %d</moderated>\n'
                         % (lab, q, dig, sn, i))
                if fb(i) is not None:
                    fh.write("  <feedback>%s</feedback>\n" % fb(i).replace("&", "&amp;").replace("<", "&lt;"))
        with open(mod, "a", encoding="utf-8") as fh:
            fh.write("</moderation>\n")

    key = {r["label"]: r["bid"] for r in plan["responses"]}
    for i, (lab, q, _, _) in enumerate(seen):
        if i % 2 == 0:
            texts[(key[lab], q)] = "Your answer on %s was clear & <well> evidenced.\nSecond line %d \U0001F44D" % (q, i)
    write_mod(lambda i: texts.get((key[seen[i][0]], seen[i][1])))
    rc, out, err = run("panel", "merge", LOT8, panel, mod, "--marks", marks)
    n = len(texts)
    check(rc == 0 and "%d feedback texts to suppliers recorded" % n in out and ", %d feedback texts\n" % n in out,
          "the feedback merges, counted apart from the marks: %s %s" % (out, err))
    got = marks_of(marks)
    fbs = {(k[0], k[1]): v[1] for k, v in got.items() if k[2] == "feedback"}
    check(fbs == texts, "each feedback in the marks file as typed, and no other: %d of %d" % (len(fbs), n))
    check(all(got[(b, q, "*")][1].startswith("Agreed") for b, q in texts), "the consensus stays beside it")
    xml = open(marks, encoding="utf-8").read()
    check(re.search(r"</moderated>\n\s*<feedback>Your answer", xml) is not None, "<feedback> comes after <moderated>")
    before = open(marks, "rb").read()
    rc, out, err = run("panel", "merge", LOT8, panel, mod, "--marks", marks)
    check(rc == 0 and "(%d already recorded)" % n in out and open(marks, "rb").read() == before,
          "merging the same moderation again changes nothing: %s" % out)
    # The next moderation form has each feedback filled in.
    rc, out, err = run("panel", "moderation", LOT8, panel, "--marks", marks, "-o", form)
    html = open(form, encoding="utf-8").read()
    first = sorted(texts.items())[0][1]
    check(rc == 0 and first.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in html,
          "the moderation form made again holds the feedback recorded")
    # Another text: refused at the <feedback> element without --replace; replaced with it.
    write_mod(lambda i: "Changed text." if i == 0 else texts.get((key[seen[i][0]], seen[i][1])))
    rc, out, err = run("panel", "merge", LOT8, panel, mod, "--marks", marks)
    check(rc == 2 and "%s:4:3: the panel's feedback for %s %s is already recorded in %s with another text"
          % (mod, seen[0][0], seen[0][1], marks) in err and open(marks, "rb").read() == before,
          "another feedback text is refused at its place: %s" % err)
    rc, out, err = run("panel", "merge", LOT8, panel, mod, "--marks", marks, "--replace")
    check(rc == 0 and "(1 replaced)" in out and marks_of(marks)[(key[seen[0][0]], seen[0][1], "feedback")][1] == "Changed text.",
          "--replace replaces it: %s %s" % (out, err))
    rc, out, err = run("evaluate", LOT8, os.path.join(TOP, "bids/lot8"), "--marks", marks)
    check(rc in (0, 3), "lot 8 evaluates on marks with feedback: %d %s" % (rc, err[:300]))


if __name__ == "__main__":
    sys.exit(main())
