#!/usr/bin/python3
"""The out-of-memory sweep: every allocation a command makes, failed in turn, must fail closed.

usage: sweep.py CALLOFF FAILMALLOC_SO TOP_SRCDIR [--full] [--only NAME,...] [--jobs J]
                [--valgrind K] [--list]

Each scenario below runs once normally, with tests/oom/failmalloc.c counting the allocations
made after main() starts, and then once for each allocation N chosen, with the Nth failed
(FAILMALLOC_FAIL=N). Every such run must either
  - end as the normal run did, with the same exit status and byte-identical standard output and
    -o folder (audit.json compared without its "run" timing and "cwd"); or
  - exit 5 ("out of memory or a failed system call; nothing was decided"), say "out of memory"
    on stderr, print nothing on standard output (the table of evaluate: at most a prefix of
    it, since it is written a line at a time), and leave the -o folder as it was before the
    run, byte for byte (after a failure while the table is printed: the new evaluation).
Never a signal, never exit 2 or 4 for running out of memory, never "identical" from replay
unless the replay really was, and never a leftover temporary file in the -o folder.

Which allocations: all of them with --full (or OOM_SWEEP=full); otherwise the first 300 and
then every stride-th, so that the whole sweep takes about a minute on two cores. With
--valgrind K, K allocations per scenario, evenly spread, are failed under valgrind
(--leak-check=full, definite leaks and memory errors fail the run): the leak check of the
failure paths, which an LD_PRELOAD shim cannot give under AddressSanitizer. A run that ends at
once in tools/cli_memory.c (GMP, libxml2 or OpenSSL out of memory) frees nothing by design: only
its memory errors count, not its leaks.
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

OOM_EXIT = 5
FIRST = 300          # the first allocations are all swept, even in the bounded sweep
BUDGET = 800         # runs per scenario in the bounded sweep (first FIRST, then a stride)


def folder_state(path):
    """relative path -> sha256 of every file under path (hidden ones too); None when absent."""
    if not os.path.exists(path):
        return None
    state = {}
    for root, dirs, files in os.walk(path):
        for d in dirs:
            rel = os.path.relpath(os.path.join(root, d), path)
            state[rel + "/"] = "dir"
        for f in files:
            full = os.path.join(root, f)
            with open(full, "rb") as fh:
                data = fh.read()
            rel = os.path.relpath(full, path)
            if rel == "audit.json":
                data = normal_audit(data)
            state[rel] = hashlib.sha256(data).hexdigest()
    return state


def normal_audit(data):
    """audit.json without what differs between two runs of the same evaluation."""
    try:
        doc = json.loads(data)
    except ValueError:
        return data
    doc.pop("run", None)
    if isinstance(doc.get("options"), dict):
        doc["options"].pop("cwd", None)
    return json.dumps(doc, sort_keys=True).encode()


class Scenario:
    """argv run in a worker's folder; out names the -o folder, prev the worker's folder it starts as a copy of."""

    def __init__(self, name, argv, out=None, prev=None, table=False, readonly=None):
        self.name, self.argv, self.out, self.prev, self.table = name, argv, out, prev, table
        self.readonly = readonly  # a folder the command must not change


def scenarios():
    case = ["case/rules.yaml", "case/bids", "--marks", "case/marks.xml", "--threads", "1"]
    return [
        Scenario("check", ["check", "case/rules.yaml"]),
        Scenario("check-invalid", ["check", "case/bad-rules.yaml"]),
        Scenario("evaluate-table", ["evaluate"] + case, table=True),
        Scenario("evaluate-json", ["evaluate"] + case + ["--json"]),
        Scenario("evaluate-json-2threads", ["evaluate"] + case[:-1] + ["2", "--json"]),
        Scenario("evaluate-excluded", ["evaluate", "case/rules.yaml", "case/bids", "case/bad", "--marks",
                                       "case/marks.xml", "--threads", "1", "--json"]),
        Scenario("evaluate-o-new", ["evaluate"] + case + ["-o", "out", "--json"], out="out"),
        # The officer's decisions file and the portal's receipt log (issue 21): read, bundled, recorded.
        Scenario("evaluate-o-decisions", ["evaluate"] + case + ["--decisions", "decisions.yaml", "--receipts",
                                                                "receipts.csv", "-o", "out", "--json"], out="out"),
        # Decisions that do not fit: each refused and reported, then exit 2 (or 5), never a silent exit 2.
        Scenario("evaluate-decisions-refused", ["evaluate"] + case + ["--decisions", "refused.yaml", "--json"]),
        Scenario("evaluate-o-previous", ["evaluate"] + case + ["-o", "out", "--force"], out="out",
                 prev="previous-template", table=True),
        Scenario("replay", ["replay", "done"], readonly="done"),
        Scenario("replay-decisions", ["replay", "done-decisions"], readonly="done-decisions"),
        Scenario("explain", ["explain", "done", "B-1"], readonly="done"),
        Scenario("explain-json", ["explain", "done", "B-2", "--json"], readonly="done"),
        Scenario("template", ["template", "case/rules.yaml"]),
        Scenario("selfscore", ["selfscore", "case/rules.yaml", "case/bids/a.xml"]),
        Scenario("selfscore-json", ["selfscore", "case/rules.yaml", "case/bids/b.xml", "--json"]),
        Scenario("marksheet", ["marksheet", "case/rules.yaml", "case/bids"]),
        Scenario("packs", ["packs", "case/rules.yaml", "case/bids", "-o", "packs", "--key", "packs-key.json",
                           "--seed", "7"], out="packs"),
        Scenario("panel-prepare", ["panel", "prepare", "case/rules.yaml", "case/bids", "--evaluators", "E1,E2",
                                   "--assign", "E2=Q2", "--seed", "7", "-o", "panel-new"], out="panel-new"),
        Scenario("panel-status", ["panel", "status", "case/rules.yaml", "panel", "returned", "--marks",
                                  "merged-template/marks.xml"], readonly="panel"),
        Scenario("panel-merge", ["panel", "merge", "case/rules.yaml", "panel", "returned", "--marks",
                                 "merged/marks.xml"], out="merged", prev="merged-template"),
        Scenario("panel-merge-workbook", ["panel", "merge", "case/rules.yaml", "panel", "returned-wb/E1.xlsx",
                                          "--marks", "merged/marks.xml"], out="merged", prev="empty-template"),
        Scenario("panel-merge-moderation", ["panel", "merge", "case/rules.yaml", "panel", "moderation.xml", "--marks",
                                            "merged/marks.xml"], out="merged", prev="both-template"),
        Scenario("panel-moderation", ["panel", "moderation", "case/rules.yaml", "panel", "--marks",
                                      "merged-template/marks.xml", "-o", "form/moderation.html"], out="form",
                 prev="empty-template"),
        Scenario("sensitivity", ["sensitivity"] + case[:4]),
        Scenario("sensitivity-samples", ["sensitivity"] + case[:4] + ["--samples", "300", "--seed", "5",
                                                                        "--threads", "1", "--json"]),
    ]



class Sweep:
    def __init__(self, a):
        self.a = a
        self.calloff = os.path.abspath(a.calloff)
        self.shim = os.path.abspath(a.shim)
        self.tmp = tempfile.mkdtemp(prefix="calloff-oom-")
        self.workers = queue.Queue()
        for k in range(a.jobs):
            self.workers.put(self.make_worker(k))

    def make_worker(self, k):
        """A folder holding the case, an earlier evaluation of other inputs, and one of the case."""
        w = os.path.join(self.tmp, "w%d" % k)
        shutil.copytree(os.path.join(self.a.top, "tests", "data", "oom"), os.path.join(w, "case"))
        self.plain(w, ["evaluate", "case/rules.yaml", "case/bids/a.xml", "case/bids/b.xml", "--marks",
                       "case/marks.xml", "-o", "previous-template"])
        self.plain(w, ["evaluate", "case/rules.yaml", "case/bids", "--marks", "case/marks.xml", "-o", "done"])
        # A decision that fits any evaluation of the case (a bid excluded), and every bid's receipt.
        with open(os.path.join(w, "decisions.yaml"), "w", encoding="utf-8") as fh:
            fh.write("calloff-decisions: 1\ncompetition: OOM-1\ndecisions:\n"
                     "  - id: D1\n    kind: exclusion\n    bid: B-3\n    ground: discretionary\n"
                     "    by: \"A. Officer, Category Manager\"\n    at: 2026-06-03T10:00:00Z\n"
                     "    reason: \"Grave professional misconduct (Schedule 7), found on the debarment review.\"\n")
        with open(os.path.join(w, "refused.yaml"), "w", encoding="utf-8") as fh:
            who = "    by: \"A. Officer\"\n    at: 2026-06-03T10:00:00Z\n    reason: \"x\"\n"
            fh.write("calloff-decisions: 1\ncompetition: OOM-1\ndecisions:\n"
                     "  - id: D1\n    kind: exclusion\n    bid: B-9\n    ground: mandatory\n" + who +
                     "  - id: D2\n    kind: abnormally_low\n    bid: B-1\n    outcome: accepted\n" + who +
                     "  - id: D3\n    kind: tie\n    award: [B-2]\n" + who)
        with open(os.path.join(w, "receipts.csv"), "w", encoding="utf-8") as fh:
            fh.write("bid,received\nB-1,2026-05-30T10:00:00Z\nB-2,2026-05-31T09:00:00Z\nB-3,2026-05-29T16:00:00Z\n")
        self.plain(w, ["evaluate", "case/rules.yaml", "case/bids", "--marks", "case/marks.xml", "--decisions",
                       "decisions.yaml", "--receipts", "receipts.csv", "-o", "done-decisions"])
        # The panel: prepared, E1's marks merged, E1's and E2's returned (E2 as the form exports them).
        self.plain(w, ["panel", "prepare", "case/rules.yaml", "case/bids", "--evaluators", "E1,E2", "--assign",
                       "E2=Q2", "--seed", "7", "-o", "panel"])
        os.makedirs(os.path.join(w, "returned"))
        os.makedirs(os.path.join(w, "merged-template"))
        os.makedirs(os.path.join(w, "empty-template"))
        for ev in ("E1", "E2"):
            with open(os.path.join(w, "panel", ev, ev + "-marking.csv"), encoding="utf-8-sig") as fh:
                rows = [line.rstrip("\r\n").split(",") for line in fh]
            if ev == "E1":
                with open(os.path.join(w, "returned", "E1.csv"), "w", encoding="utf-8") as fh:
                    for i, r in enumerate(rows):
                        if i:
                            r[6], r[7] = str(1 + i % 4), '"E1 & ""%d"", line\nbreak"' % i
                        fh.write(",".join(r) + "\n")
            else:
                with open(os.path.join(w, "returned", "E2-marks.xml"), "w", encoding="utf-8") as fh:
                    fh.write('<evaluator-marks xmlns="urn:calloff:panel:1" competition=%s evaluator="E2" pack=%s>\n'
                             % (rows[1][0], rows[1][2]))
                    for i, r in enumerate(rows[1:]):
                        fh.write('<mark response=%s question=%s digest=%s value="%d">E2 &lt;%d&gt;</mark>\n'
                                 % (r[3], r[4], r[5], 4 - i % 4, i))
                    fh.write("</evaluator-marks>\n")
        self.plain(w, ["panel", "merge", "case/rules.yaml", "panel", "returned/E1.csv", "--marks",
                       "merged-template/marks.xml"])
        # E1's workbook filled by openpyxl; both evaluators merged, and the moderation of every item.
        import openpyxl
        book = openpyxl.load_workbook(os.path.join(w, "panel", "E1", "E1-marking.xlsx"))
        sheet = book["Marks"]
        row = 7
        while sheet.cell(row=row, column=1).value:
            sheet.cell(row=row, column=7).value = 1 + row % 4
            sheet.cell(row=row, column=8).value = "E1 & <%d>\nline" % row
            row += 1
        os.makedirs(os.path.join(w, "returned-wb"))
        book.save(os.path.join(w, "returned-wb", "E1.xlsx"))
        os.makedirs(os.path.join(w, "both-template"))
        self.plain(w, ["panel", "merge", "case/rules.yaml", "panel", "returned", "--marks", "both-template/marks.xml"])
        self.plain(w, ["panel", "moderation", "case/rules.yaml", "panel", "--marks", "both-template/marks.xml", "-o",
                       "moderation.html"])
        with open(os.path.join(w, "moderation.html"), encoding="utf-8") as fh:
            html = fh.read()
        with open(os.path.join(w, "panel", "panel.json"), encoding="utf-8") as fh:
            plan = json.load(fh)
        items = re.findall(r'data-response="([^"]+)"[^>]*data-question="([^"]+)"[^>]*data-digest="([^"]+)"[^>]*'
                           r'data-seen="([^"]+)"', html)
        with open(os.path.join(w, "moderation.xml"), "w", encoding="utf-8") as fh:
            fh.write('<moderation xmlns="urn:calloff:panel:1" competition="%s" plan="%s">\n'
                     % (plan["competition"], plan["digest"]))
            for i, (label, q, digest, seen) in enumerate(items):
                fh.write('<moderated response="%s" question="%s" digest="%s" seen="%s" value="%d">Agreed &amp; %d'
                         '</moderated>\n' % (label, q, digest, seen, 1 + i % 4, i))
            fh.write("</moderation>\n")
        return w

    def plain(self, w, argv):
        r = subprocess.run([self.calloff] + argv, cwd=w, capture_output=True)
        if r.returncode != 0:
            sys.exit("sweep set-up failed: calloff %s: exit %d\n%s" % (" ".join(argv), r.returncode,
                                                                      r.stderr.decode(errors="replace")))

    def prepare(self, w, sc):
        if sc.out:
            shutil.rmtree(os.path.join(w, sc.out), ignore_errors=True)
        if sc.prev:
            shutil.copytree(os.path.join(w, sc.prev), os.path.join(w, sc.out))

    def run(self, w, sc, fail=0, report=None, trace=False, valgrind=False):
        env = dict(os.environ, LD_PRELOAD=self.shim, FAILMALLOC_FAIL=str(fail),
                   FAILMALLOC_ONLY=os.path.basename(self.calloff))
        env.pop("FAILMALLOC_REPORT", None)
        env.pop("FAILMALLOC_TRACE", None)
        if report:
            env["FAILMALLOC_REPORT"] = report
        if trace:
            env["FAILMALLOC_TRACE"] = "1"
        cmd = [self.calloff] + sc.argv
        if valgrind:
            env.pop("LD_PRELOAD")
            # nouserintercepts: valgrind keeps its hands off the shim's malloc and takes glibc's below it.
            cmd = ["valgrind", "-q", "--soname-synonyms=somalloc=nouserintercepts", "--leak-check=full",
                   "--errors-for-leak-kinds=definite", "--show-leak-kinds=definite", "--error-exitcode=99"] + cmd
            env["LD_PRELOAD"] = self.shim
        r = subprocess.run(cmd, cwd=w, env=env, capture_output=True, timeout=600)
        return r

    def baseline(self, sc):
        w = self.workers.get()
        try:
            self.prepare(w, sc)
            before = folder_state(os.path.join(w, sc.out)) if sc.out else None
            report = os.path.join(w, "count")
            r = self.run(w, sc, report=report)
            with open(report) as fh:
                count = int(fh.read())
            after = folder_state(os.path.join(w, sc.out)) if sc.out else None
            ro = folder_state(os.path.join(w, sc.readonly)) if sc.readonly else None
            return {"rc": r.returncode, "stdout": r.stdout, "stderr": r.stderr, "count": count,
                    "before": before, "after": after, "readonly": ro}
        finally:
            self.workers.put(w)

    def check(self, sc, base, n, valgrind=False):
        """Problems of the run with allocation n failed (empty when it failed closed)."""
        w = self.workers.get()
        try:
            self.prepare(w, sc)
            r = self.run(w, sc, fail=n, valgrind=valgrind)
            after = folder_state(os.path.join(w, sc.out)) if sc.out else None
            ro = folder_state(os.path.join(w, sc.readonly)) if sc.readonly else None
            problems = self.judge(sc, base, r, after, ro)
            if valgrind and r.returncode == 99:
                report = r.stderr.decode(errors="replace")
                # An exit at once (GMP, libxml2 or OpenSSL out of memory, tools/cli_memory.c) frees
                # nothing by design: only memory errors count there, not leaks.
                at_once = re.search(r"^calloff: out of memory$", report, re.M)
                if not at_once or re.search(r"Invalid (read|write|free)|uninitialised|Mismatched", report):
                    problems.append("valgrind: " + report[-3000:])
            if problems and not (valgrind and r.returncode == 99):
                self.prepare(w, sc)
                t = self.run(w, sc, fail=n, trace=True)
                stack = self.symbolize(t.stderr)
                problems.append("stack of the failed allocation:\n" + stack)
            return problems, r.returncode
        finally:
            self.workers.put(w)

    def judge(self, sc, base, r, after, ro):
        p = []
        rc = r.returncode
        out, err = r.stdout, r.stderr.decode(errors="replace")
        if sc.readonly and ro != base["readonly"]:
            p.append("the folder %s was changed" % sc.readonly)
        if rc < 0:
            p.append("killed by signal %d" % -rc)
        elif rc == 99 and not p:
            pass
        elif rc == base["rc"]:
            if out != base["stdout"]:
                p.append("exit %d as normal, but standard output differs: %s" % (rc, first_difference(out, base["stdout"])))
            if base["rc"] != 0 and r.stderr != base["stderr"]:
                p.append("exit %d as normal, but the diagnostics differ" % rc)
            if sc.out and after != base["after"]:
                p.append("exit %d as normal, but the -o folder differs: %s" % (rc, diff(after, base["after"])))
        elif rc == OOM_EXIT:
            if "out of memory" not in err:
                p.append("exit 5 without saying 'out of memory': %r" % err[-300:])
            if out and not (sc.table and base["stdout"].startswith(out)):
                p.append("exit 5 but standard output holds %r" % out[:200])
            if b"identical" in out:
                p.append("'identical' printed by a failed replay")
            if sc.out:
                ok = [base["before"]] + ([base["after"]] if sc.table else [])
                if after not in ok:
                    p.append("exit 5 but the -o folder is neither as before nor the new evaluation: %s"
                             % diff(after, base["before"]))
        else:
            p.append("exit %d (normal run: %d); stderr: %s" % (rc, base["rc"], " | ".join(err.splitlines())[-400:]))
        return p

    def symbolize(self, stderr):
        lines = []
        for line in stderr.decode(errors="replace").splitlines():
            m = re.match(r"(.*calloff)\(\+(0x[0-9a-f]+)\)", line)
            if m:
                a2l = subprocess.run(["addr2line", "-f", "-s", "-e", m.group(1), hex(int(m.group(2), 16) - 1)],
                                     capture_output=True, text=True).stdout.split("\n")
                line = "calloff: %s %s" % (a2l[0], a2l[1] if len(a2l) > 1 else "")
            lines.append("    " + line)
        return "\n".join(lines[-40:])


def first_difference(got, want):
    """Where two outputs part, as the line of each."""
    g, w = got.decode(errors="replace").splitlines(), want.decode(errors="replace").splitlines()
    for i in range(max(len(g), len(w))):
        if i >= len(g) or i >= len(w) or g[i] != w[i]:
            return "line %d: %r, normally %r" % (i + 1, g[i] if i < len(g) else None, w[i] if i < len(w) else None)
    return "(same lines, different bytes)"


def diff(a, b):
    a, b = a or {}, b or {}
    keys = sorted(set(a) | set(b))
    d = [k for k in keys if a.get(k) != b.get(k)]
    return ", ".join(("%s%s" % (k, "" if k in a else " (missing)") for k in d[:8])) or "(absent vs empty)"


def choose(count, full):
    if full or count <= BUDGET:
        return list(range(1, count + 1))
    stride = max(1, (count - FIRST) // (BUDGET - FIRST))
    return list(range(1, FIRST + 1)) + list(range(FIRST + 1, count + 1, stride))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("calloff")
    ap.add_argument("shim")
    ap.add_argument("top")
    ap.add_argument("--full", action="store_true", default=os.environ.get("OOM_SWEEP") == "full")
    ap.add_argument("--only", default="")
    ap.add_argument("--jobs", type=int, default=max(2, os.cpu_count() or 1))
    ap.add_argument("--valgrind", type=int, default=0)
    ap.add_argument("--list", action="store_true", help="print every problem, not only the first per scenario")
    ap.add_argument("--at", default="", help="fail only these allocations (N,N,...), to look at one again")
    a = ap.parse_args()
    s = Sweep(a)
    only = set(x for x in a.only.split(",") if x)
    failures = 0
    t_all = time.time()
    try:
        for sc in scenarios():
            if only and sc.name not in only:
                continue
            base = s.baseline(sc)
            if a.at:
                picks = [int(x) for x in a.at.split(",")]
            elif a.valgrind:
                picks = sorted(set(max(1, base["count"] * i // (a.valgrind + 1)) for i in range(1, a.valgrind + 1)))
            else:
                picks = choose(base["count"], a.full)
            t0 = time.time()
            with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
                results = list(ex.map(lambda n: (n, s.check(sc, base, n, a.valgrind > 0)), picks))
            bad = [(n, p) for n, (p, _) in results if p]
            codes = {}
            for _, (_, rc) in results:
                codes[rc] = codes.get(rc, 0) + 1
            print("%-24s %6d allocations, %6d failed in turn, %.1f s; exits %s; %d wrong"
                  % (sc.name, base["count"], len(picks), time.time() - t0,
                     " ".join("%d:%d" % kv for kv in sorted(codes.items())), len(bad)), flush=True)
            for n, p in bad[: None if a.list else 3]:
                print("  allocation %d: %s" % (n, "\n    ".join(p)), flush=True)
            failures += len(bad)
    finally:
        shutil.rmtree(s.tmp, ignore_errors=True)
    print("%d wrong run(s); %.0f s in all" % (failures, time.time() - t_all))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
