#!/usr/bin/env python3
"""The engine's layering, checked from its #include lines (python3, standard library only).

usage: check_layers.py [TOP]     (TOP: the source tree; default, the one holding this script)

Rules, each reported as FILE:LINE: with the offending include:
  (a) error: an engine file includes an internal header of a later layer. The order is
      base < reading < evaluating < analytics < rendering < providers = panels < auditing;
      the same layer is fine, and providers and panels never include each other.
  (b) error: the module graph has a cycle. A module is a .c with the .h of the same stem
      (engine/evaluating/result.c and result.h); a -> b when a.c or a.h includes b.h.
  (c) warning only: an engine file includes a public header calloff/X.h from a layer earlier
      than the one that implements X (see PUBLIC_LAYER).
  Also errors: an internal header included without its folder or that does not exist, a
  public header missing from PUBLIC_LAYER, an engine file outside a layer folder; tools/*
  including anything but calloff/*.h and cli.h, and tools/gen/* anything but their genio.h.
Exit status: 0 when there is no error (warnings are printed), 1 when there is one, 2 on usage.
"""
import os
import re
import sys

LAYERS = ["base", "reading", "evaluating", "analytics", "rendering", "providers", "panels", "auditing"]
RANK = {"base": 0, "reading": 1, "evaluating": 2, "analytics": 3, "rendering": 4, "providers": 5, "panels": 5,
        "auditing": 6}
# The layer that implements each public header's functions.
PUBLIC_LAYER = {"status.h": "base", "version.h": "base", "output.h": "base", "text.h": "base", "calendar.h": "base", "rules.h": "reading", "inputs.h": "reading", "decisions.h": "reading",
                "evaluate.h": "evaluating", "render.h": "rendering", "provider.h": "providers", "panel.h": "panels", "audit.h": "auditing",
                "calloff.h": "auditing"}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def includes(path):
    """(line, kind, target) for each #include outside comments; kind is '"' or '<'."""
    out = []
    in_comment = False
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            text = ""
            i = 0
            while i < len(line):  # drop /* ... */ (across lines) and // comments
                if in_comment:
                    end = line.find("*/", i)
                    if end < 0:
                        i = len(line)
                    else:
                        in_comment = False
                        i = end + 2
                elif line.startswith("/*", i):
                    in_comment = True
                    i += 2
                elif line.startswith("//", i):
                    break
                else:
                    text += line[i]
                    i += 1
            m = INCLUDE.match(text)
            if m:
                out.append((n, m.group(1), m.group(2)))
    return out


def shown_include(kind, target):
    """The include as written: #include "x.h" or #include <x.h>."""
    return f'#include "{target}"' if kind == '"' else f"#include <{target}>"


def sources(folder):
    """Every .c and .h under folder, sorted, as paths relative to it."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in files:
            if name.endswith((".c", ".h")):
                found.append(os.path.relpath(os.path.join(root, name), folder))
    return sorted(found)


class Report:
    def __init__(self):
        self.errors = []
        self.warnings = []

    def error(self, where, message):
        self.errors.append(f"{where}: error: {message}")

    def warning(self, where, message):
        self.warnings.append(f"{where}: warning: {message}")


def find_cycles(edges):
    """The strongly connected components with a cycle (Tarjan), each as one cycle through it."""
    index, low, on_stack, stack, sccs = {}, {}, set(), [], []
    counter = [0]
    nodes = sorted(set(edges) | {b for a in edges for b in edges[a]})

    def connect(v):  # iterative, so that a deep graph cannot exhaust Python's stack
        work = [(v, iter(sorted(edges.get(v, ()))))]
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        while work:
            node, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(edges.get(w, ())))))
                    advanced = True
                    break
                if w in on_stack:
                    low[node] = min(low[node], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                if len(comp) > 1:
                    sccs.append(sorted(comp))

    for v in nodes:
        if v not in index:
            connect(v)
    cycles = []
    for comp in sccs:  # a shortest cycle through the component's first module (breadth first)
        members, start = set(comp), comp[0]
        prev, frontier, found = {start: None}, [start], None
        while frontier and not found:
            nxt = []
            for a in frontier:
                for b in sorted(edges.get(a, ())):
                    if b not in members:
                        continue
                    if b == start:
                        found = a
                        break
                    if b not in prev:
                        prev[b] = a
                        nxt.append(b)
                if found:
                    break
            frontier = nxt
        path = [found]
        while prev[path[-1]] is not None:
            path.append(prev[path[-1]])
        path.reverse()
        cycles.append(path + [start])
    return sorted(cycles)


def check_engine(top, report):
    engine = os.path.join(top, "engine")
    public = os.path.join(top, "include", "calloff")
    if os.path.isdir(public):
        for name in sorted(os.listdir(public)):
            if name.endswith(".h") and name not in PUBLIC_LAYER:
                report.error(f"include/calloff/{name}", "a public header with no layer: add it to PUBLIC_LAYER")
    files = sources(engine)
    edges, where, nincludes = {}, {}, 0
    for rel in files:
        shown = f"engine/{rel}"
        parts = rel.split(os.sep)
        if len(parts) != 2 or parts[0] not in RANK:
            report.error(shown, f"an engine file outside the layer folders ({', '.join(LAYERS)})")
            continue
        layer, module = parts[0], f"{parts[0]}/{os.path.splitext(parts[1])[0]}"
        edges.setdefault(module, set())
        for line, kind, target in includes(os.path.join(engine, rel)):
            at = f"{shown}:{line}"
            head = target.split("/")[0]
            if kind == "<" and head not in RANK and head != "calloff":
                continue  # a system or library header
            nincludes += 1
            if head == "calloff":
                name = target[len("calloff/"):]
                if name not in PUBLIC_LAYER:
                    report.error(at, f'{shown_include(kind, target)}: not a public header of the map PUBLIC_LAYER')
                elif RANK[PUBLIC_LAYER[name]] > RANK[layer]:
                    report.warning(at, f'{shown_include(kind, target)}: the public header of {PUBLIC_LAYER[name]}, '
                                       f"a later layer than {layer}")
                continue
            if head not in RANK or target.count("/") != 1:
                report.error(at, f"{shown_include(kind, target)}: an internal header must be included with its layer "
                                 f"folder (LAYER/NAME.h, LAYER one of {', '.join(LAYERS)})")
                continue
            if not os.path.isfile(os.path.join(engine, target)):
                report.error(at, f'{shown_include(kind, target)}: no such header in engine/')
                continue
            if RANK[head] > RANK[layer]:
                report.error(at, f'{shown_include(kind, target)}: {layer} includes a header of {head}, a later layer '
                                 f"(order: base < reading < evaluating < analytics < rendering < providers = panels "
                                 f"< auditing)")
            elif head != layer and RANK[head] == RANK[layer]:
                report.error(at, f'{shown_include(kind, target)}: {layer} and {head} must not include each other')
            dest = os.path.splitext(target)[0]
            if dest != module:
                edges[module].add(dest)
                where.setdefault((module, dest), at)
    for cycle in find_cycles(edges):
        steps = "; ".join(f"{a} -> {b} at {where[(a, b)]}" for a, b in zip(cycle, cycle[1:]))
        report.error(where[(cycle[0], cycle[1])], f"a cycle of modules: {' -> '.join(cycle)} ({steps})")
    return len(files), nincludes, len(edges)


def check_tools(top, report):
    tools = os.path.join(top, "tools")
    if not os.path.isdir(tools):
        return 0
    files = sources(tools)
    for rel in files:
        shown = f"tools/{rel}"
        standalone = rel.split(os.sep)[0] == "gen"
        for line, kind, target in includes(os.path.join(tools, rel)):
            at = f"{shown}:{line}"
            head = target.split("/")[0]
            if standalone:
                if kind == '"' and target != "genio.h" or kind == "<" and (head in RANK or head == "calloff"):
                    report.error(at, f'{shown_include(kind, target)}: tools/gen/ is standalone: only its own "genio.h"')
            elif head == "calloff":
                if target[len("calloff/"):] not in PUBLIC_LAYER:
                    report.error(at, f'{shown_include(kind, target)}: not a public header of the map PUBLIC_LAYER')
            elif kind == '"' and target != "cli.h" or kind == "<" and head in RANK:
                report.error(at, f'{shown_include(kind, target)}: tools/ use the public API only (calloff/*.h and cli.h), '
                                 f"never an engine header")
    return len(files)


def main(argv):
    if len(argv) > 2 or len(argv) == 2 and argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    top = argv[1] if len(argv) == 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    if not os.path.isdir(os.path.join(top, "engine")):
        print(f"check_layers: {top}: no engine/ folder", file=sys.stderr)
        return 2
    report = Report()
    nfiles, nincludes, nmodules = check_engine(top, report)
    ntools = check_tools(top, report)
    for w in report.warnings:
        print(w)
    for e in report.errors:
        print(e)
    print(f"check_layers: {nfiles} engine files ({nmodules} modules, {nincludes} project includes), {ntools} tools "
          f"files: {len(report.errors)} error(s), {len(report.warnings)} warning(s)")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
