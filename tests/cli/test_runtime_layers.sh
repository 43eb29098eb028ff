#!/bin/sh
# The runtime's layers: each file of runtime/src calls only files of its
# own layer or the layers below it, and no files call each other in a
# cycle.  The layers are read from the map atop runtime/src/
# client_internal.h (the one place they are written down); who calls
# whom is read from the built objects (nm), so nothing is guessed from
# the source text.
BUILD=${APICC_BUILD:-build}
PY=${APICC_TEST_PYTHON:-python3}
exec "$PY" - "$BUILD/runtime" runtime/src/client_internal.h <<'PYEOF'
import fnmatch, glob, os, re, subprocess, sys

objdir, mapfile = sys.argv[1], sys.argv[2]
passed = failed = 0

def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL " + what)

# The map: " *   <layer>  file.c ..." lines, top layer first, until the
# first line of the comment that is not part of it.
layers, current = [], None
for line in open(mapfile):
    m = re.match(r" \*   (\w+)\s{2,}(.*)", line)
    if m:
        current = m.group(1)
        layers.append((current, []))
    elif current and re.match(r" \*\s{4,}\S", line):
        pass
    elif current:
        break
    else:
        continue
    layers[-1][1].extend(re.findall(r"[\w*]+\.c\b", line))
rank = {}
objs = sorted(glob.glob(os.path.join(objdir, "*.o")))
check(len(layers) >= 3 and objs, "no layer map in %s or no objects in %s"
      % (mapfile, objdir))
for o in objs:
    src = os.path.basename(o)[:-2] + ".c"
    for i, (name, pats) in enumerate(layers):
        if any(fnmatch.fnmatch(src, p) for p in pats):
            rank[src] = (len(layers) - i, name)
            break
    check(src in rank, "%s is in no layer of %s" % (src, mapfile))

def syms(o, defined):
    args = ["nm", "--defined-only" if defined else "--undefined-only", o]
    out = subprocess.run(args, capture_output=True, text=True).stdout
    return {l.split()[-1] for l in out.splitlines()
            if l.split() and l.split()[-1].startswith("apicc_")}

owner = {}
for o in objs:
    for s in syms(o, True):
        owner[s] = os.path.basename(o)[:-2] + ".c"
calls = {}
for o in objs:
    src = os.path.basename(o)[:-2] + ".c"
    calls[src] = {owner[s] for s in syms(o, False) if s in owner} - {src}

for src, callees in sorted(calls.items()):
    for d in sorted(callees):
        if src in rank and d in rank:
            check(rank[d][0] <= rank[src][0],
                  "%s (%s) calls up into %s (%s)"
                  % (src, rank[src][1], d, rank[d][1]))

# Cycles: strongly connected groups of more than one file (Tarjan).
index, low, stack, on, groups = {}, {}, [], set(), []
def visit(v):
    index[v] = low[v] = len(index)
    stack.append(v)
    on.add(v)
    for w in calls.get(v, ()):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        g = []
        while True:
            w = stack.pop()
            on.discard(w)
            g.append(w)
            if w == v:
                break
        groups.append(g)
for v in sorted(calls):
    if v not in index:
        visit(v)
for g in groups:
    check(len(g) == 1, "files call each other in a cycle: " + ", ".join(sorted(g)))

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PYEOF
