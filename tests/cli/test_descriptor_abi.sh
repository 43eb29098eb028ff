#!/bin/sh
# The descriptor ABI has no dead members, in both directions:
#  - every member of a descriptor struct that the C template sets
#    (".member = ...") is read somewhere in runtime/src, and
#  - every descriptor member that runtime/src reads is set by the
#    template, so some spec can give it a value.
# A member only one side knows is either dead weight in every generated
# table or a runtime rule no spec can reach.
PY=${APICC_TEST_PYTHON:-python3}
exec "$PY" - <<'PYEOF'
import re, glob

# The structs generated code fills in, and the headers that declare them.
STRUCTS = {
    "runtime/include/apicc/endpoint.h": [
        "apicc_payload_part", "apicc_sign_node", "apicc_sign_output",
        "apicc_sign_rule", "apicc_auth_scheme",
        "apicc_credential_update", "apicc_error_shape", "apicc_pagination",
        "apicc_endpoint"],
    "runtime/include/apicc/model.h": [
        "apicc_enum_desc", "apicc_field_desc", "apicc_model_desc",
        "apicc_param_desc", "apicc_body_encoding", "apicc_response_desc",
        "apicc_operation"],
    "runtime/include/apicc/ws.h": ["apicc_event_desc"],
}
passed = failed = 0

def check(ok, msg):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL " + msg)

def members(text, name):
    """Member names of `typedef struct name {...}` or `struct name {...}`."""
    m = re.search(r"struct " + name + r" \{(.*?)\n\}", text, re.S)
    if not m:
        return None
    body = re.sub(r"/\*.*?\*/", "", m.group(1), flags=re.S)
    return re.findall(r"(\w+)\s*(?:\[\w*\])?;", body)

owner = {}  # member -> struct, for messages
for header, names in STRUCTS.items():
    text = open(header).read()
    for name in names:
        ms = members(text, name)
        check(ms, "%s: struct %s not found" % (header, name))
        for m in ms or []:
            owner.setdefault(m, []).append(name)

template = open("templates/c/PROVIDER.c.mustache").read()
emitted = set(re.findall(r"^\s*\{?\.(\w+) =", template, re.M))

runtime = ""
for f in sorted(glob.glob("runtime/src/*.c")):
    runtime += open(f).read()
runtime = re.sub(r"/\*.*?\*/", "", runtime, flags=re.S)

def read_in_runtime(m):
    return re.search(r"(->|\.)" + m + r"\b", runtime) is not None

for m in sorted(owner):
    where = "/".join(owner[m]) + "." + m
    if m in emitted:
        check(read_in_runtime(m),
              "%s is set by the template but never read in runtime/src" % where)
    else:
        check(not read_in_runtime(m),
              "%s is read in runtime/src but no template sets it" % where)

print("%d passed, %d failed" % (passed, failed))
raise SystemExit(1 if failed else 0)
PYEOF
