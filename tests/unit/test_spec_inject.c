/*
 * Spec text cannot become C code.  For every string field of a spec that
 * reaches generated C, random strings built from the pieces that break C
 * ("*" "/", quotes, backslashes, line breaks, "??/", NUL, invalid UTF-8,
 * bidirectional overrides) either make the spec refused, or generate
 * files whose token stream (support/c_lexer.h: comments and literal
 * contents left out) is the stream of the same spec with a benign value.
 * Some accepted cases of each field are compiled with the project's
 * warnings as errors (C11, and the header as C++), in one compiler run
 * per field.  A fixed seed keeps every run the same.
 *
 * Run from the repository root (it reads templates/).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/diag.h"
#include "harness.h"
#include "load/spec.h"
#include "output/templates.h"
#include "support/c_lexer.h"
#include "view/view.h"

#define CASES_PER_FIELD 200
#define COMPILED_PER_FIELD 3
#define MAX_OUT 8

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

typedef struct field {
    const char *marker; /* without the @s; "spec_path" is the file's path */
    const char *spec;
    const char *prefix; /* keeps the value's required start */
    const char *benign; /* a value the field is valid with */
} field;

static const field fields[] = {
    {"title", http_spec, "", "benign"},
    {"version", http_spec, "", "benign"},
    {"description", http_spec, "", "benign"},
    {"url", http_spec, "https://api.example.com/", "https://api.example.com/v1"},
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

/* v (n bytes) as a YAML double-quoted scalar: bytes from 0x80 up stay raw,
 * so invalid UTF-8 reaches the reader. */
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

/* The spec of `f` with value v in its field and "benign" in the others. */
static char *spec_with(const field *f, const char *v, size_t n, size_t *len)
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
            for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
                if (strlen(fields[i].marker) == k &&
                    memcmp(m + 1, fields[i].marker, k) == 0)
                    b = fields[i].benign;
            add(&t, b, strlen(b));
        }
        p = e + 1;
    }
    *len = t.n;
    return t.s;
}

/* ---- generating ------------------------------------------------------- */

static tmpl_set c_templates, fuzz_templates;

typedef struct output {
    char *name[MAX_OUT]; /* "PROVIDER.h" */
    char *data[MAX_OUT];
    size_t n;
} output;

static void output_free(output *o)
{
    for (size_t i = 0; i < o->n; i++) {
        free(o->name[i]);
        free(o->data[i]);
    }
    o->n = 0;
}

static int is_c(const char *name)
{
    size_t n = strlen(name);
    return n > 2 && name[n - 2] == '.' && (name[n - 1] == 'c' ||
                                           name[n - 1] == 'h');
}

static void render_set(const tmpl_set *set, const cJSON *view, output *o,
                       diag *d)
{
    for (size_t i = 0; i < set->n && o->n < MAX_OUT; i++) {
        const tmpl_file *t = &set->files[i];
        if (t->is_partial || !is_c(t->name))
            continue;
        tmpl_options opt = {
            .escape = tmpl_escape_for(t->name),
            .partial = tmpl_set_partial,
            .partial_ctx = (void *)set,
            .strict_partials = 1,
            .name = t->path,
        };
        char *out = tmpl_render(t->text, t->len, view, &opt, d, NULL);
        if (!out)
            continue;
        o->name[o->n] = strdup(t->name);
        o->data[o->n++] = out;
    }
}

/* 1: generated into o; 0: refused. */
static int generate(const char *spec_text, size_t len, const char *path,
                    output *o)
{
    diag d;
    diag_init(&d);
    o->n = 0;
    spec *s = spec_load_buffer(path, spec_text, len, &d);
    int ok = s && spec_validate(s, &d) == 0;
    if (ok) {
        cJSON *view = view_build(s, path);
        if (view) {
            render_set(&c_templates, view, o, &d);
            render_set(&fuzz_templates, view, o, &d);
        }
        ok = view && d.errors == 0;
        cJSON_Delete(view);
    }
    spec_free(s);
    diag_free(&d);
    return ok;
}

/* ---- random text ------------------------------------------------------ */

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
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

/* A random string of up to 12 pieces; a NUL now and then. */
static size_t random_value(const char *prefix, char *out, size_t cap)
{
    size_t n = strlen(prefix);
    memcpy(out, prefix, n);
    unsigned count = next_rand() % 13;
    for (unsigned i = 0; i < count; i++) {
        if (next_rand() % 40 == 0) {
            out[n++] = '\0';
            continue;
        }
        const char *p = pieces[next_rand() % NPIECES];
        size_t k = strlen(p);
        if (n + k >= cap)
            break;
        memcpy(out + n, p, k);
        n += k;
    }
    out[n] = '\0';
    return n;
}

/* ---- checking --------------------------------------------------------- */

/* The token streams of o's files, joined; NULL with *why when one is not
 * well-formed C. */
static char *streams(const output *o, const char **why)
{
    text t = {0};
    add(&t, "", 0);
    for (size_t i = 0; i < o->n; i++) {
        size_t at = 0;
        char *s = c_token_stream(o->data[i], strlen(o->data[i]), why, &at);
        if (!s) {
            free(t.s);
            return NULL;
        }
        add(&t, o->name[i], strlen(o->name[i]));
        add(&t, "\n", 1);
        add(&t, s, strlen(s));
        free(s);
    }
    return t.s;
}

static char work[] = "/tmp/apicc_inject_XXXXXX";

static int write_file(const char *path, const char *data)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = strlen(data);
    int ok = fwrite(data, 1, n, f) == n;
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* Writes o's header and source into work/<field>_<k>/; appends the
 * source's path to cmd and the header's to cxx. */
static void stage(const char *field_name, int k, const output *o,
                  text *cmd, text *cxx)
{
    char dir[256], path[320];
    snprintf(dir, sizeof dir, "%s/%s_%d", work, field_name, k);
    mkdir(dir, 0700);
    for (size_t i = 0; i < o->n; i++) {
        if (strcmp(o->name[i], "PROVIDER.h") == 0) {
            snprintf(path, sizeof path, "%s/demo.h", dir);
            write_file(path, o->data[i]);
            add(cxx, " ", 1);
            add(cxx, path, strlen(path));
        } else if (strcmp(o->name[i], "PROVIDER.c") == 0) {
            snprintf(path, sizeof path, "%s/demo.c", dir);
            write_file(path, o->data[i]);
            add(cmd, " ", 1);
            add(cmd, path, strlen(path));
        }
    }
}

#define FLAGS                                                                 \
    " -fsyntax-only -Wall -Wextra -Wpedantic -Werror -Iruntime/include"     \
    " -I/usr/include/cjson"

static void compile(const char *field_name, text *cmd, text *cxx)
{
    if (!cmd->n)
        return;
    char name[96];
    snprintf(name, sizeof name, "%s compiles", field_name);
    text all = {0};
    const char *cc = getenv("CC") && *getenv("CC") ? getenv("CC") : "cc";
    add(&all, cc, strlen(cc));
    add(&all, " -std=c11 -Wshadow -Wstrict-prototypes -Wmissing-prototypes "
              "-Wwrite-strings -Wformat=2" FLAGS,
        strlen(" -std=c11 -Wshadow -Wstrict-prototypes -Wmissing-prototypes "
               "-Wwrite-strings -Wformat=2" FLAGS));
    add(&all, cmd->s, cmd->n);
    add(&all, " && c++ -x c++ -std=c++11" FLAGS,
        strlen(" && c++ -x c++ -std=c++11" FLAGS));
    add(&all, cxx->s, cxx->n);
    add(&all, " 2>&1", 5);
    int rc = system(all.s);
    harness_count(name, rc == 0, all.s);
    free(all.s);
}

/* ---- the tests -------------------------------------------------------- */

/* The defect this test was written for: a path that closed the header's
 * comment and put a declaration of its own in every program that
 * included the header.  Spaces are refused in a path now; without them
 * the comment text still has to hold. */
static void regression_path_closes_comment(void)
{
    const field *f = NULL;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strcmp(fields[i].marker, "path") == 0)
            f = &fields[i];
    static const char hostile[] =
        "/a*/__asm__(\"nop\");int/**/pwned;/*";
    output benign = {0}, bad = {0};
    size_t len;
    char *spec_text = spec_with(f, "/a", 2, &len);
    int ok = generate(spec_text, len, "specs/demo.yaml", &benign);
    free(spec_text);
    spec_text = spec_with(f, hostile, sizeof hostile - 1, &len);
    int ok2 = generate(spec_text, len, "specs/demo.yaml", &bad);
    free(spec_text);
    const char *why = NULL;
    char *a = ok ? streams(&benign, &why) : NULL;
    char *b = ok2 ? streams(&bad, &why) : NULL;
    harness_count("path_closes_comment generates", ok && ok2,
                  "the spec was refused");
    harness_count("path_closes_comment is well-formed", a && b,
                  why ? why : "not generated");
    harness_count("path_closes_comment adds no code",
                  a && b && strcmp(a, b) == 0 && !strstr(b, "pwned"),
                  "the token stream differs from the benign path's");
    free(a);
    free(b);
    output_free(&benign);
    output_free(&bad);
}

static void property(const field *f)
{
    char value[512];
    char bname[64];
    snprintf(value, sizeof value, "%s", f->benign);
    output o = {0};
    size_t len;
    const char *path = "specs/demo.yaml";
    int is_path = strcmp(f->marker, "spec_path") == 0;
    char *spec_text = spec_with(f, value, strlen(value), &len);
    if (!generate(spec_text, len, is_path ? value : path, &o)) {
        snprintf(bname, sizeof bname, "%s benign", f->marker);
        harness_count(bname, 0, "the benign spec was refused");
        free(spec_text);
        return;
    }
    free(spec_text);
    const char *why = NULL;
    char *want = streams(&o, &why);
    output_free(&o);
    if (!want) {
        harness_count(f->marker, 0, why);
        return;
    }
    int bad = 0, accepted = 0, compiled = 0;
    text cmd = {0}, cxx = {0};
    for (int i = 0; i < CASES_PER_FIELD; i++) {
        size_t n = random_value(f->prefix, value, sizeof value);
        spec_text = spec_with(f, value, n, &len);
        int ok = generate(spec_text, len, is_path ? value : path, &o);
        free(spec_text);
        if (!ok) {
            output_free(&o);
            continue;
        }
        accepted++;
        char *got = streams(&o, &why);
        /* Even a model name changes only comments and literals: its C
         * type comes from c_name. */
        if (!got || strcmp(got, want) != 0) {
            if (bad++ < 3) {
                char shown[1100];
                size_t k = 0;
                for (size_t j = 0; j < n && k + 5 < sizeof shown; j++) {
                    unsigned char c = (unsigned char)value[j];
                    k += (size_t)snprintf(shown + k, sizeof shown - k,
                                          c < 0x20 || c >= 0x7f ? "\\x%02X"
                                                                : "%c",
                                          c);
                }
                printf("FAIL %s: value \"%s\": %s\n", f->marker, shown,
                       got ? "token stream differs" : why);
            }
        } else if (compiled < COMPILED_PER_FIELD) {
            stage(f->marker, compiled++, &o, &cmd, &cxx);
        }
        free(got);
        output_free(&o);
    }
    snprintf(bname, sizeof bname, "%s: %d accepted of %d", f->marker,
             accepted, CASES_PER_FIELD);
    harness_count(bname, bad == 0, "hostile text changed the code");
    compile(f->marker, &cmd, &cxx);
    free(cmd.s);
    free(cxx.s);
    free(want);
}

int main(void)
{
    (void)harness_case_name;
    (void)harness_case_failed;
    diag d;
    diag_init(&d);
    if (tmpl_set_load(&c_templates, "templates/c", &d) != 0 ||
        tmpl_set_load(&fuzz_templates, "templates/fuzz", &d) != 0 ||
        !mkdtemp(work)) {
        diag_print(&d, stdout);
        diag_free(&d);
        harness_count("setup", 0, "templates/ or a temporary folder");
        return harness_report();
    }
    diag_free(&d);
    regression_path_closes_comment();
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        property(&fields[i]);
    char rm[128];
    snprintf(rm, sizeof rm, "rm -rf '%s'", work);
    if (system(rm) != 0)
        printf("could not remove %s\n", work);
    tmpl_set_free(&c_templates);
    tmpl_set_free(&fuzz_templates);
    return harness_report();
}
