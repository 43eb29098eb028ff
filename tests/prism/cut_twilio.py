#!/usr/bin/python3
"""Cuts tests/prism/twilio_excerpt.json out of Twilio's OpenAPI documents
(twilio/twilio-oai, MIT licence): a few GET operations of two documents
whose paths carry their own servers (api.twilio.com and
messaging.twilio.com), with the schemas they reach.  The operations keep
their parameters, responses and examples as Twilio wrote them; nothing
else is changed.

    python3 tests/prism/cut_twilio.py DIR > tests/prism/twilio_excerpt.json

DIR holds twilio_api_v2010.json and twilio_messaging_v1.json.
"""
import json
import sys

TAKE = {
    "twilio_api_v2010.json": [
        "/2010-04-01/Accounts/{AccountSid}/Messages.json",
        "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json",
    ],
    "twilio_messaging_v1.json": ["/v1/Services/{Sid}"],
}


def refs(node, out):
    if isinstance(node, dict):
        r = node.get("$ref")
        if isinstance(r, str) and r.startswith("#/components/"):
            out.add(tuple(r[2:].split("/")[1:3]))
        for v in node.values():
            refs(v, out)
    elif isinstance(node, list):
        for v in node:
            refs(v, out)


def main():
    folder = sys.argv[1]
    doc = None
    for name, paths in TAKE.items():
        src = json.load(open(folder + "/" + name))
        if doc is None:
            doc = {k: src[k] for k in ("openapi", "info", "servers",
                                       "security") if k in src}
            doc["info"] = dict(src["info"])
            doc["info"]["title"] = "Twilio excerpt"
            doc["paths"] = {}
            doc["components"] = {"securitySchemes":
                                 src["components"]["securitySchemes"]}
        for p in paths:
            item = dict(src["paths"][p])
            for method in ("post", "delete", "put", "patch"):
                item.pop(method, None)
            doc["paths"][p] = item
        # the components the kept operations reach, transitively
        want = set()
        refs([doc["paths"][p] for p in paths], want)
        done = set()
        while want - done:
            kind, key = sorted(want - done)[0]
            done.add((kind, key))
            node = src["components"][kind][key]
            doc["components"].setdefault(kind, {})[key] = node
            refs(node, want)
    json.dump(doc, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


main()
