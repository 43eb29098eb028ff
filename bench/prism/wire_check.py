#!/usr/bin/env python3
"""The wire check of the Prism corpus run (bench/prism_corpus.sh).

wire_check.py DOC VIEW.json DRIVER_OUT CAPTURE.jsonl [DRIVER_ERR]

Prism accepts some wrong encodings (an array written in the wrong style
reads as a string) and does not look at optional form bodies, so the
driver runs once more against capture.py, and each request is checked
against the document's own rules: every array query param against its
`style` and `explode` (OpenAPI's defaults: form, exploded), and every
application/x-www-form-urlencoded body against its `encoding` (style
form, exploded, unless an entry says otherwise).  The expected bytes
are built from the same values the driver sent (values.py) and compared
after percent-decoding, as pairs.  Requests pair with the driver's CALL
lines in order: the capture server answers each one before the next is
sent.  Prints "CHECKED DIFFERS" on the first line, then one DIFF line
per difference and one SKIP line per thing not checked.
"""
import base64
import json
import sys
import urllib.parse

from values import Doc, coerce, load, param_value, body_value

doc_path, view_path, out_path, capture_path = sys.argv[1:5]
err_path = sys.argv[5] if len(sys.argv) > 5 else None
root = load(doc_path)
doc = Doc(root)
view = load(view_path)
endpoints = {e["endpoint_name"]: e for e in view["endpoints"]}

ops = {}
for path, item in (root.get("paths") or {}).items():
    item = doc.deref(item)
    for method, op in item.items():
        if isinstance(op, dict) and method in ("get", "put", "post", "delete",
                                               "patch", "head", "options"):
            ops[(method.upper(), path)] = (op, item.get("parameters", []))

unfit = set()
if err_path:
    with open(err_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if "the document's body does not fit" in line:
                unfit.add(line.split(":")[1].strip())


def text(v):
    """A scalar as the runtime writes it."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (dict, list)):
        return None
    return str(v)


def same(a, b):
    if a == b:
        return True
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return False


def same_pairs(want, got):
    if len(want) != len(got):
        return False
    got = list(got)
    for k, v in want:
        for i, (gk, gv) in enumerate(got):
            if gk == k and same(v, gv):
                del got[i]
                break
        else:
            return False
    return True


def array_pairs(name, items, style, explode):
    vals = [text(x) for x in items]
    if any(v is None for v in vals):
        return None
    if explode and style not in ("spaceDelimited", "pipeDelimited"):
        return [(name, v) for v in vals]
    sep = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
    return [(name, sep.join(vals))]


def member_pairs(name, v, enc):
    style = enc.get("style", "form")
    explode = enc.get("explode", style == "form")
    if isinstance(v, list):
        return array_pairs(name, v, style, explode)
    if isinstance(v, dict):
        if any(isinstance(x, (dict, list)) for x in v.values()):
            return None
        if style == "deepObject":
            return [("%s[%s]" % (name, k), text(x)) for k, x in v.items()]
        if explode:
            return [(k, text(x)) for k, x in v.items()]
        return [(name, ",".join("%s,%s" % (k, text(x)) for k, x in v.items()))]
    return [(name, text(v))] if v is not None else []


def properties(schema):
    """The members a body schema declares (allOf merged); None: any."""
    s = doc.deref(schema)
    if "properties" not in s and "allOf" not in s:
        return None
    names = set(s.get("properties", {}))
    for part in s.get("allOf", []):
        names |= properties(part) or set()
    return names


calls = []
with open(out_path, encoding="utf-8", errors="replace") as f:
    for line in f:
        parts = line.rstrip("\n").split("\t")
        if parts[0] == "CALL" and len(parts) > 5 and parts[5] != "0":
            calls.append(parts[2])
with open(capture_path, encoding="utf-8") as f:
    requests = [json.loads(line) for line in f if line.strip()]

checked = 0
diffs = []
skips = []
for name, req in zip(calls, requests):
    e = endpoints.get(name)
    found = ops.get((e["method"], e["path"])) if e else None
    if not found:
        continue
    op, shared = found
    target = urllib.parse.urlsplit(req["target"])
    query = urllib.parse.parse_qsl(target.query, keep_blank_values=True)
    for p in list(shared) + list(op.get("parameters", [])):
        p = doc.deref(p)
        schema = doc.deref(p.get("schema", {}))
        if p.get("in") != "query" or schema.get("type") != "array":
            continue
        v = param_value(doc, p)
        if not p.get("required") and not isinstance(v, list):
            continue  # not sent: the driver leaves such a param out
        items = v if isinstance(v, list) else [v]
        style = p.get("style", "form")
        want = array_pairs(p["name"], items, style,
                           p.get("explode", style == "form"))
        if want is None:
            skips.append("SKIP\t%s\tquery %s: items are objects" % (name, p["name"]))
            continue
        got = [(k, x) for k, x in query if k == p["name"]]
        checked += 1
        if not same_pairs(want, got):
            diffs.append("DIFF\t%s\tquery %s (%s, explode %s): want %s, got %s" % (
                name, p["name"], style, p.get("explode", style == "form"),
                urllib.parse.urlencode(want), urllib.parse.urlencode(got)))
    rb = doc.deref(op.get("requestBody", {}))
    media = rb.get("content", {}).get("application/x-www-form-urlencoded")
    if media is None:
        continue
    if name in unfit:
        skips.append("SKIP\t%s\tform body: the document's example does not fit the model" % name)
        continue
    body = body_value(doc, op, "application/x-www-form-urlencoded")
    if not isinstance(body, dict):
        continue
    encoding = media.get("encoding", {})
    # Members the schema does not declare are not in the model, so not
    # sent (an example may hold more than its schema).
    props = properties(media.get("schema", {}))
    want = []
    for k, v in body.items():
        if props is not None and k not in props:
            continue
        pairs = member_pairs(k, v, encoding.get(k, {}))
        if pairs is None:
            skips.append("SKIP\t%s\tform member %s: nested objects" % (name, k))
            want = None
            break
        want += pairs
    if want is None:
        continue
    raw = base64.b64decode(req["body"]).decode("utf-8", "replace")
    got = urllib.parse.parse_qsl(raw, keep_blank_values=True)
    checked += 1
    if not same_pairs(want, got):
        diffs.append("DIFF\t%s\tform body: want %s, got %s" % (
            name, urllib.parse.urlencode(want)[:300], raw[:300]))

print(checked, len(diffs))
for line in diffs + skips:
    print(line)
