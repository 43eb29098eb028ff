/*
 * Fuzz target: the mustache engine.  The input is a template, then a NUL
 * byte, then JSON data (no NUL: the whole input is the template and the
 * data is {}).  The template is also its own partial "self" and
 * "parent", so recursion and inheritance are reached; each render uses
 * another escaping.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/diag.h"
#include "mustache/mustache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct tpl {
    const char *text;
    size_t len;
} tpl;

static const char *partial(void *ctx, const char *name, size_t *len)
{
    const tpl *t = ctx;
    if (strcmp(name, "self") != 0 && strcmp(name, "parent") != 0)
        return NULL;
    *len = t->len;
    return t->text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    const char *nul = memchr(p, '\0', size);
    size_t tlen = nul ? (size_t)(nul - p) : size;
    cJSON *json = nul ? cJSON_ParseWithLength(nul + 1, size - tlen - 1)
                      : NULL;
    if (!json)
        json = cJSON_CreateObject();
    tpl t = {p, tlen};
    static const tmpl_escape escapes[] = {TMPL_ESCAPE_HTML, TMPL_ESCAPE_NONE,
                                          TMPL_ESCAPE_C};
    for (int strict = 0; strict < 2; strict++) {
        diag d;
        diag_init(&d);
        tmpl_options opt = {.escape = escapes[(size + (size_t)strict) % 3],
                            .partial = partial,
                            .partial_ctx = &t,
                            .strict_partials = strict,
                            .name = "fuzz",
                            .max_depth = 64,
                            .max_output = 1 << 20};
        size_t len = 0;
        char *out = tmpl_render(p, tlen, json, &opt, &d, &len);
        free(out);
        diag_free(&d);
    }
    cJSON_Delete(json);
    return 0;
}
