/*
 * The specs and random values of support/inject_specs.h.
 */
#include "support/inject_specs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A spec with one marker per field; fields not under test get benign text. */
static const char http_spec[] =
    "apicc: 1\n"
    "provider: demo\n"
    "title: @title@\n"
    "version: @version@\n"
    "description: @description@\n"
    "servers:\n"
    "  - name: production\n"
    "    url: @url@\n"
    "    description: @server_description@\n"
    "auth:\n"
    "  key: { type: apikey, in: query, name: @apikey_query@, "
    "prefix: @prefix@ }\n"
    "  hkey: { type: apikey, in: header, name: @apikey_header@ }\n"
    "  signed:\n"
    "    type: signature\n"
    "    algorithm: hmac-sha256\n"
    "    payload: [method, { literal: @literal@ }, path]\n"
    "    signature: { in: header, name: X-Sig }\n"
    "    timestamp: { in: query, name: @ts_name@ }\n"
    "default_auth: [key, hkey, signed]\n"
    "errors:\n"
    "  code: @error_code@\n"
    "  message: error.message\n"
    "models:\n"
    "  @model_name@:\n"
    "    c_name: thing\n"
    "    description: @model_description@\n"
    "    properties:\n"
    "      @json_name@: { type: string, c_name: member, "
    "description: @property_description@ }\n"
    "      color: { $ref: Color }\n"
    "  Color:\n"
    "    type: enum\n"
    "    values:\n"
    "      - { value: @enum_value@, c_name: red }\n"
    "endpoints:\n"
    "  - name: ping\n"
    "    summary: @summary@\n"
    "    description: @endpoint_description@\n"
    "    method: GET\n"
    "    path: @path@\n"
    "    params:\n"
    "      - { name: @query_name@, c_name: q, in: query, type: string, "
    "description: @param_description@ }\n"
    "      - { name: @header_name@, c_name: h, in: header, type: string }\n"
    "    response: @model_name@\n"
    "    sets_credential:\n"
    "      - { scheme: hkey, from: @from@ }\n";

static const char ws_spec[] =
    "apicc: 1\n"
    "provider: demo\n"
    "title: WS\n"
    "transport: websocket\n"
    "servers:\n"
    "  - name: local\n"
    "    url: ws://127.0.0.1:9000/ws\n"
    "auth:\n"
    "  mac:\n"
    "    type: signature\n"
    "    algorithm: hmac-sha256\n"
    "    payload: [sorted_params]\n"
    "    key: { in: param, name: @ws_key_name@ }\n"
    "    signature: { in: param, name: signature }\n"
    "endpoints:\n"
    "  - name: call\n"
    "    method: @ws_method@\n"
    "    auth: [mac]\n"
    "    params:\n"
    "      - { name: @ws_param@, c_name: p, type: string }\n";

const inject_field inject_fields[] = {
    {"title", http_spec, "", "benign"},
    {"version", http_spec, "", "benign"},
    {"description", http_spec, "", "benign"},
    {"url", http_spec, "https://api.example.com/",
     "https://api.example.com/v1"},
    {"server_description", http_spec, "", "benign"},
    {"apikey_query", http_spec, "", "benign"},
    {"prefix", http_spec, "", "benign"},
    {"apikey_header", http_spec, "", "benign"},
    {"literal", http_spec, "", "benign"},
    {"ts_name", http_spec, "", "benign"},
    {"error_code", http_spec, "", "benign"},
    {"model_name", http_spec, "M", "Thing"},
    {"model_description", http_spec, "", "benign"},
    {"json_name", http_spec, "", "benign"},
    {"property_description", http_spec, "", "benign"},
    {"enum_value", http_spec, "", "benign"},
    {"summary", http_spec, "", "benign"},
    {"endpoint_description", http_spec, "", "benign"},
    {"path", http_spec, "/", "/ping"},
    {"query_name", http_spec, "", "benign"},
    {"param_description", http_spec, "", "benign"},
    {"header_name", http_spec, "", "X-Benign"},
    {"from", http_spec, "", "benign"},
    {"spec_path", http_spec, "specs/", "specs/demo.yaml"},
    {"ws_key_name", ws_spec, "", "benign"},
    {"ws_method", ws_spec, "", "benign"},
    {"ws_param", ws_spec, "", "benign"},
};
const size_t inject_nfields = sizeof inject_fields / sizeof inject_fields[0];

/* ---- building specs --------------------------------------------------- */

typedef struct text {
    char *s;
    size_t n, cap;
} text;

static void add(text *t, const char *s, size_t n)
{
    if (t->n + n + 1 > t->cap) {
        t->cap = (t->n + n + 1) * 2;
        t->s = realloc(t->s, t->cap);
        if (!t->s)
            abort();
    }
    memcpy(t->s + t->n, s, n);
    t->n += n;
    t->s[t->n] = '\0';
}

/* v (n bytes) as a YAML double-quoted scalar. */
static void add_quoted(text *t, const char *v, size_t n)
{
    add(t, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\', esc[1] = (char)c;
            add(t, esc, 2);
        } else if (c < 0x20 || c == 0x7f) {
            snprintf(esc, sizeof esc, "\\x%02X", c);
            add(t, esc, 4);
        } else {
            add(t, v + i, 1);
        }
    }
    add(t, "\"", 1);
}

char *inject_spec(const inject_field *f, const char *v, size_t n,
                  size_t *len)
{
    text t = {0};
    const char *p = f->spec;
    while (*p) {
        const char *m = strchr(p, '@');
        if (!m) {
            add(&t, p, strlen(p));
            break;
        }
        const char *e = strchr(m + 1, '@');
        add(&t, p, (size_t)(m - p));
        size_t k = (size_t)(e - m - 1);
        if (strlen(f->marker) == k && memcmp(m + 1, f->marker, k) == 0) {
            add_quoted(&t, v, n);
        } else {
            const char *b = "benign";
            for (size_t i = 0; i < inject_nfields; i++)
                if (strlen(inject_fields[i].marker) == k &&
                    memcmp(m + 1, inject_fields[i].marker, k) == 0)
                    b = inject_fields[i].benign;
            add(&t, b, strlen(b));
        }
        p = e + 1;
    }
    *len = t.n;
    return t.s;
}

/* ---- random text ------------------------------------------------------ */

static unsigned next_rand(unsigned long long *rng)
{
    *rng ^= *rng << 13;
    *rng ^= *rng >> 7;
    *rng ^= *rng << 17;
    return (unsigned)(*rng >> 11);
}

/* The pieces that break C text, and some plain ones around them. */
static const char *const pieces[] = {
    "*/", "/*", "*", "/", "//", "\"", "'", "\\", "\n", "\r", "\t", "?\?/",
    "?\?=", "?\?", "?", "\\\n", "#", " ", "a", "Z", "_", "0", "x", "\xc3\xa9",
    "\xe2\x80\xae", "\xe2\x80\xa8", "\xff", "\xc3", "\x01", "\x7f",
    "__asm__(\"nop\");", "int x;", "{", "}", ";", "%", "$", "-", "\\x41",
    "\\0", "\\u0041",
};
#define NPIECES (sizeof pieces / sizeof pieces[0])

size_t inject_random_value(const inject_field *f, unsigned long long *rng,
                           char *out, size_t cap)
{
    size_t n = strlen(f->prefix);
    memcpy(out, f->prefix, n);
    unsigned count = next_rand(rng) % 13;
    for (unsigned i = 0; i < count; i++) {
        if (n + 1 >= cap)
            break;
        if (next_rand(rng) % 40 == 0) {
            out[n++] = '\0';
            continue;
        }
        const char *p = pieces[next_rand(rng) % NPIECES];
        size_t k = strlen(p);
        if (n + k >= cap)
            break;
        memcpy(out + n, p, k);
        n += k;
    }
    out[n] = '\0';
    return n;
}

