#!/usr/bin/python3
"""The marking workbook through the panel's commands: calloff panel prepare writes each evaluator's
workbook, openpyxl fills it as an evaluator's spreadsheet would, calloff panel status and merge
read it back.

- E1's workbook filled with a mark and a rationale on every row (rationales with R&R, <, quotes,
  emoji, line breaks): merge puts exactly those marks in the marks file, byte for byte; merging
  it again gives the same bytes; status counts it complete;
- E2's workbook half filled: status names what is missing;
- the filled workbook saved again by LibreOffice (when it is installed: it is not one of the
  project's dependencies) merges to the same marks;
- workbooks edited where calloff wrote (a title typed over, a mark below the table, a row added,
  a formula for a mark) or with a mark off the scale: merge exits 2 naming FILE:Marks:CELL and
  the marks file is left byte for byte as it was; a file that is not a workbook is refused at
  FILE:1:1.

usage: cli.py CALLOFF TOP_SRCDIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from paneltest import Checks, marks_of, runner  # noqa: E402

import openpyxl

CALLOFF, TOP = sys.argv[1], sys.argv[2]
LOT7 = os.path.join(TOP, "rules/dorset-lot7-live-in-care.yaml")
FIRST = 7  # the first item's row (engine/panels/workbook.h)
check = Checks("workbook cli")
run = runner(CALLOFF)



def rationale(i, label, q):
    return 'R&R <b>"%s" %s\'s 😀 café\nsecond line\n\n  and a third' % (label, q) if i % 2 else "Plain, for %s %s." % (label, q)


def fill(src, dst, take=None, edits=None):
    """src's Marks sheet with a mark and rationale on each item row (the first `take` only), then edits; saved as dst.
    Returns [(label, question, mark, rationale)] of the rows filled."""
    wb = openpyxl.load_workbook(src)
    ws = wb["Marks"]
    filled = []
    row = FIRST
    while ws.cell(row, 1).value:
        i = row - FIRST
        if take is None or i < take:
            label, q = ws.cell(row, 1).value, ws.cell(row, 2).value
            mark, text = (i * 3 + 1) % 6, rationale(i, label, q)
            ws.cell(row, 7).value = mark
            ws.cell(row, 8).value = text
            filled.append((label, q, str(mark), text))
        row += 1
    for cell, value in (edits or {}).items():
        if cell == "@insert_rows":
            ws.insert_rows(value)
        else:
            ws[cell] = value
    wb.save(dst)
    return filled


def main():
    t = tempfile.mkdtemp()
    try:
        lot7(t)
    finally:
        shutil.rmtree(t)
    return check.finish()


def lot7(t):
    panel = os.path.join(t, "panel")
    rc, _, err = run("panel", "prepare", LOT7, os.path.join(TOP, "bids/lot7"), "--evaluators", "E1,E2",
                     "--assign", "E2=Q1,Q2", "--seed", "11", "-o", panel)
    check(rc == 0, "prepare: %d %s" % (rc, err))
    plan = json.load(open(os.path.join(panel, "panel.json"), encoding="utf-8"))
    label_bid = {r["label"]: r["bid"] for r in plan["responses"]}
    e1_book = os.path.join(panel, "E1", "E1-marking.xlsx")
    e2_book = os.path.join(panel, "E2", "E2-marking.xlsx")
    ws = openpyxl.load_workbook(e2_book)["Marks"]
    check(ws["B2"].value == "E2" and ws["A7"].value == "Response 01" and ws["B7"].value == "Q1"
          and ws["B8"].value == "Q2" and ws["B9"].value == "Q1" and ws.cell(FIRST + 18, 1).value is None,
          "E2's workbook: Q1 and Q2 of each of the 9 responses, nothing below")
    for bid in label_bid.values():
        check(all(bid not in str(c.value) for row in ws.iter_rows() for c in row if c.value),
              "the workbook never names bid %s" % bid)

    ret = os.path.join(t, "returned")
    os.mkdir(ret)
    e1 = fill(e1_book, os.path.join(ret, "E1-marking.xlsx"))
    e2 = fill(e2_book, os.path.join(ret, "E2-marking.xlsx"), take=5)
    check(len(e1) == 72 and len(e2) == 5, "E1 filled 72 rows, E2 5: %d %d" % (len(e1), len(e2)))
    rc, out, err = run("panel", "status", LOT7, panel, ret)
    check(rc == 0 and "E1: complete: 72 of 72 marks, each with its rationale" in out
          and "E2: 5 of 18 marks, 5 of 18 rationales; missing:" in out, "status of the workbooks: %d %s %s" % (rc, out, err))

    marks = os.path.join(t, "marks.xml")
    rc, out, err = run("panel", "merge", LOT7, panel, ret, "--marks", marks)
    check(rc == 0, "merge: %d %s" % (rc, err))
    first = open(marks, "rb").read()
    got = marks_of(marks)
    for ev, rows in (("E1", e1), ("E2", e2)):
        for label, q, mark, text in rows:
            want = (mark, text.strip(" \t\r\n"))
            check(got.get((label_bid[label], q, ev)) == want,
                  "%s's %s %s survives byte for byte: %r, not %r" % (ev, label, q, got.get((label_bid[label], q, ev)), want))
    check(len(got) == 77, "nothing else merged: %d marks" % len(got))
    rc, _, err = run("panel", "merge", LOT7, panel, ret, "--marks", marks)
    check(rc == 0 and open(marks, "rb").read() == first, "merging the same workbooks again gives the same bytes: %s" % err)

    def refused(name, want, cell, take=None, edits=None, book=e1_book):
        path = os.path.join(t, name + ".xlsx")
        fill(book, path, take=take, edits=edits)
        rc, _, err = run("panel", "merge", LOT7, panel, path, "--marks", marks)
        where = "%s:Marks:%s: " % (path, cell)
        check(rc == 2 and where in err and want in err, "%s: exit 2 at %s with '%s': %d %s" % (name, where, want, rc, err))
        check(open(marks, "rb").read() == first, "%s leaves the marks file untouched" % name)

    refused("title", 'in a locked cell, where calloff wrote "Matching carers to people"', "C7", edits={"C7": 4})
    refused("below", "where calloff wrote nothing: only the marks in G7:G78", "G79", edits={"G79": 3})
    refused("header", "where calloff wrote nothing", "H3", edits={"H3": "a note"})
    refused("row_added", "row 10 is for", "A10", edits={"@insert_rows": 10})
    refused("formula", "a formula in a mark cell", "G8", edits={"G8": "=1+2"})
    refused("off_scale", "is off the scale", "G9", edits={"G9": 7})
    refused("not_whole", "is not a whole number", "G9", edits={"G9": 2.5})
    refused("evaluator", "evaluator 'E9' is not on the panel", "B2", edits={"B2": "E9"})
    refused("pack", "made from another pack than E1's", "B3", edits={"B3": "sha256:" + "0" * 64})

    libreoffice(t, panel, os.path.join(ret, "E1-marking.xlsx"), marks)

    path = os.path.join(t, "not-a-workbook.xlsx")
    with open(path, "wb") as fh:
        fh.write(b"PK\x03\x04 but nothing of a zip after")
    rc, _, err = run("panel", "merge", LOT7, panel, path, "--marks", marks)
    check(rc == 2 and path + ":1:1: " in err and open(marks, "rb").read() == first,
          "a file that is not a workbook is refused at FILE:1:1: %d %s" % (rc, err))


def libreoffice(t, panel, filled, marks):
    """E1's filled workbook saved again by LibreOffice (when installed) merges to the same marks."""
    soffice = shutil.which("soffice")
    if not soffice:
        print("workbook cli: LibreOffice is not installed: a workbook it saved is not checked")
        return
    out = os.path.join(t, "lo")
    p = subprocess.run([soffice, "-env:UserInstallation=file://" + os.path.join(t, "lo-profile"), "--headless",
                        "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, filled],
                       capture_output=True, text=True, timeout=300)
    saved = os.path.join(out, os.path.basename(filled))
    check(p.returncode == 0 and os.path.isfile(saved), "LibreOffice saves the workbook: %s" % p.stderr)
    again = os.path.join(t, "marks-lo.xml")
    rc, _, err = run("panel", "merge", LOT7, panel, saved, "--marks", again)
    check(rc == 0, "a workbook LibreOffice saved is read: %d %s" % (rc, err))
    mine = {k: v for k, v in marks_of(marks).items() if k[2] == "E1"}
    check(rc == 0 and marks_of(again) == mine and len(mine) == 72, "and gives the same marks, byte for byte")


if __name__ == "__main__":
    sys.exit(main())
