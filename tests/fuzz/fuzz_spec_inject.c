/*
 * Fuzz target: spec text cannot become C code.  The first byte picks a
 * string field of the injection specs (support/inject_specs.h), the rest
 * is its value.  When the spec is accepted, every C file the templates of
 * templates/c and templates/fuzz make of it must lex cleanly (comments
 * closed, literals well-formed, no trigraph or line splice: see
 * support/c_lexer.h) and give the token stream of the field's benign
 * value; anything else aborts.  Run from the repository root.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/buf.h"
#include "base/diag.h"
#include "load/spec.h"
#include "output/templates.h"
#include "support/c_lexer.h"
#include "support/inject_specs.h"
#include "view/view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tmpl_set sets[2];
static int loaded;
static char *benign[64]; /* per field, the token stream of its benign value */

/* The token streams of every C file made of the spec, joined; NULL when
 * the spec is refused.  A file that does not lex aborts. */
static char *streams(const char *text, size_t len, const char *path)
{
    diag d;
    diag_init(&d);
    spec *s = spec_load_buffer(path, text, len, &d);
    char *result = NULL;
    if (s && spec_validate(s, &d) == 0) {
        cJSON *view = view_build(s, path);
        buf all;
        buf_init(&all);
        for (int k = 0; view && k < 2; k++) {
            for (size_t i = 0; i < sets[k].n; i++) {
                const tmpl_file *t = &sets[k].files[i];
                if (t->is_partial || tmpl_escape_for(t->name) != TMPL_ESCAPE_C)
                    continue;
                tmpl_options opt = {.escape = TMPL_ESCAPE_C,
                                    .partial = tmpl_set_partial,
                                    .partial_ctx = &sets[k],
                                    .strict_partials = 1,
                                    .name = t->path};
                size_t n = 0;
                char *out = tmpl_render(t->text, t->len, view, &opt, &d, &n);
                if (!out)
                    abort(); /* the templates are fixed: they must render */
                const char *why = NULL;
                size_t at = 0;
                char *tokens = c_token_stream(out, n, &why, &at);
                if (!tokens) {
                    fprintf(stderr, "%s: %s at byte %zu\n", t->name,
                            why ? why : "out of memory", at);
                    abort();
                }
                buf_puts(&all, tokens);
                free(tokens);
                free(out);
            }
        }
        view_free(view);
        result = buf_take(&all);
    }
    spec_free(s);
    diag_free(&d);
    return result;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!loaded) {
        diag d;
        diag_init(&d);
        if (tmpl_set_load(&sets[0], "templates/c", &d) != 0 ||
            tmpl_set_load(&sets[1], "templates/fuzz", &d) != 0) {
            diag_print(&d, stderr);
            abort(); /* run from the repository root */
        }
        diag_free(&d);
        loaded = 1;
    }
    if (size < 1 || size > 4096)
        return 0;
    size_t which = data[0] % inject_nfields;
    const inject_field *f = &inject_fields[which];
    int is_path = strcmp(f->marker, "spec_path") == 0;
    if (!benign[which]) {
        size_t len;
        char *text = inject_spec(f, f->benign, strlen(f->benign), &len);
        benign[which] = streams(text, len, is_path ? f->benign : "demo.yaml");
        free(text);
        if (!benign[which])
            abort(); /* the benign spec must be accepted */
    }
    /* The value, with the field's required start. */
    size_t plen = strlen(f->prefix);
    char *value = malloc(plen + size);
    if (!value)
        return 0;
    memcpy(value, f->prefix, plen);
    memcpy(value + plen, data + 1, size - 1);
    size_t vlen = plen + size - 1;
    size_t len;
    char *text = inject_spec(f, value, vlen, &len);
    /* A path cannot hold NUL: cut it there, as a C string would. */
    value[vlen] = '\0';
    char *got = streams(text, len, is_path ? value : "demo.yaml");
    if (got && strcmp(got, benign[which]) != 0) {
        fprintf(stderr, "field %s: the value changed the code\n", f->marker);
        abort();
    }
    free(got);
    free(text);
    free(value);
    return 0;
}
