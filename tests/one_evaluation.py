#!/usr/bin/python3
"""Does an -o folder hold exactly one evaluation's files? For tests/folder.sh and tests/crash.sh.

usage: one_evaluation.py OUTDIR

The files under OUTDIR (at any depth, hidden ones too) must be exactly audit.json, every output
its audit.json lists, and inputs/<sha256> for each input it records with a digest (except one
marked "not_bundled"); the only folders are inputs/ and those the outputs are in. Prints the
recorded result_sha256 and exits 0; else prints what is extra or missing and exits 1.
"""
import json
import os
import sys


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    top = sys.argv[1]
    try:
        with open(os.path.join(top, "audit.json"), "rb") as fh:
            audit = json.load(fh)
    except (OSError, ValueError) as e:
        print("%s: no readable audit.json: %s" % (top, e))
        return 1
    want = {"audit.json"}
    dirs = {"inputs"}
    for o in audit.get("outputs", []):
        want.add(o["file"])
        if "/" in o["file"]:
            dirs.add(o["file"].rsplit("/", 1)[0])
    for i in audit.get("inputs", []):
        if i.get("sha256") and "not_bundled" not in i:
            want.add("inputs/" + i["sha256"])
    have, have_dirs = set(), set()
    for root, ds, fs in os.walk(top):
        for d in ds:
            have_dirs.add(os.path.relpath(os.path.join(root, d), top))
        for f in fs:
            have.add(os.path.relpath(os.path.join(root, f), top))
    problems = ["extra file: " + f for f in sorted(have - want)]
    problems += ["missing file: " + f for f in sorted(want - have)]
    problems += ["extra folder: " + d for d in sorted(have_dirs - dirs)]
    if problems:
        print("%s does not hold exactly one evaluation (%d files, %d listed):" % (top, len(have), len(want)))
        for p in problems[:20]:
            print("  " + p)
        if len(problems) > 20:
            print("  ... and %d more" % (len(problems) - 20))
        return 1
    print(audit.get("result_sha256"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
