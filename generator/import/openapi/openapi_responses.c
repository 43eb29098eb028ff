/*
 * Responses (request bodies are in openapi_bodies.c).
 *
 * A success answer is JSON (an object model, or an array the spec
 * writes inline and the loader makes a list model of), text or bytes
 * (`response: {media_type: ...}`, read into an apicc_download).  When
 * the success statuses answer different bodies (201 with one model, 200
 * with another), each becomes an answer of `responses:`.
 *
 * Success: the documented 2xx statuses, which is also what the spec
 * assumes by default, so `success:` is only written when an operation
 * documents no 2xx status but 1xx or 3xx ones (a download that answers
 * 302).  With no status at all documented, `default` is the success.
 * The error model is the one most of the 4xx, 5xx and `default` responses
 * carry; the one most endpoints use becomes the provider's `errors.model`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import/import_doc.h"
#include "import/openapi/openapi.h"

static const cJSON *get(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

int oa_is_json_media(const char *media)
{
    size_t n = strcspn(media, ";");
    while (n > 0 && media[n - 1] == ' ')
        n--;
    if (n == 3 && strncmp(media, "*/*", 3) == 0)
        return 1;
    if (n >= 5 && (strncasecmp(media + n - 5, "/json", 5) == 0 ||
                   strncasecmp(media + n - 5, "+json", 5) == 0))
        return 1;
    return 0;
}


/* Swagger 2.0: whether consumes/produces (the operation's, else the
 * document's) allow JSON. */
static int v2_json(const cJSON *list)
{
    const cJSON *m;
    if (!cJSON_IsArray(list) || !list->child)
        return 1;
    cJSON_ArrayForEach(m, list)
    {
        if (cJSON_IsString(m) && oa_is_json_media(m->valuestring))
            return 1;
    }
    return 0;
}

/* The JSON schema of a 3.x content object: "application/json" first,
 * else the first JSON media type. */
static void locate_content(const cJSON *holder, located *out)
{
    const cJSON *content = get(holder, "content"), *m, *pick = NULL;
    cJSON_ArrayForEach(m, content)
    {
        if (!oa_is_json_media(m->string)) {
            if (!out->other_media)
                out->other_media = m->string;
            continue;
        }
        if (!pick || strcmp(m->string, "application/json") == 0)
            pick = pick && strcmp(pick->string, "application/json") == 0
                       ? pick
                       : m;
    }
    if (!pick)
        return;
    out->other_media = NULL;
    out->schema = get(pick, "schema");
    out->seg[0] = "content";
    out->seg[1] = pick->string;
    out->seg[2] = "schema";
    out->nseg = 3;
}

void oa_locate(oa_ctx *c, const cJSON *holder, const cJSON *media_list,
               located *out)
{
    memset(out, 0, sizeof(*out));
    if (c->version != 20) {
        locate_content(holder, out);
        return;
    }
    if (!v2_json(media_list)) {
        const cJSON *first = cJSON_GetArrayItem(media_list, 0);
        out->other_media =
            cJSON_IsString(first) ? first->valuestring : "(not JSON)";
        return;
    }
    out->schema = get(holder, "schema");
    out->seg[0] = "schema";
    out->nseg = 1;
}

/* Converts a located schema; returns the object model, or IMP_NONE with
 * *t kept for the caller's message (caller frees). */
size_t oa_located_model(oa_ctx *c, const located *l, const char *hoist,
                        imp_type **t)
{
    size_t len = c->ptr.len;
    for (size_t i = 0; i < l->nseg; i++)
        oa_push(c, l->seg[i]);
    oa_info info = {0};
    *t = oa_schema_type(c, l->schema, hoist, IMP_NONE, &info);
    oa_pop(c, len);
    if (*t && (*t)->kind == IMP_REF && !c->sp->models[(*t)->model].is_enum)
        return (*t)->model;
    return IMP_NONE;
}

char *oa_suffixed(oa_ctx *c, const char *base, const char *suffix)
{
    size_t n = strlen(base) + strlen(suffix) + 1;
    char *s = malloc(n);
    if (!s) {
        c->sp->oom = 1;
        return NULL;
    }
    snprintf(s, n, "%s%s", base, suffix);
    return s;
}

/* ---- responses --------------------------------------------------- */

/* A status key: 100..599, "2XX" (as 200 with wild = 1), "default" (0),
 * or -1 when it is none of those. */
static int status_of(const char *key, int *wild)
{
    *wild = 0;
    if (strcmp(key, "default") == 0)
        return 0;
    if (strlen(key) == 3 && key[0] >= '1' && key[0] <= '5' &&
        (key[1] == 'X' || key[1] == 'x') && (key[2] == 'X' || key[2] == 'x')) {
        *wild = 1;
        return (key[0] - '0') * 100;
    }
    if (strlen(key) == 3 && strspn(key, "0123456789") == 3) {
        int v = (int)strtol(key, NULL, 10);
        if (v >= 100 && v <= 599)
            return v;
    }
    return -1;
}

typedef struct resp_entry {
    const char *key;
    int status; /* 0: default */
    int wild;
    const cJSON *node; /* after $ref */
    char *ptr;
} resp_entry;

static size_t gather(oa_ctx *c, const cJSON *resps, resp_entry **out)
{
    size_t n = 0, cap = (size_t)cJSON_GetArraySize(resps);
    resp_entry *v = calloc(cap ? cap : 1, sizeof(*v));
    const cJSON *r;
    *out = v;
    if (!v) {
        c->sp->oom = 1;
        return 0;
    }
    cJSON_ArrayForEach(r, resps)
    {
        size_t len = oa_push(c, r->string);
        int wild, st = status_of(r->string, &wild);
        const char *tptr;
        const cJSON *t = st < 0 ? NULL : oa_deref(c, r, &tptr);
        if (st < 0 && strncmp(r->string, "x-", 2) != 0)
            oa_warn(c, "'%s' is not an HTTP status; left out", r->string);
        if (t) {
            v[n].key = r->string;
            v[n].status = st;
            v[n].wild = wild;
            v[n].node = t;
            v[n].ptr = imp_strdup(c->sp, tptr ? tptr : c->ptr.data);
            n++;
        }
        oa_pop(c, len);
    }
    return n;
}

/* Whether a located schema is an array (after $ref): an inline object
 * among its items is then named "<Op>ResponseItem", since it is one
 * element and not the response. */
static int located_array(oa_ctx *c, const located *l)
{
    size_t len = c->ptr.len;
    for (size_t i = 0; i < l->nseg; i++)
        oa_push(c, l->seg[i]);
    const cJSON *s = oa_deref(c, l->schema, NULL);
    oa_pop(c, len);
    return s && oa_key(c, s, OA_ITEMS) != NULL;
}

/* Whether t is an array the spec format takes as an inline response:
 * a list model's C array holds its elements directly, so they may be
 * object or enum models, scalars or raw JSON, but not arrays or maps. */
int oa_list_type(const imp_type *t)
{
    return t && t->kind == IMP_ARRAY && t->items &&
           t->items->kind != IMP_ARRAY && t->items->kind != IMP_MAP;
}

int oa_value_type(const imp_type *t)
{
    return t && (t->kind == IMP_STRING || t->kind == IMP_INTEGER ||
                 t->kind == IMP_NUMBER || t->kind == IMP_BOOLEAN ||
                 t->kind == IMP_ANY);
}

/* The warning for a JSON answer of type t the spec format cannot
 * write. */
static void answer_left_out(oa_ctx *c, const imp_type *t)
{
    if (t && t->kind == IMP_ARRAY)
        oa_warn(c, "response is an array whose items are %s; the spec "
                   "format's array responses hold objects, enums or "
                   "scalars: left out", oa_type_words(t->items));
    else
        oa_warn(c, "response is %s; the spec format takes object models, "
                   "arrays and scalars only: left out", oa_type_words(t));
}

/* The endpoint's response from the located body of a success response:
 * an object model, or an array written inline (a list model). */
static void response_from(oa_ctx *c, size_t ep, const located *l,
                          const char *base)
{
    char *hoist = oa_suffixed(c, base, located_array(c, l) ? "ResponseItem"
                                                        : "Response");
    if (!hoist)
        return;
    imp_type *t;
    size_t m = oa_located_model(c, l, hoist, &t);
    free(hoist);
    imp_endpoint *e = &c->sp->endpoints[ep];
    if (m != IMP_NONE)
        e->response = m;
    else if (oa_list_type(t) || oa_value_type(t))
        e->response_list = t;
    else
        answer_left_out(c, t);
}

/* Swagger 2.0: a response schema that is a file (`type: file`). */
static int v2_file(const cJSON *schema)
{
    const cJSON *type = get(schema, "type");
    return cJSON_IsString(type) && strcmp(type->valuestring, "file") == 0;
}

/* What one success response answers: a JSON schema (l->schema), the
 * media type of text or bytes (*media), or nothing. */
static void answer_of(oa_ctx *c, const resp_entry *r, const cJSON *produces,
                      located *l, const char **media)
{
    oa_locate(c, r->node, produces, l);
    *media = NULL;
    if (l->schema && c->version == 20 && v2_file(l->schema)) {
        const cJSON *m;
        *media = "application/octet-stream";
        cJSON_ArrayForEach(m, produces)
        {
            if (cJSON_IsString(m) && !oa_is_json_media(m->valuestring)) {
                *media = m->valuestring;
                break;
            }
        }
        l->schema = NULL;
    } else if (!l->schema && l->other_media) {
        *media = l->other_media;
    }
}

/* Whether two answers are the same body. */
static int same_answer(oa_ctx *c, const located *a, const char *am,
                       const located *b, const char *bm)
{
    if (a->schema && b->schema)
        return oa_deref(c, a->schema, NULL) == oa_deref(c, b->schema, NULL);
    if (am && bm)
        return strcmp(am, bm) == 0;
    return 0;
}

/* One answer of `responses:` from a located body (model: its object
 * model when the caller has it already, else IMP_NONE). */
static void add_answer(oa_ctx *c, size_t ep, const resp_entry *r,
                       const located *l, const char *media, size_t model,
                       const char *base)
{
    imp_endpoint *e = &c->sp->endpoints[ep];
    imp_response *grown =
        realloc(e->responses, (e->nresponses + 1) * sizeof(*grown));
    if (!grown) {
        c->sp->oom = 1;
        return;
    }
    e->responses = grown;
    imp_response *out = &e->responses[e->nresponses++];
    memset(out, 0, sizeof *out);
    out->key = imp_save(c->sp, r->key);
    out->model = IMP_NONE;
    if (media) {
        out->media = imp_save(c->sp, oa_media(c, media));
        return;
    }
    if (model != IMP_NONE) {
        out->model = model;
        return;
    }
    /* "<Op>201Response": each status's inline body has a name of its
     * own */
    char suffix[48];
    snprintf(suffix, sizeof suffix, "%s%s",
             strcmp(r->key, "default") == 0 ? "Default" : r->key,
             located_array(c, l) ? "ResponseItem" : "Response");
    char *hoist = oa_suffixed(c, base, suffix);
    if (!hoist)
        return;
    imp_type *t;
    size_t m = oa_located_model(c, l, hoist, &t);
    free(hoist);
    out = &c->sp->endpoints[ep].responses[c->sp->endpoints[ep].nresponses -
                                           1];
    if (m != IMP_NONE) {
        out->model = m;
    } else if (oa_list_type(t) || oa_value_type(t)) {
        out->list = t;
    } else {
        answer_left_out(c, t);
        c->sp->endpoints[ep].nresponses--; /* nothing to write */
    }
}

/* The response from the success responses: one body (`response:`), or
 * one per status when they answer different bodies (`responses:`). */
static void success_body(oa_ctx *c, size_t ep, resp_entry *v, size_t n,
                         const cJSON *produces, const char *base,
                         int use_default)
{
    located first;
    const char *first_media = NULL;
    size_t first_i = n, bodies = 0;
    int differ = 0;
    for (size_t i = 0; i < n; i++) {
        int ok = use_default ? v[i].status == 0
                             : v[i].status >= 200 && v[i].status < 300;
        if (!ok)
            continue;
        char *saved = oa_ptr_swap(c, v[i].ptr);
        located l;
        const char *media;
        answer_of(c, &v[i], produces, &l, &media);
        if (l.schema || media) {
            bodies++;
            if (first_i == n) {
                first = l;
                first_media = media;
                first_i = i;
            } else if (!same_answer(c, &first, first_media, &l, media)) {
                differ = 1;
            }
        }
        oa_ptr_restore(c, saved);
    }
    if (first_i == n)
        return;
    c->sp->present.responses++;
    imp_endpoint *e = &c->sp->endpoints[ep];
    if (!differ) {
        char *saved = oa_ptr_swap(c, v[first_i].ptr);
        if (first_media)
            e->response_media = imp_save(c->sp, oa_media(c, first_media));
        else
            response_from(c, ep, &first, base);
        oa_ptr_restore(c, saved);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        int ok = use_default ? v[i].status == 0
                             : v[i].status >= 200 && v[i].status < 300;
        if (!ok)
            continue;
        char *saved = oa_ptr_swap(c, v[i].ptr);
        located l;
        const char *media;
        answer_of(c, &v[i], produces, &l, &media);
        if (l.schema || media)
            add_answer(c, ep, &v[i], &l, media, IMP_NONE, base);
        oa_ptr_restore(c, saved);
    }
}

static int is_error(const resp_entry *r, int default_is_error)
{
    return r->status >= 400 || (r->status == 0 && default_is_error);
}

/* The error model most error responses carry; models[i] is the object
 * model of entry i's body, or IMP_NONE. */
static void error_body(oa_ctx *c, size_t ep, resp_entry *v, size_t n,
                       const cJSON *produces, const char *base,
                       int default_is_error, size_t *models)
{
    size_t best = IMP_NONE, best_count = 0;
    for (size_t i = 0; i < n; i++) {
        models[i] = IMP_NONE;
        if (!is_error(&v[i], default_is_error))
            continue;
        char *saved = oa_ptr_swap(c, v[i].ptr);
        located l;
        oa_locate(c, v[i].node, produces, &l);
        if (l.schema) {
            char *hoist = oa_suffixed(c, base, "Error");
            imp_type *t = NULL;
            if (hoist)
                models[i] = oa_located_model(c, &l, hoist, &t);
            free(hoist);
            /* The runtime reads an error's code and message from an
             * object model's members; a union has none. */
            if (models[i] != IMP_NONE && c->sp->models[models[i]].is_union) {
                oa_warn(c, "an error body of several shapes is not mapped");
                models[i] = IMP_NONE;
            }
        }
        oa_ptr_restore(c, saved);
        size_t count = 0;
        for (size_t k = 0; k <= i && models[i] != IMP_NONE; k++)
            count += models[k] == models[i];
        if (count > best_count) {
            best = models[i];
            best_count = count;
        }
    }
    c->sp->endpoints[ep].error = best;
}

/* Error answers.  When the endpoint has `responses:` already, each
 * error answer with a body is one more of them (the error model's too:
 * else `default` or a range would catch its status).  Otherwise those
 * whose body is not the endpoint's error model (another model, text,
 * bytes) are a warning rather than `responses:`, which would change the
 * call's signature; their body still reaches apicc_client_error as
 * text. */
static void error_answers(oa_ctx *c, size_t ep, resp_entry *v, size_t n,
                          const size_t *models, const cJSON *produces,
                          const char *base, int default_is_error)
{
    int per_status = c->sp->endpoints[ep].nresponses > 0;
    for (size_t i = 0; i < n; i++) {
        size_t error = c->sp->endpoints[ep].error;
        if (!is_error(&v[i], default_is_error) ||
            (!per_status && models[i] != IMP_NONE && models[i] == error))
            continue;
        char *saved = oa_ptr_swap(c, v[i].ptr);
        located l;
        const char *media;
        answer_of(c, &v[i], produces, &l, &media);
        if (!l.schema && !media) {
            oa_ptr_restore(c, saved);
            continue;
        }
        if (per_status)
            add_answer(c, ep, &v[i], &l, media, models[i], base);
        else {
            /* an inline object's model is dropped unused: not named */
            int named = !media && models[i] != IMP_NONE &&
                        !c->sp->models[models[i]].hoisted;
            oa_warn(c, "response %s answers %s%s, not the error model; "
                       "left to apicc_client_error as text",
                    v[i].key,
                    media   ? media
                    : named ? "model "
                            : "another body",
                    named ? c->sp->models[models[i]].name : "");
        }
        oa_ptr_restore(c, saved);
    }
}

/* `success:` when the operation documents no 2xx status but 1xx/3xx. */
static void success_codes(oa_ctx *c, size_t ep, resp_entry *v, size_t n)
{
    imp_endpoint *e = &c->sp->endpoints[ep];
    for (size_t i = 0; i < n; i++)
        if (v[i].status >= 200 && v[i].status < 300)
            return;
    for (size_t i = 0; i < n; i++) {
        if (v[i].status == 0 || v[i].status >= 400 || v[i].wild)
            continue;
        int *p = realloc(e->success, (e->nsuccess + 1) * sizeof(*p));
        if (!p) {
            c->sp->oom = 1;
            return;
        }
        e->success = p;
        e->success[e->nsuccess++] = v[i].status;
    }
}

void oa_responses(oa_ctx *c, size_t ep, const cJSON *op, const char *base)
{
    const cJSON *resps = get(op, "responses");
    if (!cJSON_IsObject(resps))
        return;
    const cJSON *produces = get(op, "produces");
    if (!produces)
        produces = c->produces;
    size_t len = oa_push(c, "responses");
    resp_entry *v;
    size_t n = gather(c, resps, &v);
    int any_status = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i].status > 0 && v[i].status < 400)
            any_status = 1;
    success_body(c, ep, v, n, produces, base, !any_status);
    size_t *models = calloc(n ? n : 1, sizeof(*models));
    if (models) {
        error_body(c, ep, v, n, produces, base, any_status, models);
        error_answers(c, ep, v, n, models, produces, base, any_status);
        free(models);
    } else {
        c->sp->oom = 1;
    }
    success_codes(c, ep, v, n);
    for (size_t i = 0; i < n; i++)
        free(v[i].ptr);
    free(v);
    oa_pop(c, len);
}

/* ---- the provider's default error model -------------------------- */

static const imp_prop *find_prop(const imp_model *m, const char *name)
{
    for (size_t i = 0; i < m->nprops; i++)
        if (strcmp(m->props[i].json_name, name) == 0)
            return &m->props[i];
    return NULL;
}

/* The dotted path of the first of `names` in model m (or one level down)
 * whose type is a string, or (code) an integer too. */
static char *guess_path(oa_ctx *c, size_t model, const char *const *names,
                        int integer_ok, int depth)
{
    const imp_model *m = &c->sp->models[model];
    for (size_t i = 0; names[i]; i++) {
        const imp_prop *p = find_prop(m, names[i]);
        if (p && p->type && (p->type->kind == IMP_STRING ||
                             (integer_ok && p->type->kind == IMP_INTEGER)))
            return imp_strdup(c->sp, names[i]);
    }
    if (depth > 0)
        return NULL;
    for (size_t i = 0; i < m->nprops; i++) {
        const imp_prop *p = &m->props[i];
        if (!p->type || p->type->kind != IMP_REF ||
            c->sp->models[p->type->model].is_enum)
            continue;
        char *inner = guess_path(c, p->type->model, names, integer_ok, 1);
        if (inner) {
            size_t n = strlen(p->json_name) + strlen(inner) + 2;
            char *s = malloc(n);
            if (s)
                snprintf(s, n, "%s.%s", p->json_name, inner);
            else
                c->sp->oom = 1;
            free(inner);
            return s;
        }
    }
    return NULL;
}

void oa_default_errors(oa_ctx *c)
{
    imp_spec *sp = c->sp;
    size_t *count = calloc(sp->nmodels ? sp->nmodels : 1, sizeof(*count));
    if (!count) {
        sp->oom = 1;
        return;
    }
    size_t best = IMP_NONE;
    for (size_t i = 0; i < sp->nendpoints; i++) {
        size_t m = sp->endpoints[i].error;
        if (m == IMP_NONE)
            continue;
        count[m]++;
        if (best == IMP_NONE || count[m] > count[best])
            best = m;
    }
    free(count);
    if (best == IMP_NONE)
        return;
    sp->errors_model = best;
    for (size_t i = 0; i < sp->nendpoints; i++)
        if (sp->endpoints[i].error == best)
            sp->endpoints[i].error = IMP_NONE;
    static const char *const codes[] = {"code",       "error_code",
                                        "errorCode",  "status_code",
                                        "statusCode", NULL};
    static const char *const messages[] = {
        "message",     "msg",    "error_message", "errorMessage",
        "error_description", "detail", "title",  "error", NULL};
    sp->errors_code = imp_keep(sp, guess_path(c, best, codes, 1, 0));
    sp->errors_message = imp_keep(sp, guess_path(c, best, messages, 0, 0));
    if (sp->errors_code || sp->errors_message)
        imp_note(sp, &sp->errors_note, "guessed: where the error code and "
                                       "message are, from their names");
}
