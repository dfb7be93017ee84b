#!/usr/bin/env python3
"""scores.csv read by an independent reader (Python's csv module): the UTF-8 byte-order mark,
one row per bid of result.json with its file, each price item's price beside its points as
result.json gives them, per_scheme lots' scheme columns as result.json's schemes, and reasons
that name their subject.

usage: csv_check.py CALLOFF TOP_SRCDIR GENBIDS"""
import csv
import io
import json
import os
import subprocess
import sys
import tempfile

CALLOFF, TOP, GENBIDS = sys.argv[1:4]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def evaluate(rules, bids, marks, out):
    p = subprocess.run([CALLOFF, "evaluate", rules, bids, "--marks", marks, "-o", out],
                       capture_output=True, text=True)
    if p.returncode not in (0, 3):
        sys.exit(f"evaluate {rules}: exit {p.returncode}: {p.stderr}")


def one(name, rules, bids, marks, out):
    evaluate(rules, bids, marks, out)
    raw = open(os.path.join(out, "scores.csv"), "rb").read()
    check(raw.startswith(b"\xef\xbb\xbf"), f"{name}: scores.csv starts with the UTF-8 byte-order mark")
    check(not raw[3:].startswith(b"\xef\xbb\xbf"), f"{name}: one byte-order mark only")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    result = json.load(open(os.path.join(out, "result.json"), encoding="utf-8"))
    bids_json = result["bids"]
    check(len(rows) == len(bids_json) > 0, f"{name}: one row per bid ({len(rows)} rows, {len(bids_json)} bids)")
    rules_items = [p["item"] for b in bids_json for p in b["prices"]]
    priced = 0
    reasons_with_subject = 0
    for b, row in zip(bids_json, rows):
        where = f"{name}: {b['file']}"
        check(row["file"] == b["file"], f"{where}: the row's file is {row['file']!r}")
        check(row["bid"] == (b["bid"] or ""), f"{where}: bid id {row['bid']!r} against {b['bid']!r}")
        check(row["status"] == b["status"], f"{where}: status")
        for p in b["prices"]:
            check(f"{p['item']} price" in row and f"{p['item']} points" in row, f"{where}: columns for {p['item']}")
            if p.get("value") is not None and b["status"] != "rejected":
                got = row[p["item"] + " price"]
                check(got == p["value"], f"{where}: {p['item']} price {got!r} against {p['value']!r}")
                priced += 1
            if p.get("points") is not None:
                check(row[f"{p['item']} points"] == p["points"], f"{where}: {p['item']} points")
        for r in b["reasons"]:
            for kind in ("question", "item", "scheme"):
                if r.get(kind):
                    check(f"{r['code']}: {kind} {r[kind]}: " in row["reasons"],
                          f"{where}: reason {r['code']} names its {kind} {r[kind]}: {row['reasons']!r}")
                    reasons_with_subject += 1
    check(priced > 0, f"{name}: some price was compared")
    for s in result.get("schemes") or []:
        ranked = {c["bid"]: c for c in s["ranking"]}
        for b, row in zip(bids_json, rows):
            c = ranked.get(b["bid"]) if b["bid"] else None
            check(row[f"{s['id']} rank"] == (str(c["rank"]) if c else ""), f"{name}: {b['bid']} rank in {s['id']}")
            check(row[f"{s['id']} total"] == (c["total"] if c else ""), f"{name}: {b['bid']} total in {s['id']}")
            won = s.get("awarded") is not None and s["awarded"] == b["bid"] and c is not None
            check((row[f"{s['id']} outcome"] == "awarded") == won, f"{name}: {b['bid']} outcome in {s['id']}")
    return reasons_with_subject, len(result.get("schemes") or [])


with tempfile.TemporaryDirectory() as t:
    subjects = schemes = 0
    for name, rules, bids, marks in [
        ("lot7", "rules/dorset-lot7-live-in-care.yaml", "bids/lot7", "bids/marks/dorset-lot7-marks.xml"),
        ("lot8", "rules/dorset-lot8-extra-care.yaml", "bids/lot8", "bids/marks/dorset-lot8-marks.xml"),
        ("lot8-capped", "rules/dorset-lot8-extra-care-capped.yaml", "bids/lot8", "bids/marks/dorset-lot8-marks.xml"),
    ]:
        a, s = one(name, os.path.join(TOP, rules), os.path.join(TOP, bids), os.path.join(TOP, marks),
                   os.path.join(t, name))
        subjects += a
        schemes += s
    gen = os.path.join(t, "gen")
    subprocess.run([GENBIDS, gen, "300", "7"], check=True, capture_output=True)
    a, _ = one("generated", os.path.join(gen, "rules.yaml"), os.path.join(gen, "bids"), os.path.join(gen, "marks.xml"),
               os.path.join(t, "gen-out"))
    subjects += a
    check(subjects > 0, "some reason with a subject was checked")
    check(schemes > 0, "some scheme's columns were checked")

for f in failures:
    print("FAIL:", f)
print(f"csv_check: {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
