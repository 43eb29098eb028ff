#!/usr/bin/env python3
"""Writes a synthetic apicc spec for the generator benchmark.

usage: gen_spec.py ENDPOINTS MODELS > spec.yaml

Models mix every property type (scalars, enums, references, arrays,
maps, nullable and required members); endpoints mix path, query and
header params, bodies, responses and auth.  The output depends only on
the arguments, so every run measures the same input.
"""
import sys


def main():
    nend = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    nmod = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    nenum = max(1, nmod // 10)
    out = []
    w = out.append
    w("apicc: 1")
    w("provider: bench")
    w("title: Synthetic benchmark API")
    w('version: "1.0.0"')
    w("servers:")
    w("  - { name: production, url: https://api.example.com/v1 }")
    w("auth:")
    w("  token: { type: bearer }")
    w("  key: { type: apikey, in: header, name: X-Api-Key }")
    w("default_auth: [token]")
    w("errors: { model: Model0, code: code, message: message }")
    w("models:")
    for e in range(nenum):
        w(f"  Enum{e}:")
        w("    type: enum")
        w("    values: [alpha, beta, gamma, delta]")
    for m in range(nmod - nenum):
        w(f"  Model{m}:")
        w(f"    description: Model number {m}.")
        w("    properties:")
        w("      code: { type: string, required: true }")
        w("      message: { type: string, description: A message }")
        w("      count: { type: integer }")
        w("      ratio: { type: number, nullable: true }")
        w("      enabled: { type: boolean }")
        w(f"      kind: {{ $ref: Enum{m % nenum} }}")
        w("      tags: { type: array, items: { type: string } }")
        w("      labels: { type: map, values: { type: integer } }")
        if m > 0:
            w(f"      parent: {{ $ref: Model{(m * 7) % m} }}")
            w(f"      children: {{ type: array, items: {{ $ref: Model{(m * 3) % m} }} }}")
    w("endpoints:")
    methods = ["GET", "POST", "PUT", "DELETE", "PATCH"]
    nobj = nmod - nenum
    for i in range(nend):
        meth = methods[i % len(methods)]
        w(f"  - name: op_{i}")
        w(f"    summary: Operation {i}")
        w(f"    method: {meth}")
        w(f"    path: /things/{{thing_id}}/items{i}/{{item_id}}")
        w("    params:")
        w("      - { name: thing_id, in: path, type: string, required: true }")
        w("      - { name: item_id, in: path, type: integer, required: true }")
        w("      - { name: limit, in: query, type: integer }")
        w("      - { name: ids, in: query, type: array, items: { type: string } }")
        w("      - { name: X-Trace, in: header, type: string }")
        if meth in ("POST", "PUT", "PATCH"):
            w(f"    body: Model{i % nobj}")
        w(f"    response: Model{(i * 13) % nobj}")
        if i % 4 == 0:
            w("    auth: [key]")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
