/*
 * How an OpenAPI parameter is written: its type bent into what a spec
 * param can be (a scalar, an enum, an array of those, an object of
 * scalars, or JSON), its style (3.x `style`, `explode`, `allowReserved`,
 * `content`; 2.0 `collectionFormat`), and the values the document fixes
 * (`const`, an enum of one) or documents (`default`).  What cannot be
 * said is a warning at the parameter's pointer, and the nearest thing
 * the spec can say is kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import/import_doc.h"
#include "import/openapi/openapi.h"

static int is_scalar(const oa_ctx *c, const imp_type *t)
{
    if (t->kind == IMP_REF)
        return c->sp->models[t->model].is_enum;
    return t->kind == IMP_STRING || t->kind == IMP_INTEGER ||
           t->kind == IMP_NUMBER || t->kind == IMP_BOOLEAN;
}

static int is_object(const oa_ctx *c, const imp_type *t)
{
    return t && t->kind == IMP_REF && !c->sp->models[t->model].is_enum;
}

/* A JSON value as the text of a spec scalar, or NULL when it is not a
 * string, number or boolean. */
static char *value_text(oa_ctx *c, const cJSON *v)
{
    char num[64];
    if (cJSON_IsString(v))
        return imp_save(c->sp, v->valuestring);
    if (cJSON_IsBool(v))
        return imp_save(c->sp, cJSON_IsTrue(v) ? "true" : "false");
    if (!cJSON_IsNumber(v))
        return NULL;
    double d = v->valuedouble;
    if (d == (double)(long long)d && d > -9e15 && d < 9e15)
        snprintf(num, sizeof num, "%lld", (long long)d);
    else
        snprintf(num, sizeof num, "%.17g", d);
    return imp_save(c->sp, num);
}

/* The parameter's schema (3.x) or the parameter itself (2.0, where the
 * type keys sit on it), through a $ref. */
static const cJSON *schema_of(oa_ctx *c, const cJSON *p)
{
    if (c->version == 20)
        return p;
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(p, "schema");
    if (!s) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(p, "content");
        s = m && m->child ? cJSON_GetObjectItemCaseSensitive(m->child,
                                                             "schema")
                          : NULL;
    }
    const char *ptr = NULL;
    return s ? oa_deref(c, s, &ptr) : NULL;
}

/* The media type of a 3.x parameter given with `content`, or NULL. */
static const char *content_media(oa_ctx *c, const cJSON *p)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(p, "content");
    if (c->version == 20 || !cJSON_IsObject(m) || !m->child)
        return NULL;
    return m->child->string;
}

/* Bends t into what a param can be; returns the type to keep. */
static imp_type *bend(oa_ctx *c, imp_param *q, imp_type *t)
{
    if (q->json && t) {
        /* JSON content: an object model as it is, anything else raw */
        if (is_object(c, t))
            return t;
        return imp_type_new(c->sp, IMP_ANY);
    }
    if (!t || is_scalar(c, t))
        return t;
    if (t->kind == IMP_ARRAY) {
        if (!t->items || !is_scalar(c, t->items)) {
            oa_warn(c, "parameter '%s' is an array of %s; its items are "
                       "sent as strings", q->name, oa_type_words(t->items));
            t->items = imp_type_new(c->sp, IMP_STRING);
        }
        t->items->nullable = 0;
        return t;
    }
    if (is_object(c, t))
        return t; /* its members are checked once filled (oa_params_check) */
    oa_warn(c, "parameter '%s' is %s; sent as a string", q->name,
            oa_type_words(t));
    return imp_type_new(c->sp, IMP_STRING);
}

/* The styles each location takes (OpenAPI 3.1 "Style Values"). */
static int style_fits(const char *style, imp_in in)
{
    static const struct {
        const char *style;
        imp_in in;
    } ok[] = {{"simple", IMP_IN_PATH},           {"label", IMP_IN_PATH},
              {"matrix", IMP_IN_PATH},           {"simple", IMP_IN_HEADER},
              {"form", IMP_IN_QUERY},            {"form", IMP_IN_COOKIE},
              {"spaceDelimited", IMP_IN_QUERY},  {"pipeDelimited", IMP_IN_QUERY},
              {"deepObject", IMP_IN_QUERY}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strcmp(ok[i].style, style) == 0 && ok[i].in == in)
            return 1;
    return 0;
}

/* The style's name as the spec writes it (static), or NULL. */
static const char *style_word(const char *s)
{
    static const char *const words[] = {"form",   "spaceDelimited",
                                        "pipeDelimited", "deepObject",
                                        "simple", "label", "matrix"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(words[i], s) == 0)
            return words[i];
    return NULL;
}

static int default_style(const char *style, imp_in in)
{
    return strcmp(style, in == IMP_IN_PATH || in == IMP_IN_HEADER
                             ? "simple"
                             : "form") == 0;
}

/* 3.x: style, explode, allowReserved. */
static void style_v3(oa_ctx *c, const cJSON *p, imp_param *q)
{
    const char *style = imp_get_str(p, "style");
    const cJSON *explode = cJSON_GetObjectItemCaseSensitive(p, "explode");
    const char *word = style ? style_word(style) : NULL;
    if (style && (!word || !style_fits(word, q->in))) {
        oa_warn(c, "parameter '%s' has style '%s', which a %s parameter "
                   "cannot have; written in its location's usual style",
                q->name, style, q->in == IMP_IN_PATH     ? "path"
                                : q->in == IMP_IN_HEADER ? "header"
                                : q->in == IMP_IN_COOKIE ? "cookie"
                                                         : "query");
        word = NULL;
    }
    int shaped = q->type && (q->type->kind == IMP_ARRAY || is_object(c, q->type));
    if (word && !strcmp(word, "deepObject") && !is_object(c, q->type)) {
        oa_warn(c, "parameter '%s' has style deepObject but is no object "
                   "of scalars; written as form", q->name);
        word = NULL;
    } else if (word && (!strcmp(word, "spaceDelimited") ||
                        !strcmp(word, "pipeDelimited")) && !shaped) {
        word = NULL; /* one value: no delimiter to write */
    }
    if (word && !default_style(word, q->in))
        q->style = word;
    if (!word)
        word = q->in == IMP_IN_PATH || q->in == IMP_IN_HEADER ? "simple"
                                                               : "form";
    if (cJSON_IsBool(explode)) {
        int e = cJSON_IsTrue(explode);
        /* written only where it differs from the style's default */
        if (e != !strcmp(word, "form"))
            q->explode = e;
    }
    if (imp_get_bool(p, "allowReserved")) {
        if (q->in == IMP_IN_QUERY)
            q->allow_reserved = 1;
        else
            oa_warn(c, "parameter '%s' has allowReserved outside the query; "
                       "left out (only query values may keep reserved "
                       "characters)", q->name);
    }
}

/* 2.0: collectionFormat of an array (csv when absent). */
static void style_v2(oa_ctx *c, const cJSON *p, imp_param *q)
{
    if (!q->type || q->type->kind != IMP_ARRAY)
        return;
    const char *f = imp_get_str(p, "collectionFormat");
    int query = q->in == IMP_IN_QUERY;
    if (!f || !strcmp(f, "csv")) {
        if (query || q->in == IMP_IN_COOKIE)
            q->explode = 0; /* form, not exploded: a=1,2 */
    } else if (!strcmp(f, "multi") && (query || q->in == IMP_IN_COOKIE)) {
        /* form, exploded: the location's default */
    } else if (!strcmp(f, "ssv") && query) {
        q->style = "spaceDelimited";
    } else if (!strcmp(f, "pipes") && query) {
        q->style = "pipeDelimited";
    } else {
        oa_warn(c, "parameter '%s' has collectionFormat '%s', which a %s "
                   "parameter cannot be written in; written comma-separated",
                q->name, f, query ? "query" : "non-query");
        if (query)
            q->explode = 0;
    }
}

/* const, an enum of one, default. */
static void values(oa_ctx *c, const cJSON *p, imp_param *q)
{
    const cJSON *s = schema_of(c, p);
    if (!s || !q->type || !is_scalar(c, q->type))
        return;
    const cJSON *def = cJSON_GetObjectItemCaseSensitive(s, "default");
    const cJSON *cst = cJSON_GetObjectItemCaseSensitive(s, "const");
    const cJSON *en = cJSON_GetObjectItemCaseSensitive(s, "enum");
    if (!cst && cJSON_GetArraySize(en) == 1)
        cst = en->child;
    /* A required header with a default and nothing else is how many
     * documents write a version header the client must send as is. */
    if (!cst && def && q->required && q->in == IMP_IN_HEADER)
        cst = def;
    if (cst && q->required) {
        q->const_value = value_text(c, cst);
        if (q->const_value)
            imp_note(c->sp, &q->note, "the document allows this value "
                                      "alone: sent by the client itself");
        return;
    }
    if (def)
        q->default_value = value_text(c, def);
}

imp_type *oa_param_encoding(oa_ctx *c, const cJSON *p, imp_param *q,
                            imp_type *t)
{
    const char *media = content_media(c, p);
    if (media && oa_is_json_media(media) && strcmp(media, "*/*") != 0)
        q->json = 1;
    else if (media)
        oa_warn(c, "parameter '%s' has content '%s', which is not JSON; "
                   "written as a plain value", q->name, media);
    q->type = bend(c, q, t);
    if (c->version == 20)
        style_v2(c, p, q);
    else if (!q->json)
        style_v3(c, p, q);
    values(c, p, q);
    if (q->type && is_object(c, q->type) && !q->json)
        q->src = imp_save(c->sp, c->ptr.len ? c->ptr.data : "/");
    return q->type;
}

/* An object param is written member by member: a member that is not a
 * scalar cannot be, so such a param is asked of the caller as a
 * string. */
void oa_params_check(oa_ctx *c)
{
    for (size_t i = 0; i < c->sp->nendpoints; i++) {
        imp_endpoint *e = &c->sp->endpoints[i];
        for (size_t k = 0; k < e->nparams; k++) {
            imp_param *q = &e->params[k];
            if (!q->src || !is_object(c, q->type))
                continue;
            const imp_model *m = &c->sp->models[q->type->model];
            const char *bad = NULL;
            for (size_t j = 0; j < m->nprops && !bad; j++)
                if (!m->props[j].type || !is_scalar(c, m->props[j].type))
                    bad = m->props[j].json_name;
            if (!bad)
                continue;
            char *saved = oa_ptr_swap(c, q->src);
            oa_warn(c, "parameter '%s' is an object whose member '%s' is "
                       "not a scalar; sent as a string", q->name, bad);
            oa_ptr_restore(c, saved);
            q->type = imp_type_new(c->sp, IMP_STRING);
            if (q->style && !strcmp(q->style, "deepObject"))
                q->style = NULL;
            q->explode = -1;
        }
    }
}
