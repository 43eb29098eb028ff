/*
 * Paths and operations to endpoints: names, methods, paths, parameters
 * and the auth each operation needs.  Bodies and responses are in
 * openapi_responses.c.
 *
 * Endpoint names are the operationId in snake_case; an operation without
 * one is named after its path and method ("/session/login" GET becomes
 * session_login_get, as openapi-generator names it).  A name already
 * taken gets a numeric suffix.  Operations come in document order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/cname.h"
#include "base/placeholders.h"
#include "import/import_doc.h"
#include "import/openapi/openapi.h"

static const cJSON *get(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

char *oa_pascal(oa_ctx *c, const char *snake)
{
    size_t n = strlen(snake);
    char *out = malloc(n + 1);
    if (!out) {
        c->sp->oom = 1;
        return NULL;
    }
    size_t o = 0;
    int up = 1;
    for (size_t i = 0; i < n; i++) {
        char ch = snake[i];
        if (ch == '_') {
            up = 1;
            continue;
        }
        if (up && ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 'a' + 'A');
        up = 0;
        out[o++] = ch;
    }
    out[o] = '\0';
    return out;
}

/* The endpoint name: snake_case operationId, else path and method; made
 * unique.  Adds a note to the endpoint when guessed. */
static char *endpoint_name(oa_ctx *c, const cJSON *op, const char *path,
                           const char *method, char **note)
{
    const char *opid = imp_get_str(op, "operationId");
    char *base = opid ? cname_snake(opid) : NULL;
    if (!base || !base[0]) {
        free(base);
        size_t n = strlen(path) + strlen(method) + 2;
        char *words = malloc(n);
        if (!words) {
            c->sp->oom = 1;
            return NULL;
        }
        snprintf(words, n, "%s %s", path, method);
        base = cname_snake(words);
        free(words);
        imp_note(c->sp, note, "name guessed: the operation has no "
                              "operationId");
    }
    if (!base) {
        c->sp->oom = 1;
        return NULL;
    }
    buf b;
    buf_init(&b);
    if (base[0] >= '0' && base[0] <= '9')
        buf_puts(&b, "op_");
    buf_puts(&b, base);
    free(base);
    size_t stem = b.len;
    int renamed = 0;
    for (size_t k = 2; b.data && imp_map_get(&c->endpoint_names, b.data, 0);
         k++) {
        b.len = stem;
        buf_printf(&b, "_%zu", k);
        renamed = 1;
    }
    char *name = buf_take(&b);
    if (!name || !imp_map_put(&c->endpoint_names, name, 1)) {
        c->sp->oom = 1;
        free(name);
        return NULL;
    }
    if (renamed)
        imp_note(c->sp, note, "renamed: another operation has the name "
                              "'%.*s'", (int)stem, name);
    return name;
}

/* ---- parameters -------------------------------------------------- */

static int location(const char *in, imp_in *out)
{
    static const struct {
        const char *name;
        imp_in in;
    } names[] = {{"query", IMP_IN_QUERY},
                 {"path", IMP_IN_PATH},
                 {"header", IMP_IN_HEADER},
                 {"cookie", IMP_IN_COOKIE}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(in, names[i].name) == 0) {
            *out = names[i].in;
            return 1;
        }
    }
    return 0;
}

/* The schema of a 3.x parameter given with `content` instead. */
static const cJSON *content_schema(const cJSON *p, const char **media)
{
    const cJSON *m = get(p, "content");
    if (!cJSON_IsObject(m) || !m->child)
        return NULL;
    *media = m->child->string;
    return get(m->child, "schema");
}

static imp_type *param_schema(oa_ctx *c, const cJSON *p, const char *hoist,
                              oa_info *info)
{
    if (c->version == 20) /* the parameter itself says type, items... */
        return oa_schema_type(c, p, hoist, IMP_NONE, info);
    const cJSON *s = get(p, "schema");
    const char *media = NULL;
    size_t len;
    if (s) {
        len = oa_push(c, "schema");
    } else if ((s = content_schema(p, &media))) {
        len = oa_push(c, "content");
        oa_push(c, media);
        oa_push(c, "schema");
    } else {
        oa_warn(c, "parameter without a schema; taken as a string");
        return imp_type_new(c->sp, IMP_STRING);
    }
    imp_type *t = oa_schema_type(c, s, hoist, IMP_NONE, info);
    oa_pop(c, len);
    return t;
}

static int has_param(const imp_endpoint *e, const char *name)
{
    for (size_t i = 0; i < e->nparams; i++)
        if (strcmp(e->params[i].name, name) == 0)
            return 1;
    return 0;
}

static int ignored_header(const char *name)
{
    /* OpenAPI: such header parameters "SHALL be ignored"; the runtime
     * sets them. */
    return strcasecmp(name, "Accept") == 0 ||
           strcasecmp(name, "Content-Type") == 0 ||
           strcasecmp(name, "Authorization") == 0;
}

/* A name a signing rule fills in ("signature", "X-Timestamp", "nonce"):
 * as a plain parameter the client would ask its caller for a signature
 * per call instead of computing it. */
static int signing_word(const char *name)
{
    static const char *const words[] = {"signature", "sign", "timestamp",
                                        "nonce"};
    if (strncasecmp(name, "x-", 2) == 0)
        name += 2;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcasecmp(name, words[i]) == 0)
            return 1;
    return 0;
}

/* Swagger 2.0: a body parameter, or form parameters. */
static int v2_body(oa_ctx *c, size_t ep, const cJSON *op, const cJSON *p,
                   const char *in, const char *name, const char *base)
{
    if (strcmp(in, "formData") == 0) {
        oa_form_param(c, ep, op, p, name, base);
        return 1;
    }
    if (strcmp(in, "body") != 0)
        return 0;
    c->sp->present.params--; /* counted as the body */
    oa_request_body(c, ep, op, p, base);
    return 1;
}

static void add_param(oa_ctx *c, size_t ep, const cJSON *op, const cJSON *p,
                      const char *base)
{
    const char *name = imp_get_str(p, "name");
    const char *in = imp_get_str(p, "in");
    if (!name || !in || !name[0]) {
        oa_warn(c, "parameter without a name or location; left out");
        return;
    }
    if (c->version == 20 && v2_body(c, ep, op, p, in, name, base))
        return;
    imp_in loc;
    if (!location(in, &loc)) {
        oa_warn(c, "parameter '%s' in '%s': not a location the spec "
                   "format has; left out", name, in);
        return;
    }
    if (loc == IMP_IN_HEADER && ignored_header(name)) {
        oa_warn(c, "header parameter '%s' left out: OpenAPI ignores it, "
                   "and the client sets it itself", name);
        return;
    }
    if (signing_word(name))
        oa_warn(c, "parameter '%s' looks like part of a signed request; "
                   "kept as a plain parameter: declare a signature auth "
                   "scheme instead (docs/spec-format.md, \"Signed "
                   "requests\")", name);
    if (has_param(&c->sp->endpoints[ep], name)) {
        oa_warn(c, "parameter '%s' has the name of another parameter of "
                   "the operation; left out", name);
        return;
    }
    char *hoist = malloc(strlen(base) + strlen(name) + 2);
    if (!hoist) {
        c->sp->oom = 1;
        return;
    }
    snprintf(hoist, strlen(base) + strlen(name) + 2, "%s_%s", base, name);
    oa_info info = {0};
    imp_type *t = param_schema(c, p, hoist, &info);
    free(hoist);
    imp_param *q = imp_add_param(c->sp, &c->sp->endpoints[ep], name);
    if (!q) {
        return;
    }
    c->sp->kept.params++;
    q->in = loc;
    q->required = loc == IMP_IN_PATH || imp_get_bool(p, "required");
    oa_param_encoding(c, p, q, t);
    q->deprecated = imp_get_bool(p, "deprecated") || info.deprecated;
    const char *desc = imp_get_str(p, "description");
    q->description = imp_text(c->sp, desc ? desc : info.description);
}

/* One entry of a parameters list, followed through $ref. */
typedef struct param_src {
    const cJSON *node;
    char *ptr;
} param_src;

static void gather(oa_ctx *c, const cJSON *list, param_src **v, size_t *n)
{
    const cJSON *p;
    size_t i = 0;
    cJSON_ArrayForEach(p, list)
    {
        size_t len = oa_push_index(c, i++);
        const char *tptr;
        const cJSON *t = oa_deref(c, p, &tptr);
        if (t) {
            const char *name = imp_get_str(t, "name");
            const char *in = imp_get_str(t, "in");
            size_t k = *n;
            /* An operation's parameter replaces the path's of the same
             * name and location. */
            for (size_t j = 0; j < *n && name && in; j++) {
                const char *n2 = imp_get_str((*v)[j].node, "name");
                const char *i2 = imp_get_str((*v)[j].node, "in");
                if (n2 && i2 && strcmp(n2, name) == 0 && strcmp(i2, in) == 0)
                    k = j;
            }
            param_src *grown = k == *n ? realloc(*v, (*n + 1) * sizeof(**v))
                                       : *v;
            if (!grown) {
                c->sp->oom = 1;
            } else {
                *v = grown;
                if (k == *n)
                    (*n)++;
                else
                    free(grown[k].ptr);
                grown[k].node = t;
                grown[k].ptr = imp_strdup(c->sp, tptr ? tptr : c->ptr.data);
            }
        }
        oa_pop(c, len);
    }
}

/* Placeholders of the path against path params, both ways. */
static void check_placeholders(oa_ctx *c, size_t ep)
{
    imp_endpoint *e = &c->sp->endpoints[ep];
    for (size_t i = 0; i < e->nparams;) {
        imp_param *p = &e->params[i];
        if (p->in == IMP_IN_PATH && !placeholder_has(e->path, p->name)) {
            oa_warn(c, "path parameter '%s' is not in the path; left out",
                    p->name);
            memmove(p, p + 1, (e->nparams - i - 1) * sizeof(*p));
            e->nparams--;
            c->sp->kept.params--;
            continue;
        }
        i++;
    }
    placeholder ph;
    for (const char *at = e->path; placeholder_next(&at, &ph) == 1;) {
        char *name = imp_strndup(c->sp, ph.name, ph.len);
        if (!name)
            return;
        int known = 0;
        for (size_t i = 0; i < e->nparams; i++)
            if (e->params[i].in == IMP_IN_PATH &&
                strcmp(e->params[i].name, name) == 0)
                known = 1;
        if (!known && name[0] && !has_param(e, name)) {
            oa_warn(c, "the path has {%s} but no parameter for it; added "
                       "as a string", name);
            imp_param *p = imp_add_param(c->sp, e, name);
            if (p) {
                p->in = IMP_IN_PATH;
                p->required = 1;
                p->type = imp_type_new(c->sp, IMP_STRING);
                imp_note(c->sp, &p->note, "guessed: the document does not "
                                          "describe this parameter");
            }
        }
        free(name);
    }
}

static void params(oa_ctx *c, size_t ep, const cJSON *op, const cJSON *item,
                   const char *item_ptr, const char *base)
{
    param_src *v = NULL;
    size_t n = 0;
    char *saved = oa_ptr_swap(c, item_ptr);
    size_t len = oa_push(c, "parameters");
    gather(c, get(item, "parameters"), &v, &n);
    oa_ptr_restore(c, saved);
    len = oa_push(c, "parameters");
    gather(c, get(op, "parameters"), &v, &n);
    oa_pop(c, len);
    c->sp->present.params += n;
    for (size_t i = 0; i < n; i++) {
        saved = oa_ptr_swap(c, v[i].ptr ? v[i].ptr : "");
        add_param(c, ep, op, v[i].node, base);
        oa_ptr_restore(c, saved);
        free(v[i].ptr);
    }
    free(v);
    check_placeholders(c, ep);
}

/* ---- operations -------------------------------------------------- */

static int same_list(const size_t *a, const unsigned char *ja, size_t na,
                     const size_t *b, const unsigned char *jb, size_t nb)
{
    if (na != nb)
        return 0;
    for (size_t i = 0; i < na; i++)
        if (a[i] != b[i] || (ja && ja[i]) != (jb && jb[i]))
            return 0;
    return 1;
}

static void security(oa_ctx *c, size_t ep, const cJSON *op)
{
    const cJSON *sec = get(op, "security");
    if (!sec)
        return;
    size_t len = oa_push(c, "security");
    size_t *list;
    unsigned char *joined;
    size_t n;
    oa_security_list(c, sec, &list, &joined, &n);
    oa_pop(c, len);
    imp_endpoint *e = &c->sp->endpoints[ep];
    if (same_list(list, joined, n, c->sp->default_auth,
                  c->sp->default_auth_joined, c->sp->ndefault_auth)) {
        free(list);
        free(joined);
        return;
    }
    e->auth = list;
    e->auth_joined = joined;
    e->nauth = n;
    e->auth_set = 1;
}

/* The first line of a summary. */
static char *one_line(oa_ctx *c, const char *s)
{
    char *t = imp_text(c->sp, s);
    if (t)
        t[strcspn(t, "\n")] = '\0';
    return t;
}

/* A path key with a query string ("/runs?beta=true"): the spec format
 * has no constant parameter, and the runtime appends the query with its
 * own '?', so the fixed part is cut off rather than sent as a broken
 * URL. */
static void strip_query(oa_ctx *c, imp_endpoint *e)
{
    char *q = e->path ? strchr(e->path, '?') : NULL;
    if (!q)
        return;
    oa_warn(c, "the path carries the query '%s', which the spec format "
               "cannot send as a constant; left out of the path", q + 1);
    imp_note(c->sp, &e->note, "the document's path also sends ?%s", q + 1);
    *q = '\0';
}

static void operation(oa_ctx *c, const char *path, const char *method,
                      const cJSON *op, const cJSON *item,
                      const char *item_ptr)
{
    char upper[16];
    size_t i;
    for (i = 0; method[i] && i + 1 < sizeof upper; i++)
        upper[i] = (char)(method[i] >= 'a' && method[i] <= 'z'
                              ? method[i] - 'a' + 'A'
                              : method[i]);
    upper[i] = '\0';
    if (strcmp(upper, "TRACE") == 0) {
        oa_warn(c, "operation skipped: the spec format has no TRACE "
                   "method");
        return;
    }
    if (!cJSON_IsObject(op)) {
        oa_warn(c, "operation skipped: not an object");
        return;
    }
    char *note = NULL;
    char *name = endpoint_name(c, op, path, method, &note);
    size_t ep = name ? imp_add_endpoint(c->sp) : IMP_NONE;
    if (ep == IMP_NONE) {
        free(name);
        return;
    }
    imp_endpoint *e = &c->sp->endpoints[ep];
    e->name = imp_keep(c->sp, name);
    e->note = note;
    e->method = imp_save(c->sp, upper);
    if (path[0] == '/') {
        e->path = imp_save(c->sp, path);
    } else {
        size_t n = strlen(path) + 2;
        e->path = imp_alloc(c->sp, n);
        if (e->path)
            snprintf(e->path, n, "/%s", path);
        oa_warn(c, "the path does not start with '/'; one is added");
    }
    strip_query(c, e);
    e->summary = one_line(c, imp_get_str(op, "summary"));
    e->description = imp_text(c->sp, imp_get_str(op, "description"));
    e->deprecated = imp_get_bool(op, "deprecated");
    char *base = oa_pascal(c, e->name);
    if (!base || !e->path) {
        free(base);
        return;
    }
    params(c, ep, op, item, item_ptr, base);
    if (c->version != 20)
        oa_request_body(c, ep, op, NULL, base);
    oa_responses(c, ep, op, base);
    oa_pagination_note(c, ep, op);
    security(c, ep, op);
    oa_operation_server(c, &c->sp->endpoints[ep], op, item);
    if (get(op, "callbacks"))
        oa_warn(c, "callbacks are not imported");
    free(base);
}

static int is_method(const char *key)
{
    static const char *const methods[] = {"get",    "put",     "post",
                                          "delete", "options", "head",
                                          "patch",  "trace"};
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (strcmp(key, methods[i]) == 0)
            return 1;
    return 0;
}

static void path_item(oa_ctx *c, const char *path, const cJSON *p)
{
    const char *tptr;
    const cJSON *item = oa_deref(c, p, &tptr);
    if (!cJSON_IsObject(item)) {
        c->sp->present.operations++; /* at least one, unknown how many */
        oa_warn(c, "operation skipped: the path item %s", item ? "is no "
                   "object" : "cannot be read (see above)");
        return;
    }
    char *item_ptr = imp_strdup(c->sp, tptr ? tptr : c->ptr.data);
    if (!item_ptr)
        return;
    char *saved = tptr ? oa_ptr_swap(c, tptr) : NULL;
    const cJSON *m;
    cJSON_ArrayForEach(m, item)
    {
        if (!is_method(m->string))
            continue;
        c->sp->present.operations++;
        size_t len = oa_push(c, m->string);
        /* An operation may itself be a $ref (into another file, as in
         * descriptions split across files). */
        const char *optr;
        const cJSON *op = oa_deref(c, m, &optr);
        if (!op) {
            oa_warn(c, "operation skipped: its $ref cannot be read (see "
                       "above)");
        } else {
            char *osaved = optr ? oa_ptr_swap(c, optr) : NULL;
            operation(c, path, m->string, op, item, item_ptr);
            if (optr)
                oa_ptr_restore(c, osaved);
        }
        oa_pop(c, len);
    }
    if (tptr)
        oa_ptr_restore(c, saved);
    free(item_ptr);
}

void oa_operations(oa_ctx *c)
{
    const cJSON *paths = get(c->root, "paths"), *p;
    oa_pop(c, 0);
    oa_push(c, "paths");
    cJSON_ArrayForEach(p, paths)
    {
        if (strncmp(p->string, "x-", 2) == 0)
            continue; /* an extension, not a path */
        size_t len = oa_push(c, p->string);
        path_item(c, p->string, p);
        oa_pop(c, len);
    }
    oa_pop(c, 0);
}
