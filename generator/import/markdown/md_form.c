/*
 * A method that sends a form: its "HTTP request headers" say
 * Content-Type multipart/form-data or application/x-www-form-urlencoded.
 * openapi-generator's docs list the form's fields among the parameters,
 * so the ones not in the path become the members of a body model
 * "<Method>Request" with that media type; in a multipart form a binary
 * string (a Go *os.File, a File) is a file member.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "import/markdown/md_internal.h"

/* "upload_icon" -> "UploadIconRequest"; 0 when it does not fit. */
static int request_name(const char *snake, char *out, size_t cap)
{
    size_t n = 0;
    int upper = 1;
    for (const char *p = snake; *p; p++) {
        if (*p == '_') {
            upper = 1;
            continue;
        }
        if (n + 1 >= cap)
            return 0;
        out[n++] = upper ? (char)toupper((unsigned char)*p) : *p;
        upper = 0;
    }
    return snprintf(out + n, cap - n, "Request") < (int)(cap - n);
}

static void to_file(imp_type *t)
{
    if (t && t->kind == IMP_STRING && t->format &&
        strcmp(t->format, "binary") == 0) {
        t->kind = IMP_FILE;
        t->format = NULL;
    } else if (t && t->kind == IMP_ARRAY) {
        to_file(t->items);
    }
}

void md_form_body(md_ctx *c, size_t ep, const char *media, const char *file,
                  size_t line)
{
    imp_endpoint *e = &c->sp->endpoints[ep];
    size_t fields = 0;
    for (size_t i = 0; i < e->nparams; i++)
        fields += e->params[i].in == IMP_IN_QUERY;
    if (fields == 0)
        return; /* nothing but the path: no body to send */
    char name[128];
    if (e->body != IMP_NONE || !e->name ||
        !request_name(e->name, name, sizeof name) ||
        imp_map_get(&c->models, name, IMP_NONE) != IMP_NONE) {
        md_warn(c, file, line, "the method sends a form, but %s; its "
                               "fields stay query parameters",
                e->body != IMP_NONE ? "it has a body model too"
                                    : "no model name is free for it");
        return;
    }
    size_t m = md_model(c, name);
    if (m == IMP_NONE)
        return;
    c->documented[m] = 2; /* its members are the fields: not a missing doc */
    c->sp->models[m].hoisted = 1;
    e = &c->sp->endpoints[ep];
    int multipart = strcmp(media, "multipart/form-data") == 0;
    size_t keep = 0;
    int required = 0;
    for (size_t i = 0; i < e->nparams; i++) {
        imp_param p = e->params[i];
        imp_prop *prop =
            p.in == IMP_IN_QUERY ? imp_add_prop(c->sp, m, p.name) : NULL;
        if (!prop) {
            e->params[keep++] = p;
            continue;
        }
        prop->type = p.type;
        if (multipart)
            to_file(prop->type);
        prop->required = p.required;
        prop->description = p.description;
        required |= p.required;
    }
    e->nparams = keep;
    e->body = m;
    e->body_required = required;
    e->body_media = imp_save(c->sp, media);
}
