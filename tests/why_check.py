#!/usr/bin/env python3
"""The "why" sentence of every unsuccessful supplier's assessment summary, checked against the
result document by an independent reading (issue 22).

usage: why_check.py CALLOFF GENBIDS GEN_CAPPED TOP_SRCDIR

Runs `calloff evaluate ... -o DIR` on each shipped example, on priced variants of Lot 8, and on
generated competitions (tools/gen: genbids for top_n, priced and not; gen_capped for per_scheme,
with and without a cap), then, for every supplier whose summary must say why it lost, finds each
<p class="why"> of its HTML summary (and as many "**Why:** " paragraphs in its Markdown one) and
checks what it claims from result.json, the rules and the bid files alone:
  - a lower total: both totals are the bids' totals in result.json, and they differ that way;
  - a tie-break key: the totals are equal, every earlier key is equal, the key named is the first
    that differs, the two values are the bids' values, and the successful bid's is the better;
  - the cap: the rank and totals are the scheme's, the cap is the rules', and the schemes named are
    exactly those its supplier holds in result.json, as many as the cap;
  - a tie at the top-n boundary: the rank is shared, and the rules' at_boundary says what it says;
  - a disqualification: every reason's subject and detail appear;
  - top_n: the outcome's "There are N places and M bids are awarded" is the rules' n and the
    length of result.json's awarded, and any bids it says were tied at the boundary are the bids
    sharing that rank, awarded or not as it says (never "the top n are awarded").
A summary with no why sentence, or one this script cannot read, fails the check.
"""
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import yaml

CALLOFF, GENBIDS, GEN_CAPPED, TOP = (os.path.abspath(a) for a in sys.argv[1:5])
failures = []
checked = {"places": 0, "sentences": 0, "lower": 0, "key": 0, "cap": 0, "disqualified": 0, "boundary": 0, "unawarded": 0}


def fail(where, msg):
    failures.append(f"{where}: {msg}")


def num(s):
    """A number as the letter writes it: a decimal or an exact fraction p/q."""
    return Fraction(s) if "/" in s else Fraction(Decimal(s))


def rounded(x, places):
    """x (a Fraction) rounded half up to places, as result.json writes it."""
    q = Decimal(x.numerator) / Decimal(x.denominator) if x.denominator != 1 else Decimal(x.numerator)
    # exact enough: Decimal's default context has 28 digits; work with more for the rounding
    from decimal import localcontext
    with localcontext() as c:
        c.prec = 80
        q = Decimal(x.numerator) / Decimal(x.denominator)
        return str(q.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def shown_as(where, text, exact_str, places, what):
    """The letter's number text shows result.json's exact_str (itself rounded to places)."""
    if rounded(num(text), places) != exact_str and text != exact_str:
        fail(where, f"{what}: the letter says {text}, result.json {exact_str}")


def when(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


class Case:
    def __init__(self, name, rules_path, bids, marks, out):
        self.name = name
        with open(rules_path, encoding="utf-8") as f:
            self.rules = yaml.safe_load(f)
        with open(os.path.join(out, "result.json"), encoding="utf-8") as f:
            self.res = json.load(f)
        self.out = out
        self.places = self.res["decimals"]
        self.bids = {b["bid"]: b for b in self.res["bids"] if b["bid"]}
        self.award = self.rules["award"]
        self.tie_break = self.award.get("tie_break", [])
        self.scored = [p["id"] for p in self.rules.get("prices", []) if p.get("scored", True)]

    # The value of one tie-break key for bid b (its scheme candidate c in per_scheme), as result.json and the bid file give it.
    def key_value(self, key, b, c):
        if key == "quality":
            return num(b["quality"])
        if key == "price":
            return num(c["price"] if c is not None else b["price"])
        if key == "lowest_price":
            return sum((num(p["value"]) for p in b["prices"] if p["item"] in self.scored), Fraction(0))
        if key == "submitted":
            with open(b["file"], encoding="utf-8") as f:
                return when(re.search(r"<submitted>([^<]+)</submitted>", f.read()).group(1).strip())
        if key.startswith("question:"):
            q = key.split(":", 1)[1]
            return num(next(x["mark"] for x in b["questions"] if x["id"] == q))
        raise ValueError(key)

    def better(self, key, a, b):
        """1 when value a is ahead of value b on key."""
        return a < b if key in ("lowest_price", "submitted") else a > b

    def check_behind(self, where, m, own, other, c_own, c_other):
        """A lower total, or an equal total and the first differing key, against the successful bid."""
        t_own = c_own["total"] if c_own is not None else own["total"]
        t_other = c_other["total"] if c_other is not None else other["total"]
        if m.group("kind") == "is lower than":
            shown_as(where, m.group("mine"), t_own, self.places, "your total")
            shown_as(where, m.group("theirs"), t_other, self.places, "the successful bid's total")
            if not num(m.group("mine")) < num(m.group("theirs")):
                fail(where, "a lower total that is not lower")
            if num(t_own) > num(t_other):
                fail(where, f"result.json has {t_own} against {t_other}")
            checked["lower"] += 1
            return
        if t_own != t_other:
            fail(where, f"equal totals claimed; result.json has {t_own} and {t_other}")
        shown_as(where, m.group("mine"), t_own, self.places, "your total")
        key = m.group("key")
        if key not in self.tie_break:
            fail(where, f"{key} is not a tie-break key of the rules ({self.tie_break})")
            return
        for k in self.tie_break[: self.tie_break.index(key)]:
            if self.key_value(k, own, c_own) != self.key_value(k, other, c_other):
                fail(where, f"the earlier key {k} already differs")
        mine, theirs = self.key_value(key, own, c_own), self.key_value(key, other, c_other)
        if key == "submitted":
            if when(m.group("kv_theirs")) != theirs or when(m.group("kv_mine")) != mine:
                fail(where, f"submitted times {m.group('kv_theirs')}, {m.group('kv_mine')} against {theirs}, {mine}")
        else:
            for said, val in ((m.group("kv_mine"), mine), (m.group("kv_theirs"), theirs)):
                if num(said) != val and rounded(num(said), self.places) != rounded(val, self.places):
                    fail(where, f"{key}: the letter says {said}, the result {val}")
        if not self.better(key, theirs, mine):
            fail(where, f"on {key} the successful bid is not ahead ({theirs} against {mine})")
        checked["key"] += 1

    def held(self, supplier):
        return [s["id"] for s in self.res.get("schemes", [])
                if s["awarded"] and self.bids[s["awarded"]]["supplier"] == supplier]

    def check_sentence(self, where, bid, s, scheme_ids):
        checked["sentences"] += 1
        own = self.bids[bid]
        if own["status"] == "disqualified":
            if not s.startswith("Your bid was disqualified: "):
                fail(where, f"a disqualified bid is not told so: {s}")
                return
            for r in own["reasons"]:
                for kind in ("question", "item", "scheme"):
                    if kind in r and f"{kind} {r[kind]}: {r['detail']}" not in s:
                        fail(where, f"reason {r['code']} without its subject {kind} {r[kind]}: {s}")
                if "gate" in r and (r["gate"] not in s or r["detail"] not in s):
                    fail(where, f"reason {r['code']} without gate {r['gate']}: {s}")
                if r["detail"] not in s:
                    fail(where, f"reason {r['code']}'s detail missing: {s}")
            checked["disqualified"] += 1
            return
        num_re = r"(\S+)"
        behind = re.compile(
            r"^(?:For scheme (?P<scheme>\S+), your|Your) total of (?P<mine>\S+) "
            r"(?:(?P<kind>is lower than) (?P<theirs>\S+), the total of (?:the lowest-ranked successful bid|the successful bid) "
            r"\((?P<bid>.+?)\)\.|equals that of (?:the lowest-ranked successful bid|the successful bid) \((?P<bid2>.+?)\), "
            r"and the first tie-break key on which they differ, (?P<key>\S+) \([^)]*\), put it ahead: (?P<kv_theirs>.+) "
            r"against your (?P<kv_mine>.+)\.)$")
        m = behind.match(s)
        if m:
            other_id = m.group("bid") or m.group("bid2")
            if self.award["mode"] == "top_n":
                if m.group("scheme"):
                    fail(where, "a scheme in a top_n lot")
                if other_id != self.res["awarded"][-1]:
                    fail(where, f"{other_id} is not the lowest-ranked awarded bid {self.res['awarded'][-1]}")
                self.check_behind(where, m, own, self.bids[other_id], None, None)
            else:
                sc = next((x for x in self.res["schemes"] if x["id"] == m.group("scheme")), None)
                if sc is None or sc["awarded"] != other_id:
                    fail(where, f"{other_id} did not win scheme {m.group('scheme')}")
                    return
                scheme_ids.append(sc["id"])
                c = {x["bid"]: x for x in sc["ranking"]}
                self.check_behind(where, m, own, self.bids[other_id], c[bid], c[other_id])
            return
        m = re.match(r"^For scheme (\S+), your bid is ranked (\d+) with a total of (\S+) and the successful bid \((.+?)\) "
                     r"is ranked (\d+) with (\S+), but the rules allow one supplier at most (\d+) schemes? "
                     r"\(max_schemes_per_supplier: (\d+)\) and your supplier is awarded (\d+): (.+)\.$", s)
        if m:
            sid, rank, total, win, wrank, wtotal, cap, cap2, count, listed = m.groups()
            sc = next(x for x in self.res["schemes"] if x["id"] == sid)
            scheme_ids.append(sid)
            c = {x["bid"]: x for x in sc["ranking"]}
            if sc["awarded"] != win:
                fail(where, f"{win} did not win {sid}")
                return
            if int(rank) != c[bid]["rank"] or int(wrank) != c[win]["rank"] or int(rank) > int(wrank):
                fail(where, f"ranks {rank} and {wrank}: the scheme's are {c[bid]['rank']} and {c[win]['rank']}")
            shown_as(where, total, c[bid]["total"], self.places, "your total")
            shown_as(where, wtotal, c[win]["total"], self.places, "the successful bid's total")
            self.check_cap(where, own, cap, cap2, count, listed)
            return
        m = re.match(r"^For scheme (\S+), no bid was awarded: the rules allow one supplier at most (\d+) schemes? "
                     r"\(max_schemes_per_supplier: (\d+)\) and your supplier is awarded (\d+): (.+)\.$", s)
        if m:
            sc = next(x for x in self.res["schemes"] if x["id"] == m.group(1))
            scheme_ids.append(sc["id"])
            if sc["awarded"] is not None or sc["status"] != "unawarded":
                fail(where, f"scheme {sc['id']} is {sc['status']}")
            self.check_cap(where, own, *m.groups()[1:])
            checked["unawarded"] += 1
            return
        m = re.match(r"^Your bid is ranked (\d+), tied on every key with (another bid|\d+ other bids) across the top-"
                     r"(\d+) boundary"
                     r"(, and the rules \(at_boundary: exclude_all\) award none of the tied bids\.|; the contracting "
                     r"authority's decision \S+ awarded the places? left to (another tied bid|other tied bids)\.)$", s)
        if m:
            rank, n = int(m.group(1)), int(m.group(3))
            same = [b for b in self.bids.values() if b["rank"] == rank]
            if own["rank"] != rank or len(same) < 2 or n != self.award["n"]:
                fail(where, f"rank {rank} shared by {len(same)}; n {self.award['n']}")
            others = 1 if m.group(2) == "another bid" else int(m.group(2).split()[0])
            if others != len(same) - 1:
                fail(where, f"{m.group(2)} said, {len(same) - 1} other bids share rank {rank}")
            if not rank <= n < rank + len(same) - 1:
                fail(where, "the tie does not straddle the boundary")
            if m.group(4).startswith(", and") and self.award.get("at_boundary") != "exclude_all":
                fail(where, "exclude_all said, the rules say otherwise")
            if any(self.bids[a]["rank"] == rank for a in self.res["awarded"]) and m.group(4).startswith(", and"):
                fail(where, "a tied bid was awarded under exclude_all")
            checked["boundary"] += 1
            return
        fail(where, f"a why sentence this check cannot read: {s}")

    def check_places(self, where, text):
        """The top_n outcome's places sentence, against the rules and result.json's awarded."""
        m = re.search(r"There (?:is|are) (\d+) places? and (?:no bid is|(\d+) bids? (?:is|are)) awarded"
                      r"(?:\.|, including (?:both|all (\d+)) bids tied at rank (\d+) across the boundary \(at_boundary: (\w+)\)\."
                      r"|; the (\d+) bids tied at rank (\d+) across the boundary are not \(at_boundary: (\w+)\)\."
                      r"|; of the (\d+) bids tied at rank (\d+) across the boundary, the contracting authority's "
                      r"decision \S+ awarded (\d+)\.)", text)
        if not m:
            fail(where, "no places sentence in a top_n summary")
            return
        if "are awarded." in re.sub(r"There (?:is|are) \d+ places?[^.]*\.", "", text):
            fail(where, "a sentence says who 'are awarded' besides the places sentence")
        n, won = int(m.group(1)), int(m.group(2) or 0)
        awarded = self.res["awarded"]
        if n != self.award["n"] or won != len(awarded):
            fail(where, f"{n} places and {won} awarded said; the rules' n is {self.award['n']}, {len(awarded)} awarded")
        both = m.group(4) and "including both bids" in m.group(0)  # "both" is the two tied bids
        tie = m.group(3) or ("2" if both else None) or m.group(6) or m.group(9)
        if tie:
            rank = int(m.group(4) or m.group(7) or m.group(10))
            same = [b["bid"] for b in self.bids.values() if b["rank"] == rank]
            got = sum(1 for b in same if b in awarded)
            if int(tie) != len(same) or not rank <= n < rank + len(same) - 1:
                fail(where, f"{tie} bids said tied at rank {rank}: {len(same)} share it, n {n}")
            if m.group(4) and (got != len(same) or m.group(5) != self.award.get("at_boundary", "admit_all")):
                fail(where, f"all tied bids said awarded; {got} of {len(same)} are")
            if m.group(6) and (got != 0 or m.group(8) != self.award.get("at_boundary")):
                fail(where, f"no tied bid said awarded; {got} are")
            if m.group(9) and int(m.group(11)) != got:
                fail(where, f"{m.group(11)} tied bids said awarded; {got} are")
        elif any(b["rank"] == self.bids[a]["rank"] and b["bid"] not in awarded for a in awarded for b in self.bids.values()):
            fail(where, "no tie said, but a bid sharing an awarded rank is not awarded")
        checked["places"] += 1

    def check_cap(self, where, own, cap, cap2, count, listed):
        rule_cap = self.award.get("max_schemes_per_supplier")
        held = self.held(own["supplier"])
        names = listed.split(", ")
        if rule_cap is None or int(cap) != rule_cap or int(cap2) != rule_cap:
            fail(where, f"the cap said is {cap}, the rules' {rule_cap}")
        if names != held:
            fail(where, f"schemes named {names}, held in result.json {held}")
        if int(count) != len(held) or len(held) != rule_cap:
            fail(where, f"{count} schemes said, {len(held)} held, cap {rule_cap}")
        checked["cap"] += 1

    def run(self):
        per_scheme = self.award["mode"] == "per_scheme"
        suppliers_seen = 0
        for b in self.res["bids"]:
            if b["status"] in ("rejected",):
                continue
            if b["status"] == "disqualified":
                expect = 1
                lost = None
            elif per_scheme:
                lost = [s["id"] for s in self.res["schemes"]
                        if any(c["bid"] == b["bid"] for c in s["ranking"]) and s["awarded"] != b["bid"]]
                expect = len(lost)
            else:
                lost = None
                expect = 0 if b["status"] == "awarded" else 1
            where = f"{self.name} {b['bid']} ({b['supplier']})"
            path = os.path.join(self.out, "summaries", b["supplier"] + ".html")
            if not os.path.exists(path):
                fail(where, "no summary")
                continue
            suppliers_seen += 1
            with open(path, encoding="utf-8") as f:
                text = f.read()
            with open(path[:-5] + ".md", encoding="utf-8") as f:
                md = f.read()
            if not per_scheme and b["status"] != "disqualified" and not (
                    b["status"] != "awarded" and any(f["code"] == "tie_at_boundary" for f in b["flags"])):
                self.check_places(where, html.unescape(text))
            whys = [html.unescape(w) for w in re.findall(r'<p class="why"><strong>Why:</strong> (.*?)</p>\n', text, re.S)]
            if len(whys) != expect:
                fail(where, f"{len(whys)} why sentences, {expect} expected")
            if md.count("\n**Why:** ") != len(whys):
                fail(where, f"the Markdown has {md.count(chr(10) + '**Why:** ')} why paragraphs, the HTML {len(whys)}")
            schemes_said = []
            for w in whys:
                try:
                    self.check_sentence(where, b["bid"], w, schemes_said)
                except (ValueError, KeyError, StopIteration, OSError, AttributeError) as exc:
                    fail(where, f"a why sentence whose claim cannot be read ({exc!r}): {w}")
            if lost is not None and sorted(schemes_said) != sorted(lost):
                fail(where, f"why given for schemes {schemes_said}, lost {lost}")
        if suppliers_seen == 0:
            fail(self.name, "no summary checked")


def must_catch(name, rules, out, supplier, old, new):
    """The check itself: a copy of out whose summary of supplier says old as new must fail it."""
    bad = f"{out}-tampered{checked.get('tampered', 0)}"
    shutil.copytree(out, bad)
    for ext in (".html", ".md"):
        path = os.path.join(bad, "summaries", supplier + ext)
        with open(path, encoding="utf-8") as f:
            t = f.read()
        if ext == ".html" and old not in t:
            fail(name, f"the tampering finds no {old!r} in {supplier}'s summary")
            return
        with open(path, "w", encoding="utf-8") as f:
            f.write(t.replace(old, new).replace(old.replace("_", "\\_"), new.replace("_", "\\_")))
    before = len(failures)
    Case(name + " (tampered)", rules, None, None, bad).run()
    caught = len(failures) - before
    del failures[before:]
    if not caught:
        fail(name, f"a summary saying {new!r} for {old!r} was not caught")
    checked["tampered"] = checked.get("tampered", 0) + 1


def evaluate(name, rules, bids, marks, work, tamper=()):
    out = os.path.join(work, name + "-out")
    p = subprocess.run([CALLOFF, "evaluate", rules, bids, "--marks", marks, "-o", out],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if "Sanitizer" in p.stderr or "runtime error:" in p.stderr:
        print(p.stderr)  # for ctest's FAIL_REGULAR_EXPRESSION
    if p.returncode == 3:
        print(f"# {name}: the award needs a decision (exit 3): no summaries to check")
        return
    if p.returncode != 0:
        fail(name, f"evaluate exited {p.returncode}: {p.stderr}")
        return
    Case(name, rules, bids, marks, out).run()
    for t in tamper:
        must_catch(name, rules, out, *t)


def rewrite(src, dst, subs):
    with open(src, encoding="utf-8") as f:
        t = f.read()
    for old, new in subs:
        if not re.search(old, t, re.M):
            raise SystemExit(f"why_check: {old!r} not in {src}")
        t = re.sub(old, new, t, flags=re.M)
    with open(dst, "w", encoding="utf-8") as f:
        f.write(t)


def main():
    work = tempfile.mkdtemp(prefix="why_check.")
    os.chdir(work)
    try:
        L7 = (f"{TOP}/rules/dorset-lot7-live-in-care.yaml", f"{TOP}/bids/lot7", f"{TOP}/bids/marks/dorset-lot7-marks.xml")
        L8B, L8M = f"{TOP}/bids/lot8", f"{TOP}/bids/marks/dorset-lot8-marks.xml"
        evaluate("lot7", *L7, work, tamper=(
            ("GB-COH-12890567", "Your total of 62.00 is lower than 67.00", "Your total of 67.00 is lower than 67.00"),
            ("GB-COH-12890567", "5 places and 6 bids are awarded", "5 places and 5 bids are awarded"),
            ("GB-COH-12890567", "It is ranked 7. There are 5 places and 6 bids are awarded, including both bids tied at "
             "rank 5 across the boundary (at_boundary: admit_all).", "It is ranked 7, and the top 5 are awarded."),
        ))
        evaluate("lot8", f"{TOP}/rules/dorset-lot8-extra-care.yaml", L8B, L8M, work, tamper=(
            ("GB-COH-09345612", "put it ahead: 5 against your 4", "put it ahead: 4 against your 3"),
            ("GB-COH-09345612", "question:E2 (the consensus", "submitted (the consensus"),
        ))
        # Harbour (GB-COH-09345612) and B-L8-05's supplier (GB-COH-11567234): each false claim must be caught.
        harbour, l805 = "GB-COH-09345612", "GB-COH-11567234"
        evaluate("lot8-capped", f"{TOP}/rules/dorset-lot8-extra-care-capped.yaml", L8B, L8M, work, tamper=(
            (harbour, "is awarded 1: ECH-01.", "is awarded 1: ECH-02."),
            (harbour, "is ranked 2 with 77.00", "is ranked 2 with 78.00"),
            (harbour, '<p class="why"><strong>Why:</strong> For scheme ECH-04', '<p>For scheme ECH-04'),
            (l805, "your total of 60.00 is lower than 77.00", "your total of 60.00 is lower than 81.00"),
        ))
        # Lot 8 priced: each scheme's own lowest price, with and without the cap.
        priced = [(r"^weights: .*$", "weights: {quality: 60, price: 40}"),
                  (r"^price_scoring: fixed$", "price_scoring: lowest_ratio"),
                  (r"max: 24.50\}", "max: 24.50, weight: 70}"), (r"max: 142.00\}", "max: 142.00, weight: 30}")]
        # The bids: B-L8-04 (not marked: it was out at compliance) left out, and prices that differ.
        pb = os.path.join(work, "lot8-priced-bids")
        os.mkdir(pb)
        prices = {"harbour-home-care.xml": ("24.50", "23.10"), "chesil-care-partnership.xml": ("142.00", "128.40"),
                  "acme-care-group.xml": ("24.50", "22.75")}
        for f in os.listdir(L8B):
            if f == "blackmore-vale-homecare.xml":
                continue
            old, new = prices.get(f, ("", ""))
            rewrite(os.path.join(L8B, f), os.path.join(pb, f), [(re.escape(f">{old}<"), f">{new}<")] if old else [])
        for cap in ("", "-capped"):
            r = os.path.join(work, f"lot8{cap}-priced.yaml")
            rewrite(f"{TOP}/rules/dorset-lot8-extra-care{cap}.yaml", r, priced)
            evaluate(f"lot8{cap}-priced", r, pb, L8M, work)
        # Lot 7 as a quality-only lot that breaks ties on the lowest price, then submitted.
        r = os.path.join(work, "lot7-keys.yaml")
        rewrite(L7[0], r, [(r"tie_break: \[question:Q1\]", "tie_break: [lowest_price, submitted]")])
        evaluate("lot7-keys", r, *L7[1:], work)

        # Generated top_n lots: priced (lowest_ratio, linear_to_max, each_score), and quality only
        # with tie-break keys that ties reach.
        for seed, n in ((3, 300), (5, 240)):
            g = os.path.join(work, f"gen{seed}")
            subprocess.run([GENBIDS, g, str(n), str(seed)], check=True, stdout=subprocess.DEVNULL)
            rules = os.path.join(g, "rules.yaml")
            evaluate(f"genbids-{seed}", rules, os.path.join(g, "bids"), os.path.join(g, "marks.xml"), work)
            variants = {
                "linear": [(r"^price_scoring: lowest_ratio", "price_scoring: linear_to_max")],
                "quality-only": [(r"^weights: .*$", "weights: {quality: 100, price: 0}"),
                                 (r"tie_break: \[quality, submitted\]", "tie_break: [question:Q1, lowest_price, submitted]")],
                "price-key": [(r"tie_break: \[quality, submitted\]", "tie_break: [price, quality, submitted]"),
                              (r"^rounding: .*$", "rounding: {decimals: 0, apply: each_score}")],
                "exclude-all": [(r"^weights: .*$", "weights: {quality: 100, price: 0}"),
                                (r"at_boundary: admit_all", "at_boundary: exclude_all"),
                                (r"tie_break: \[quality, submitted\]", "tie_break: [quality]")],
            }
            for v, subs in variants.items():
                vr = os.path.join(g, f"rules-{v}.yaml")
                rewrite(rules, vr, subs)
                evaluate(f"genbids-{seed}-{v}", vr, os.path.join(g, "bids"), os.path.join(g, "marks.xml"), work)

        # Generated per_scheme lots: no cap, a cap of 1 and of 2.
        # Four bidders for six schemes under a cap of 1: two schemes are left unawarded.
        for cap, seed, nbids in ((0, 1, 40), (1, 2, 40), (2, 3, 40), (1, 4, 40), (1, 5, 4)):
            g = os.path.join(work, f"capped{cap}-{seed}")
            subprocess.run([GEN_CAPPED, g, "6", str(nbids), "3", str(cap), str(seed)], check=True,
                           stdout=subprocess.DEVNULL)
            evaluate(f"gen_capped-{cap}-{seed}", os.path.join(g, "rules.yaml"), os.path.join(g, "bids"),
                     os.path.join(g, "marks.xml"), work)
    finally:
        os.chdir("/")
        shutil.rmtree(work, ignore_errors=True)

    print("# checked: " + ", ".join(f"{k} {v}" for k, v in checked.items()))
    # Each kind of sentence must have been met, or the check proves nothing about it.
    for k in ("places", "lower", "key", "cap", "disqualified", "boundary", "unawarded"):
        if checked[k] == 0:
            fail("coverage", f"no {k} sentence was checked")
    for f in failures[:50]:
        print("FAIL " + f)
    if failures:
        print(f"why_check: {len(failures)} failures")
        return 1
    print("why_check: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
