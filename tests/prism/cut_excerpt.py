#!/usr/bin/python3
"""Cuts an excerpt of an OpenAPI document: the named operations and the
component schemas, parameters and security schemes they reach, so a test
can keep a small, faithful fixture of a document nobody here wrote.

    cut_excerpt.py [--spell-out-form-arrays] DOC.json OUT.json METHOD:PATH...

--spell-out-form-arrays writes OpenAPI's default encoding of an array
member of a form body (style form, explode true: the key repeated) into
the body's `encoding`, which changes nothing the document means: Prism
5.14 reads a repeated form key as an array only when the encoding is
spelled out, and keeps only the last value otherwise.
"""
import json
import sys


def refs(node, out):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str) and v.startswith("#/"):
                out.add(v)
            else:
                refs(v, out)
    elif isinstance(node, list):
        for v in node:
            refs(v, out)


def spell_out_form_arrays(doc, op):
    form = op.get("requestBody", {}).get("content", {}).get(
        "application/x-www-form-urlencoded")
    if not form:
        return
    schema = form.get("schema", {})
    if "$ref" in schema:
        node = doc
        for p in schema["$ref"][2:].split("/"):
            node = node[p]
        schema = node
    for name, prop in schema.get("properties", {}).items():
        enc = form.get("encoding", {})
        if prop.get("type") == "array" and name not in enc:
            enc[name] = {"style": "form", "explode": True}
            form["encoding"] = enc


def main():
    args = sys.argv[1:]
    spell = args[0] == "--spell-out-form-arrays"
    if spell:
        args = args[1:]
    doc = json.load(open(args[0]))
    paths = {}
    for spec in args[2:]:
        method, path = spec.split(":", 1)
        item = doc["paths"][path]
        kept = paths.setdefault(path, {k: v for k, v in item.items()
                                       if k not in ("get", "put", "post",
                                                    "delete", "patch",
                                                    "head", "options")})
        kept[method] = item[method]
        if spell:
            spell_out_form_arrays(doc, kept[method])
    out = {k: v for k, v in doc.items() if k not in ("paths", "components")}
    out["paths"] = paths
    comps = {}
    todo = set()
    refs(paths, todo)
    seen = set()
    while todo:
        ref = todo.pop()
        if ref in seen:
            continue
        seen.add(ref)
        parts = ref[2:].split("/")
        node = doc
        for p in parts:
            node = node[p.replace("~1", "/").replace("~0", "~")]
        comps.setdefault(parts[1], {})[parts[2]] = node
        refs(node, todo)
    schemes = doc.get("components", {}).get("securitySchemes")
    if schemes:
        comps["securitySchemes"] = schemes
    out["components"] = comps
    json.dump(out, open(args[1], "w"), indent=1, sort_keys=True)
    open(args[1], "a").write("\n")


main()
