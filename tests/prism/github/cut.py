#!/usr/bin/env python3
"""Cuts the excerpt of GitHub's REST description that test_prism_unions.sh
serves with Prism: the operations named below and every component they
reach, nothing else.

    python3 tests/prism/github/cut.py api.github.com.json > excerpt.json

The input is api.github.com.json of the npm package @octokit/openapi."""
import json
import sys

# Operations whose responses are unions: a user is oneOf private-user or
# public-user; an installation's account is anyOf simple-user or
# enterprise.
OPERATIONS = {
    "/user": "get",
    "/users/{username}": "get",
    "/app/installations/{installation_id}": "get",
}


def main():
    doc = json.load(open(sys.argv[1]))
    out = {
        "openapi": doc["openapi"],
        "info": {
            "title": "GitHub v3 REST API (excerpt)",
            "version": doc["info"]["version"],
            "license": doc["info"].get("license", {"name": "MIT"}),
        },
        "servers": doc["servers"],
        "paths": {},
        "components": {},
    }
    for path, method in OPERATIONS.items():
        op = dict(doc["paths"][path][method])
        # Only the success response: the errors bring much and test nothing.
        op["responses"] = {"200": op["responses"]["200"]}
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
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


main()
