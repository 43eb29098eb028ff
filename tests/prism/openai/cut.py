#!/usr/bin/env python3
"""Cuts the excerpt of OpenAI's API description that
test_prism_openai_unions.sh serves with Prism: the operations named
below, the security scheme they use and every component they reach,
nothing else.

    python3 tests/prism/openai/cut.py openai.yaml > excerpt.json

The input is OpenAI's published description (openai.yaml, MIT licence)."""
import json
import sys

import yaml

# Operations whose answers hold unions: a chat completion's tool calls
# (oneOf with a discriminator), a thread message's content parts (oneOf
# by shape) and a run step's details (oneOf by shape).
OPERATIONS = {
    "/chat/completions/{completion_id}": "get",
    "/threads/{thread_id}/messages/{message_id}": "get",
    "/threads/{thread_id}/runs/{run_id}/steps/{step_id}": "get",
}
SCHEME = "ApiKeyAuth"


def main():
    doc = yaml.safe_load(open(sys.argv[1]))
    out = {
        "openapi": doc["openapi"],
        "info": {
            "title": "OpenAI API (excerpt)",
            "version": doc["info"]["version"],
            "license": doc["info"].get("license", {"name": "MIT"}),
        },
        "servers": doc["servers"],
        "security": [{SCHEME: []}],
        "paths": {},
        "components": {
            "securitySchemes": {
                SCHEME: doc["components"]["securitySchemes"][SCHEME]
            }
        },
    }
    for path, method in OPERATIONS.items():
        op = dict(doc["paths"][path][method])
        # Only the success response: the errors bring much and test
        # nothing; the vendor extensions (the reference pages' examples)
        # are no part of the API.
        op["responses"] = {"200": op["responses"]["200"]}
        for key in [k for k in op if k.startswith("x-")]:
            del op[key]
        out["paths"][path] = {method: op}
    todo = [out["paths"]]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/"):
                _, _, section, name = ref.split("/", 3)
                have = out["components"].setdefault(section, {})
                if name not in have:
                    have[name] = doc["components"][section][name]
                    todo.append(have[name])
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    json.dump(out, sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")


main()
