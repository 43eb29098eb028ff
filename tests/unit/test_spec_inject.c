/*
 * Spec text cannot become C code.  For every string field of a spec that
 * reaches generated C, random strings built from the pieces that break C
 * ("*" "/", quotes, backslashes, line breaks, "??/", NUL, invalid UTF-8,
 * bidirectional overrides) either make the spec refused, or generate
 * files whose token stream (support/c_lexer.h: comments and literal
 * contents left out) is the stream of the same spec with a benign value.
 * Some accepted cases of each field are compiled with the project's
 * warnings as errors (C11 with gcc and clang, the header as C++11), in a
 * few compiler runs per field.  A fixed seed keeps every run the same.
 *
 * Run from the repository root (it reads templates/).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "harness.h"
#include "load/spec.h"
#include "output/templates.h"
#include "support/c_lexer.h"
#include "support/inject_specs.h"
#include "view/view.h"

#define CASES_PER_FIELD 200
#define COMPILED_PER_FIELD 3
#define MAX_OUT 8

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
        view_free(view);
    }
    spec_free(s);
    diag_free(&d);
    return ok;
}

/* ---- checking --------------------------------------------------------- */

/* The token streams of o's files, joined; NULL with *why when one is not
 * well-formed C. */
static char *streams(const output *o, const char **why)
{
    buf t;
    buf_init(&t);
    for (size_t i = 0; i < o->n; i++) {
        size_t at = 0;
        char *s = c_token_stream(o->data[i], strlen(o->data[i]), why, &at);
        if (!s) {
            buf_free(&t);
            return NULL;
        }
        buf_append(&t, o->name[i], strlen(o->name[i]));
        buf_append(&t, "\n", 1);
        buf_append(&t, s, strlen(s));
        free(s);
    }
    return buf_take(&t);
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
                  buf *cmd, buf *cxx)
{
    char dir[256], path[320];
    snprintf(dir, sizeof dir, "%s/%s_%d", work, field_name, k);
    mkdir(dir, 0700);
    for (size_t i = 0; i < o->n; i++) {
        if (strcmp(o->name[i], "PROVIDER.h") == 0) {
            snprintf(path, sizeof path, "%s/demo.h", dir);
            write_file(path, o->data[i]);
            buf_append(cxx, " ", 1);
            buf_append(cxx, path, strlen(path));
        } else if (strcmp(o->name[i], "PROVIDER.c") == 0) {
            snprintf(path, sizeof path, "%s/demo.c", dir);
            write_file(path, o->data[i]);
            buf_append(cmd, " ", 1);
            buf_append(cmd, path, strlen(path));
        }
    }
}

#define FLAGS                                                                 \
    " -fsyntax-only -Wall -Wextra -Wpedantic -Werror -Iruntime/include"     \
    " -I/usr/include/cjson"

#define C_FLAGS                                                               \
    " -std=c11 -Wshadow -Wstrict-prototypes -Wmissing-prototypes"            \
    " -Wwrite-strings -Wformat=2" FLAGS

/* One compiler run over the staged sources (gcc, and clang when it is
 * installed: both must accept every generated file) and one over the
 * headers as C++11 (trigraphs still on there). */
static void compile(const char *field_name, buf *cmd, buf *cxx)
{
    if (!cmd->len)
        return;
    char name[96];
    snprintf(name, sizeof name, "%s compiles", field_name);
    buf all;
    buf_init(&all);
    buf_printf(&all, "cc" C_FLAGS "%s && { ! command -v clang >/dev/null || "
                     "clang" C_FLAGS "%s; } && c++ -x c++ -std=c++11" FLAGS
                     "%s 2>&1",
               cmd->data, cmd->data, cxx->data);
    int rc = system(all.data);
    harness_count(name, rc == 0, all.data);
    buf_free(&all);
}

/* ---- the tests -------------------------------------------------------- */

/* The defect this test was written for: a path that closed the header's
 * comment and put a declaration of its own in every program that
 * included the header.  Spaces are refused in a path now; without them
 * the comment text still has to hold. */
static void regression_path_closes_comment(void)
{
    const inject_field *f = NULL;
    for (size_t i = 0; i < inject_nfields; i++)
        if (strcmp(inject_fields[i].marker, "path") == 0)
            f = &inject_fields[i];
    static const char hostile[] =
        "/a*/__asm__(\"nop\");int/**/pwned;/*";
    output benign = {0}, bad = {0};
    size_t len;
    char *spec_text = inject_spec(f, "/a", 2, &len);
    int ok = generate(spec_text, len, "specs/demo.yaml", &benign);
    free(spec_text);
    spec_text = inject_spec(f, hostile, sizeof hostile - 1, &len);
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

static void property(const inject_field *f)
{
    char value[512];
    char bname[64];
    snprintf(value, sizeof value, "%s", f->benign);
    output o = {0};
    size_t len;
    const char *path = "specs/demo.yaml";
    int is_path = strcmp(f->marker, "spec_path") == 0;
    char *spec_text = inject_spec(f, value, strlen(value), &len);
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
    buf cmd, cxx;
    buf_init(&cmd);
    buf_init(&cxx);
    /* The same values every run: a seed per field. */
    unsigned long long rng =
        0x9e3779b97f4a7c15ull + (unsigned long long)(f - inject_fields);
    for (int i = 0; i < CASES_PER_FIELD; i++) {
        size_t n = inject_random_value(f, &rng, value, sizeof value);
        spec_text = inject_spec(f, value, n, &len);
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
    printf("%s\n", bname);
    compile(f->marker, &cmd, &cxx);
    buf_free(&cmd);
    buf_free(&cxx);
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
    for (size_t i = 0; i < inject_nfields; i++)
        property(&inject_fields[i]);
    char rm[128];
    snprintf(rm, sizeof rm, "rm -rf '%s'", work);
    if (system(rm) != 0)
        printf("could not remove %s\n", work);
    tmpl_set_free(&c_templates);
    tmpl_set_free(&fuzz_templates);
    return harness_report();
}
