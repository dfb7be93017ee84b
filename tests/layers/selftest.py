"""The layering check checked: it fails on the bad fixture tree, naming each include, and passes the clean one.

usage: selftest.py CHECK_LAYERS_PY FIXTURES_DIR    (FIXTURES_DIR holds bad/ and warn/)
"""
import os
import shutil
import subprocess
import sys
import tempfile

failures = []


def run(checker, tree):
    p = subprocess.run([sys.executable, checker, tree], capture_output=True, text=True)
    return p.returncode, p.stdout.splitlines()


def expect(cond, what, out):
    if not cond:
        failures.append(what + "\n    output:\n    " + "\n    ".join(out))


def main(checker, fixtures):
    # bad/: an upward include, a cycle, providers -> panels, a header without its folder, a tool using an
    # engine header, a generator using the public API. Each is an error at its file and line.
    rc, out = run(checker, os.path.join(fixtures, "bad"))
    expect(rc == 1, f"bad/: exit status 1, got {rc}", out)
    wanted = [
        ('engine/base/util.h:2: error: #include "evaluating/stage.h": base includes a header of evaluating', "rule a"),
        ("engine/evaluating/score.c:3: error: a cycle of modules: evaluating/score -> evaluating/stage -> "
         "evaluating/score", "rule b, the cycle named"),
        ("engine/evaluating/stage.h:2", "rule b, the other include of the cycle"),
        ('engine/providers/blank.c:2: error: #include "panels/sheet.h": providers and panels must not include each '
         "other", "providers = panels"),
        ('engine/panels/sheet.c:2: error: #include "sheet.h": an internal header must be included with its layer '
         "folder", "the folder is part of the include"),
        ('tools/cli.c:2: error: #include "evaluating/stage.h": tools/ use the public API only', "tools/"),
        ("tools/gen/gen.c:3: error: #include <calloff/calloff.h>: tools/gen/ is standalone", "tools/gen/"),
    ]
    for text, rule in wanted:
        expect(any(text in line for line in out), f"bad/: {rule}: a line containing {text!r}", out)
    errors = [line for line in out if ": error: " in line]
    expect(len(errors) == 6, f"bad/: exactly 6 errors, got {len(errors)}", out)
    expect(not any("tools/cli.c:3" in line for line in out), "bad/: <calloff/calloff.h> is allowed in tools/", out)

    # warn/: only a public header from an earlier layer (rule c), and an include inside a comment: exit 0.
    rc, out = run(checker, os.path.join(fixtures, "warn"))
    expect(rc == 0, f"warn/: exit status 0, got {rc}", out)
    expect(any(line.startswith('engine/reading/paths.c:2: warning: #include "calloff/evaluate.h"') for line in out),
           "warn/: rule c is a warning naming the file, line and include", out)
    expect(not any("auditing/audit.h" in line for line in out), "warn/: an include in a comment is not read", out)
    expect(not any(": error: " in line for line in out), "warn/: no error", out)

    # The clean tree with one deliberately bad include added: base now includes reading, and reading/paths.h
    # includes base/text.h, so the same line is an upward include and closes a cycle.
    with tempfile.TemporaryDirectory() as tmp:
        tree = os.path.join(tmp, "tree")
        shutil.copytree(os.path.join(fixtures, "warn"), tree)
        with open(os.path.join(tree, "engine", "reading", "paths.h"), "w") as f:
            f.write('/* Fixture. */\n#include "base/text.h"\n')
        with open(os.path.join(tree, "engine", "base", "text.c"), "a") as f:
            f.write('#include "reading/paths.h"\n')
        rc, out = run(checker, tree)
        expect(rc == 1, f"one bad include: exit status 1, got {rc}", out)
        expect(any(line.startswith('engine/base/text.c:3: error: #include "reading/paths.h"') for line in out),
               "one bad include: named at its line", out)
        expect(any("a cycle of modules: base/text -> reading/paths -> base/text" in line for line in out),
               "one bad include: the cycle it closes", out)

    for f in failures:
        print("FAIL:", f)
    print(f"layers self-test: {'FAILED' if failures else 'passed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
