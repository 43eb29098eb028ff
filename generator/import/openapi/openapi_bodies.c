/*
 * Request bodies: which of an operation's media types the spec keeps,
 * and how.
 *
 * OpenAPI 3 lists a body's `content` by media type.  JSON is preferred
 * (application/json first), then a form, then multipart, then text,
 * then any other bytes: the first of those the document offers is kept,
 * and a warning names the media types that were not.  A JSON, form or
 * multipart body needs an object schema (its model); a text or bytes
 * body needs none (the client sends an apicc_file).  A form or
 * multipart body's `encoding` (style, explode, contentType) is kept per
 * member; in a multipart body, members that are binary strings
 * (`format: binary`) become files once every model is filled
 * (oa_file_members).
 *
 * Swagger 2.0 has a body parameter (JSON, or bytes when `consumes` has
 * no JSON) or `formData` parameters, which become the members of one
 * model "<Op>Request": multipart when `consumes` says so or a parameter
 * is `type: file`, else a form; an array's `collectionFormat` (csv when
 * absent) becomes its encoding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import/import_doc.h"
#include "import/openapi/openapi.h"
#include "load/spec.h"

static const cJSON *get(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

const char *oa_media(oa_ctx *c, const char *media)
{
    const char *slash = media ? strchr(media, '/') : NULL;
    int ok = slash && slash != media && slash[1];
    for (const char *p = media; ok && *p; p++)
        ok = (unsigned char)*p > ' ' || *p == ' ';
    if (ok)
        return media;
    oa_warn(c, "media type '%s' is not type/subtype; taken as "
               "application/octet-stream", media ? media : "");
    return "application/octet-stream";
}

/* Lower is better: JSON, form, multipart, text, bytes. */
static int media_rank(const char *media)
{
    switch (spec_media_of(media)) {
    case SPEC_MEDIA_JSON:
        return strcmp(media, "application/json") == 0 ? 0 : 1;
    case SPEC_MEDIA_FORM:
        return 2;
    case SPEC_MEDIA_MULTIPART:
        return 3;
    case SPEC_MEDIA_TEXT:
        return 4;
    case SPEC_MEDIA_BYTES:
        break;
    }
    return 5;
}

/* An object schema that says nothing of its members. */
static int free_form(oa_ctx *c, const cJSON *s)
{
    const cJSON *t = s ? oa_deref(c, s, NULL) : NULL;
    const cJSON *type = t ? oa_key(c, t, OA_TYPE) : NULL;
    const cJSON *props = t ? oa_key(c, t, OA_PROPERTIES) : NULL;
    const cJSON *ap = t ? oa_key(c, t, OA_ADDITIONAL) : NULL;
    return cJSON_IsString(type) && strcmp(type->valuestring, "object") == 0 &&
           (!props || !props->child) &&
           (!ap || cJSON_IsBool(ap) || (cJSON_IsObject(ap) && !ap->child)) &&
           !oa_key(c, t, OA_ALLOF) && !oa_key(c, t, OA_ONEOF) &&
           !oa_key(c, t, OA_ANYOF);
}

/* The body's object model from a located schema; IMP_NONE after a
 * warning. */
static size_t body_model(oa_ctx *c, size_t ep, const located *l,
                         const char *base, const char *media)
{
    char *hoist = oa_suffixed(c, base, "Request");
    if (!hoist)
        return IMP_NONE;
    imp_type *t;
    size_t m = oa_located_model(c, l, hoist, &t);
    if (m == IMP_NONE && free_form(c, l->schema)) {
        /* Often an empty message ("body: *" of a gRPC gateway): "{}". */
        m = oa_object_model(c, oa_deref(c, l->schema, NULL), hoist);
        imp_note(c->sp, &c->sp->endpoints[ep].note,
                 "guessed: the body is any JSON object; an empty model "
                 "sends {}");
    }
    free(hoist);
    if (m == IMP_NONE && t && t->kind == IMP_MAP &&
        strcmp(media, "JSON") == 0) {
        /* A JSON object of any keys: the spec format has no map body,
         * so the caller builds it as any JSON rather than lose the call. */
        imp_type *any = imp_type_new(c->sp, IMP_ANY);
        if (any) {
            c->sp->endpoints[ep].body_list = any;
            imp_note(c->sp, &c->sp->endpoints[ep].note,
                     "guessed: the body is a JSON map, sent as any JSON "
                     "(a cJSON object)");
        }
        return IMP_NONE;
    }
    if (m == IMP_NONE && (oa_list_type(t) || oa_value_type(t)) &&
        strcmp(media, "JSON") == 0) {
        c->sp->endpoints[ep].body_list = t;
        return IMP_NONE;
    }
    if (m == IMP_NONE)
        oa_warn(c, "request body (%s) is %s; the spec format writes %s "
                   "bodies from object models%s only: left out",
                media, oa_type_words(t), media,
                strcmp(media, "JSON") == 0 ? ", arrays and scalars" : "");
    return m;
}

static const char *style_word(const char *s)
{
    static const char *const styles[] = {"form", "deepObject",
                                         "spaceDelimited", "pipeDelimited"};
    for (size_t i = 0; s && i < 4; i++)
        if (strcmp(s, styles[i]) == 0)
            return styles[i];
    return NULL;
}

/* A form or multipart body's `encoding`: the members written otherwise
 * than style form with explode. */
static void encoding(oa_ctx *c, imp_endpoint *e, const cJSON *enc)
{
    const cJSON *x;
    size_t n = (size_t)cJSON_GetArraySize(enc), k = 0;
    if (!cJSON_IsObject(enc) || n == 0)
        return;
    e->encoding = calloc(n, sizeof(*e->encoding));
    if (!e->encoding) {
        c->sp->oom = 1;
        return;
    }
    cJSON_ArrayForEach(x, enc)
    {
        const char *style = imp_get_str(x, "style");
        const cJSON *explode = get(x, "explode");
        const char *type = imp_get_str(x, "contentType");
        imp_encoding *out = &e->encoding[k];
        size_t len = oa_push(c, x->string);
        if (style && !style_word(style))
            oa_warn(c, "encoding style '%s' is not one a form body has; "
                       "written as form", style);
        out->style = style_word(style);
        if (out->style && strcmp(out->style, "form") == 0)
            out->style = NULL;
        /* explode defaults to true for style form, else false */
        out->no_explode = cJSON_IsBool(explode)
                              ? cJSON_IsFalse(explode)
                              : (style && strcmp(style, "form") != 0);
        if (out->style && strcmp(out->style, "deepObject") == 0)
            out->no_explode = 0; /* deepObject is only defined exploded */
        out->content_type = type && strchr(type, ',') == NULL
                                ? imp_save(c->sp, type)
                                : NULL;
        oa_pop(c, len);
        if (out->style || out->no_explode || out->content_type) {
            out->name = imp_save(c->sp, x->string);
            k++;
        }
    }
    e->nencoding = k;
}

/* OpenAPI 3: the preferred media type of `content`. */
static void from_content(oa_ctx *c, size_t ep, const cJSON *rb,
                         const char *base)
{
    const cJSON *content = get(rb, "content"), *m, *pick = NULL;
    cJSON_ArrayForEach(m, content)
    {
        if (!pick || media_rank(m->string) < media_rank(pick->string))
            pick = m;
    }
    if (!pick)
        return;
    imp_endpoint *e = &c->sp->endpoints[ep];
    int required = imp_get_bool(rb, "required");
    size_t len = oa_push(c, "content");
    if (cJSON_GetArraySize(content) > 1) {
        char others[256] = "";
        cJSON_ArrayForEach(m, content)
        {
            if (m != pick && strlen(others) + strlen(m->string) + 3 <
                                 sizeof others)
                snprintf(others + strlen(others),
                         sizeof others - strlen(others), "%s%s",
                         others[0] ? ", " : "", m->string);
        }
        oa_warn(c, "request body sent as %s; not chosen: %s", pick->string,
                others);
    }
    spec_media kind = spec_media_of(pick->string);
    if (kind == SPEC_MEDIA_TEXT || kind == SPEC_MEDIA_BYTES) {
        e->body_media = imp_save(c->sp, oa_media(c, pick->string));
        e->body_required = required;
        oa_pop(c, len);
        return;
    }
    located l = {get(pick, "schema"), {pick->string, "schema", NULL}, 2,
                 NULL};
    oa_pop(c, len);
    l.seg[0] = "content";
    l.seg[1] = pick->string;
    l.seg[2] = "schema";
    l.nseg = 3;
    if (!l.schema) {
        oa_warn(c, "request body of type %s has no schema: left out",
                pick->string);
        return;
    }
    size_t model = body_model(c, ep, &l, base,
                              kind == SPEC_MEDIA_JSON ? "JSON"
                                                      : pick->string);
    e = &c->sp->endpoints[ep];
    if (e->body_list)
        e->body_required = required;
    if (model == IMP_NONE)
        return;
    e->body = model;
    e->body_required = required;
    if (kind == SPEC_MEDIA_JSON && strcmp(pick->string, "application/json"))
        e->body_media = imp_save(c->sp, pick->string);
    if (kind == SPEC_MEDIA_FORM || kind == SPEC_MEDIA_MULTIPART) {
        e->body_media = imp_save(c->sp, pick->string);
        size_t plen = oa_push(c, "content");
        oa_push(c, pick->string);
        oa_push(c, "encoding");
        encoding(c, e, get(pick, "encoding"));
        oa_pop(c, plen);
    }
}

/* Swagger 2.0: whether `consumes` (the operation's, else the
 * document's) allows JSON, and its first media type. */
static int v2_consumes(oa_ctx *c, const cJSON *op, const char **first,
                       const char *want)
{
    const cJSON *list = op ? get(op, "consumes") : NULL, *m;
    if (!list)
        list = c->consumes;
    *first = NULL;
    int found = 0;
    cJSON_ArrayForEach(m, list)
    {
        if (!cJSON_IsString(m))
            continue;
        if (!*first)
            *first = m->valuestring;
        if (want ? strncasecmp(m->valuestring, want, strlen(want)) == 0
                 : oa_is_json_media(m->valuestring))
            found = 1;
    }
    return found || !*first;
}

void oa_request_body(oa_ctx *c, size_t ep, const cJSON *op,
                     const cJSON *body_param, const char *base)
{
    c->sp->present.bodies += body_param || get(op, "requestBody");
    if (body_param) { /* Swagger 2.0, at the parameter's pointer */
        const char *first;
        if (!v2_consumes(c, op, &first, NULL) &&
            spec_media_of(first) >= SPEC_MEDIA_BYTES) {
            c->sp->endpoints[ep].body_media =
                imp_save(c->sp, oa_media(c, first));
            c->sp->endpoints[ep].body_required =
                imp_get_bool(body_param, "required");
            return;
        }
        located l;
        oa_locate(c, body_param, op ? get(op, "consumes") : NULL, &l);
        if (!l.schema) {
            oa_locate(c, body_param, NULL, &l);
        }
        size_t m = l.schema ? body_model(c, ep, &l, base, "JSON")
                            : IMP_NONE;
        if (c->sp->endpoints[ep].body_list)
            c->sp->endpoints[ep].body_required =
                imp_get_bool(body_param, "required");
        if (m != IMP_NONE) {
            c->sp->endpoints[ep].body = m;
            c->sp->endpoints[ep].body_required =
                imp_get_bool(body_param, "required");
        }
        return;
    }
    const cJSON *rb = get(op, "requestBody");
    if (!rb)
        return;
    size_t len = oa_push(c, "requestBody");
    const char *tptr;
    const cJSON *t = oa_deref(c, rb, &tptr);
    if (t) {
        char *saved = tptr ? oa_ptr_swap(c, tptr) : NULL;
        from_content(c, ep, t, base);
        if (tptr)
            oa_ptr_restore(c, saved);
    }
    oa_pop(c, len);
}

/* Swagger 2.0: a form array's `collectionFormat` (csv when absent) as
 * the member's encoding; `multi` is the default, exploded. */
static void form_collection(oa_ctx *c, size_t ep, const cJSON *p,
                            const char *name)
{
    const char *f = imp_get_str(p, "collectionFormat");
    const char *style = NULL;
    if (f && strcmp(f, "multi") == 0)
        return;
    if (f && strcmp(f, "ssv") == 0)
        style = style_word("spaceDelimited");
    else if (f && strcmp(f, "pipes") == 0)
        style = style_word("pipeDelimited");
    else if (f && strcmp(f, "csv") != 0)
        oa_warn(c, "collectionFormat '%s' has no form style; written as "
                   "csv (a,b)", f);
    imp_endpoint *e = &c->sp->endpoints[ep];
    imp_encoding *grown =
        realloc(e->encoding, (e->nencoding + 1) * sizeof(*grown));
    if (!grown) {
        c->sp->oom = 1;
        return;
    }
    e->encoding = grown;
    e->encoding[e->nencoding++] = (imp_encoding){
        imp_save(c->sp, name), style, 1, NULL};
}

void oa_form_param(oa_ctx *c, size_t ep, const cJSON *op, const cJSON *p,
                   const char *name, const char *base)
{
    imp_endpoint *e = &c->sp->endpoints[ep];
    if (e->body == IMP_NONE) {
        char *hoist = oa_suffixed(c, base, "Request");
        if (!hoist)
            return;
        char *unique = oa_unique_model_name(c, hoist);
        free(hoist);
        if (!unique)
            return;
        size_t m = imp_add_model(c->sp, unique);
        free(unique);
        if (m == IMP_NONE)
            return;
        c->sp->models[m].hoisted = 1;
        e = &c->sp->endpoints[ep];
        e->body = m;
        e->body_required = 0;
        const char *first;
        e->body_media = imp_save(c->sp, v2_consumes(c, op, &first,
                                                    "multipart/form-data") &&
                                                first
                                            ? "multipart/form-data"
                                            : "application/x-www-form-"
                                              "urlencoded");
        c->sp->present.bodies++;
    }
    imp_type *t;
    const char *type = imp_get_str(p, "type");
    if (type && strcmp(type, "file") == 0) {
        t = imp_type_new(c->sp, IMP_FILE);
        e->body_media = imp_save(c->sp, "multipart/form-data");
    } else {
        oa_info info = {0};
        char *hoist = oa_suffixed(c, base, "Request");
        t = hoist ? oa_schema_type(c, p, hoist, e->body, &info) : NULL;
        free(hoist);
    }
    e = &c->sp->endpoints[ep];
    imp_prop *prop = imp_add_prop(c->sp, e->body, name);
    if (!prop)
        return;
    prop->type = t;
    if (t && t->kind == IMP_ARRAY)
        form_collection(c, ep, p, name);
    prop->required = imp_get_bool(p, "required");
    prop->description = imp_text(c->sp, imp_get_str(p, "description"));
    if (prop->required)
        e->body_required = 1;
    c->sp->present.params--; /* counted as a member of the body */
}

/* A binary string ("format: binary") as a file, in place. */
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

void oa_file_members(oa_ctx *c)
{
    for (size_t i = 0; i < c->sp->nendpoints; i++) {
        const imp_endpoint *e = &c->sp->endpoints[i];
        if (e->body == IMP_NONE || !e->body_media ||
            strncasecmp(e->body_media, "multipart/", 10) != 0)
            continue;
        imp_model *m = &c->sp->models[e->body];
        for (size_t k = 0; k < m->nprops; k++)
            to_file(m->props[k].type);
    }
}
