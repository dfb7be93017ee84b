"""What the panel's command-line tests share (tests/panel_cli.py, tests/workbook/cli.py): running
calloff, counting failed checks, and reading a marks file back."""
import subprocess
import xml.etree.ElementTree as ET

M = "{urn:calloff:marks:1}"


class Checks:
    """A count of failed checks, each printed as it fails."""

    def __init__(self, name):
        self.name, self.fails = name, 0

    def __call__(self, cond, what):
        if not cond:
            self.fails += 1
            print("FAIL:", what)

    def finish(self):
        """Print the verdict; the exit status (0 when every check passed)."""
        print("%s: all checks passed" % self.name if self.fails == 0 else "%s: %d check(s) failed" % (self.name, self.fails))
        return 1 if self.fails else 0


def runner(calloff):
    """run(*args) -> (exit status, stdout, stderr) of calloff with args."""
    def run(*args):
        p = subprocess.run([calloff] + list(args), capture_output=True, text=True)
        return p.returncode, p.stdout, p.stderr
    return run


def marks_of(path):
    """{(bid, question, evaluator, or '*' for the moderated mark, or 'feedback' for the panel's feedback):
    (value, text)} of a marks file."""
    got = {}
    for b in ET.parse(path).getroot().iter(M + "bid"):
        for q in b.iter(M + "question"):
            for m in q:
                who = "feedback" if m.tag == M + "feedback" else m.get("evaluator", "*")
                got[(b.get("ref"), q.get("ref"), who)] = (m.get("value"), m.text or "")
    return got
