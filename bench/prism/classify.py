#!/usr/bin/env python3
"""Classifies one document's Prism run for bench/prism_corpus.sh.

classify.py NAME OPERATIONS DRIVER_OUT PRISM_LOG [WIRE_REPORT]

Reads the driver's CALL lines (driver_support.c) and Prism's log, in
which each request is a block that starts "[HTTP SERVER] <method> <path>
... Request received" and says "The request passed the validation rules"
or lists its violations ("[VALIDATOR] ✖ error ...").  Calls are
sequential, so each pairs with the next logged request of its method
and path.  Prints one
row of the table, then the reasons counted, to stdout.
"""
import collections
import re
import sys

name, operations, out_path, log_path = sys.argv[1:5]
wire = sys.argv[5] if len(sys.argv) > 5 else None

calls = []
with open(out_path, encoding="utf-8", errors="replace") as f:
    for line in f:
        if line.startswith("CALL\t"):
            parts = line.rstrip("\n").split("\t") + ["", ""]
            calls.append({"n": parts[1], "name": parts[2], "method": parts[3],
                          "path": parts[4], "http": int(parts[5] or 0),
                          "status": parts[6], "message": parts[7],
                          "body": parts[8]})

# Prism's requests, in order.
ANSI = re.compile(r"\x1b\[[0-9;]*m")
blocks = []
with open(log_path, encoding="utf-8", errors="replace") as f:
    for raw in f:
        line = ANSI.sub("", raw)
        m = re.search(r"\[HTTP SERVER\] (\w+) (\S+) .*Request received", line)
        if m:
            blocks.append({"method": m.group(1).upper(), "path": m.group(2),
                           "passed": False, "violations": [],
                           "response_invalid": False, "route": None})
            continue
        if not blocks:
            continue
        b = blocks[-1]
        if "passed the validation rules" in line:
            b["passed"] = True
        elif "[VALIDATOR]" in line and "error" in line:
            # Prism says some violations twice, once with a "Violation:
            # request.body" prefix: one kind.
            v = line.split("error", 1)[1].strip()
            b["violations"].append(re.sub(r"^Violation: request\S* ", "", v))
        elif "#VIOLATIONS" in line:
            b["response_invalid"] = True
        elif "NO_PATH_MATCHED" in line or "NO_METHOD_MATCHED" in line \
                or "Route not resolved" in line:
            b["route"] = line.split("error", 1)[-1].strip()


def kind(message):
    """A violation without its names and values: what kind it is."""
    m = re.sub(r'"[^"]*"', '"…"', message)
    m = re.sub(r"(property|parameter|header) \S+", r"\1 …", m)
    m = re.sub(r"\d+", "N", m)
    return m


def path_regex(template):
    """The endpoint's path with each {param} as one segment; a server's
    path may stand before it."""
    parts = re.split(r"(\{[^}]*\})", template)
    body = "".join("[^/]*" if x.startswith("{") else re.escape(x)
                   for x in parts)
    return re.compile("(^|/)" + body.lstrip("/") + "$")


# Each call pairs with the next logged request of its method and path
# (a call that timed out or lost its connection may still be logged).
nxt = 0
rows = collections.Counter()
rejections = collections.Counter()
unparsed = collections.Counter()
no_answer = collections.Counter()
for c in calls:
    rows["called"] += 1
    rx = path_regex(c["path"])
    b = None
    for i in range(nxt, min(nxt + 8, len(blocks))):
        if blocks[i]["method"] == c["method"] and \
                rx.search(blocks[i]["path"].split("?")[0]):
            b = blocks[i]
            nxt = i + 1
            break
    why = kind(c["message"].split(": ", 1)[-1])
    if c["http"] == 0 and b is None:
        rows["not sent"] += 1
        rejections["not sent: " + why] += 1
        continue
    if c["http"] == 0 and b["passed"]:
        rows["accepted"] += 1
        rows["no valid answer"] += 1
        no_answer["the client got no answer: " + why] += 1
        continue
    if b is None or not b["passed"]:
        rows["rejected"] += 1
        why = (b["violations"] or [b["route"] or "no reason logged"]) if b \
            else ["not in the log"]
        for v in set(kind(x) for x in why):
            rejections[v] += 1
        continue
    rows["accepted"] += 1
    if c["status"] == "APICC_OK":
        rows["parsed"] += 1
    elif c["status"] == "APICC_ERR_RESPONSE":
        rows["not parsed"] += 1
        unparsed[kind(c["message"].split(": ", 1)[-1])] += 1
    elif b["response_invalid"]:
        # Prism built an answer from the document that breaks the
        # document (an example off its own schema): nothing to parse.
        rows["no valid answer"] += 1
        m = re.findall(r'"message":"((?:[^"\\]|\\.)*)"', c["body"])
        no_answer[kind(m[0]) if m else "Prism's answer breaks the document"] += 1
    else:
        rows["not parsed"] += 1
        unparsed["%s %s" % (c["http"], c["status"])] += 1

checked = differs = "-"
if wire:
    with open(wire, encoding="utf-8") as f:
        first = f.readline().split()
        if len(first) >= 2:
            checked, differs = first[0], first[1]

print("ROW\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s" % (
    name, operations, rows["called"], rows["accepted"], rows["rejected"] +
    rows["not sent"], rows["parsed"], rows["not parsed"],
    rows["no valid answer"], checked, differs))
for title, counter in (("rejected", rejections), ("not parsed", unparsed),
                       ("no valid answer", no_answer)):
    for reason, n in counter.most_common(8):
        print("REASON\t%s\t%s\t%d\t%s" % (name, title, n, reason))
