#!/usr/bin/env python3
"""Values for the Prism corpus driver, taken from an OpenAPI document.

values.py DOC VIEW.json OUT.h writes a C table the driver reads
(driver_support.c): for each endpoint of the view, each param the
document describes and the request body, one value as JSON text.  A
value is the document's own example when it gives one (the param's or
media type's `example` or first `examples` entry, then the schema's
`example`, `default`, `const` or first `enum` value); otherwise one built
from the schema: a string matching its `pattern` and `format` and long
enough for `minLength`, a number within `minimum`/`maximum`, true, an
array of `minItems` (at least one) items, an object with its required
members.  Operations are matched to endpoints by method and path.
"""
import json
import sys

try:
    import re._parser as sre_parse  # Python 3.11 and later
except ImportError:  # pragma: no cover
    import sre_parse

import yaml

FORMATS = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "time": "03:04:05Z",
    "uri": "https://example.com/x",
    "url": "https://example.com/x",
    "uri-reference": "https://example.com/x",
    "email": "user@example.com",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "hostname": "example.com",
    "byte": "eA==",
    "binary": "x",
    "phone-number": "+15555550100",
}


def load(path):
    with open(path, encoding="utf-8") as f:
        if path.endswith((".yaml", ".yml")):
            return yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return json.load(f)


class Doc:
    def __init__(self, root):
        self.root = root

    def deref(self, node, seen=()):
        """Follows local $refs (at most a few levels of indirection)."""
        depth = 0
        while isinstance(node, dict) and "$ref" in node and depth < 20:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                return {}
            target = self.root
            for part in ref[2:].split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                target = target.get(part, {}) if isinstance(target, dict) else {}
            node = target
            depth += 1
        return node if isinstance(node, dict) else {}


def from_pattern(pattern):
    """A short string that matches the regular expression `pattern`."""
    def gen(items):
        out = []
        for op, av in items:
            name = str(op)
            if name == "LITERAL":
                out.append(chr(av))
            elif name == "ANY":
                out.append("x")
            elif name == "IN":
                out.append(pick_in(av))
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                lo, _hi, sub = av  # the fewest repeats: the shortest match
                out.append(gen(sub) * lo)
            elif name == "SUBPATTERN":
                out.append(gen(av[-1]))
            elif name == "BRANCH":
                out.append(gen(av[1][0]))
            elif name in ("AT", "GROUPREF", "ASSERT", "ASSERT_NOT"):
                pass
            elif name == "CATEGORY":
                out.append(category(av))
            elif name == "NOT_LITERAL":
                out.append("x" if av != ord("x") else "y")
        return "".join(out)

    def category(c):
        c = str(c)
        if "DIGIT" in c and "NOT" not in c:
            return "1"
        if "SPACE" in c and "NOT" not in c:
            return " "
        return "a"

    def pick_in(items):
        negate = any(str(op) == "NEGATE" for op, _ in items)
        if negate:
            return "x"
        for op, av in items:
            name = str(op)
            if name == "LITERAL":
                return chr(av)
            if name == "RANGE":
                lo, hi = av
                for ch in "aA1":
                    if lo <= ord(ch) <= hi:
                        return ch
                return chr(lo)
            if name == "CATEGORY":
                return category(av)
        return "x"

    try:
        return gen(sre_parse.parse(pattern))
    except Exception:  # an engine-specific pattern: no value
        return None


def example_of(node, doc=None):
    if not isinstance(node, dict):
        return None
    if "example" in node:
        return node["example"]
    ex = node.get("examples")
    if isinstance(ex, dict) and ex:
        first = next(iter(ex.values()))
        if doc is not None:
            first = doc.deref(first)
        if isinstance(first, dict) and "value" in first:
            v = first["value"]
            # GitHub writes {"$ref": ".../examples/x"} as the value, meaning
            # that Example Object's own value.
            if doc is not None and isinstance(v, dict) and set(v) == {"$ref"}:
                target = doc.deref(v)
                v = target.get("value", target)
            return v
    if isinstance(ex, list) and ex:
        return ex[0]
    return None


def value(doc, schema, depth=0):
    s = doc.deref(schema)
    if depth > 8:
        return None
    for key in ("const",):
        if key in s:
            return s[key]
    ex = example_of(s)
    if ex is not None:
        return ex
    if "default" in s and s["default"] is not None:
        return s["default"]
    if s.get("enum"):
        return s["enum"][0]
    for key in ("oneOf", "anyOf"):
        # An object whose branches only say which members are required
        # (GitHub's "one of these sets"): the object, with the first set.
        if s.get(key) and "properties" not in s:
            branches = [doc.deref(b) for b in s[key]]
            pick = branches[0]
            # Written as text (a path or query param), 1 fits an integer
            # branch and a string branch alike, and oneOf wants exactly one:
            # the string branch's value, which is not a number.
            numeric = any(b.get("type") in ("integer", "number")
                          for b in branches)
            strings = [b for b in branches if b.get("type") == "string"]
            if key == "oneOf" and numeric and strings:
                pick = strings[0]
            return value(doc, pick, depth + 1)
    if s.get("allOf"):
        merged = {}
        for part in s["allOf"]:
            v = value(doc, part, depth + 1)
            if isinstance(v, dict):
                merged.update(v)
            elif v is not None and not merged:
                return v
        return merged
    t = s.get("type")
    if isinstance(t, list):
        t = next((x for x in t if x != "null"), "string")
    if t is None:
        t = "object" if "properties" in s else "string"
    if t == "string":
        v = None
        if s.get("pattern"):
            v = from_pattern(s["pattern"])
        if v is None:
            v = FORMATS.get(s.get("format"), "x")
        lo = s.get("minLength", 0)
        if isinstance(lo, int) and len(v) < lo:
            v = v + "x" * (lo - len(v))
        return v
    if t in ("integer", "number"):
        lo = s.get("minimum", s.get("exclusiveMinimum"))
        v = 1
        if isinstance(lo, (int, float)) and not isinstance(lo, bool):
            v = lo + (1 if "exclusiveMinimum" in s and "minimum" not in s else 0)
            v = max(v, 1) if s.get("maximum", 10**12) >= 1 else v
        if isinstance(s.get("maximum"), (int, float)) and v > s["maximum"]:
            v = s["maximum"]
        return int(v) if t == "integer" else v
    if t == "boolean":
        return True
    if t == "array":
        n = max(s.get("minItems", 1), 1)
        item = value(doc, s.get("items", {}), depth + 1)
        return [item] * n if item is not None else []
    if t == "object":
        out = {}
        props = s.get("properties", {})
        required = list(s.get("required", []))
        for key in ("oneOf", "anyOf"):
            if s.get(key):
                required += doc.deref(s[key][0]).get("required", [])
        for name in dict.fromkeys(required):
            v = value(doc, props.get(name, {}), depth + 1)
            out[name] = v if v is not None else "x"
        return out
    return None


def param_value(doc, p):
    ex = example_of(p, doc)
    if ex is not None:
        return ex
    schema = p.get("schema")
    if schema is None and isinstance(p.get("content"), dict):
        media = next(iter(p["content"].values()), {})
        ex = example_of(media, doc)
        if ex is not None:
            return ex
        schema = media.get("schema", {})
    if schema is None:  # Swagger 2.0: the schema's keywords on the param
        schema = p
    return value(doc, schema)


def coerce(doc, schema, v, depth=0):
    """The example `v` in the schema's types: a form example writes every
    value as text ("true", "15"), which a typed body cannot hold."""
    s = doc.deref(schema)
    if depth > 8:
        return v
    t = s.get("type")
    if isinstance(v, dict):
        props = s.get("properties", {})
        return {k: coerce(doc, props.get(k, {}), x, depth + 1)
                for k, x in v.items()}
    if isinstance(v, list):
        return [coerce(doc, s.get("items", {}), x, depth + 1) for x in v]
    if isinstance(v, str):
        try:
            if t == "boolean" and v in ("true", "false"):
                return v == "true"
            if t == "integer":
                return int(v)
            if t == "number":
                return float(v)
        except ValueError:
            pass
    if t == "array" and not isinstance(v, list) and v is not None:
        return [v]
    return v


def body_value(doc, op, media_type=None):
    """The body's value, from the media type the endpoint sends (the
    import picks one when the document offers several), else the first."""
    rb = doc.deref(op.get("requestBody", {}))
    content = rb.get("content", {})
    if media_type in content:
        content = {media_type: content[media_type]}
    for media in content.values():
        ex = example_of(media, doc)
        if ex is not None:
            return coerce(doc, media.get("schema", {}), ex)
        return value(doc, media.get("schema", {}))
    for p in op.get("parameters", []):  # Swagger 2.0
        p = doc.deref(p)
        if p.get("in") == "body":
            return value(doc, p.get("schema", {}))
    return None


def compact(v):
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False)


def c_string(text):
    out = ['"']
    for ch in text.encode("utf-8"):
        if ch in (0x22, 0x5C):
            out.append("\\" + chr(ch))
        elif 0x20 <= ch < 0x7F and ch != 0x3F:  # '?' escaped: no trigraphs
            out.append(chr(ch))
        else:
            out.append("\\%03o" % ch)
    out.append('"')
    return "".join(out)


def main():
    root = load(sys.argv[1])
    view = load(sys.argv[2])
    doc = Doc(root)
    ops = {}
    for path, item in (root.get("paths") or {}).items():
        item = doc.deref(item)
        shared = item.get("parameters", [])
        for method, op in item.items():
            if method in ("get", "put", "post", "delete", "patch", "head",
                          "options", "trace") and isinstance(op, dict):
                ops[(method.upper(), path)] = (op, shared)
    rows = []
    for e in view["endpoints"]:
        found = ops.get((e["method"], e["path"]))
        if not found:
            # A server's path may be part of the endpoint's path.
            found = next((ops[k] for k in ops if k[0] == e["method"] and
                          e["path"].endswith(k[1])), None)
        if not found:
            continue
        op, shared = found
        params = {}
        for p in list(shared) + list(op.get("parameters", [])):
            p = doc.deref(p)
            if p.get("in") in ("path", "query", "header", "cookie", "formData"):
                params[(p["in"], p["name"])] = p
        for (where, name), p in params.items():
            v = param_value(doc, p)
            if v is not None:
                rows.append((e["endpoint_name"], name, compact(v)))
        b = body_value(doc, op, e.get("body_type") or "application/json")
        if b is not None:
            rows.append((e["endpoint_name"], "", compact(b)))
    # C99 and later promise string literals of 4095 bytes only (-Werror
    # holds the driver to it): a longer example gives way to the types.
    rows = [r for r in rows if len(r[2].encode("utf-8")) < 4000]
    with open(sys.argv[3], "w", encoding="utf-8") as f:
        f.write("/* Written by bench/prism/values.py: one value per param "
                "and body (\"\"), as JSON. */\n")
        f.write("static const drv_value drv_values[] = {\n")
        for ep, name, v in rows:
            f.write("    {%s, %s, %s},\n" % (c_string(ep), c_string(name),
                                             c_string(v)))
        f.write("    {0, 0, 0}\n};\n")


if __name__ == "__main__":
    main()
