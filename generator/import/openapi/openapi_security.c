/*
 * Security schemes to auth schemes, and security requirements to the
 * auth lists of endpoints.
 *
 * basic and bearer (http), API keys in a header, query or cookie map
 * directly.  An API key sent as the Authorization header whose name or
 * description says "bearer" is a bearer token.  OAuth2 and OpenID
 * Connect become bearer schemes: the client sends an access token it got
 * elsewhere (the flows themselves are not imported).  Anything else
 * (digest, mutual TLS) is reported and left out, with the requirements
 * that name it.
 *
 * A requirement list is a list of alternatives, which is what the spec's
 * `auth:` says too.  An alternative that needs several schemes at once has
 * no spec form: its first scheme is kept, with a warning.  An empty
 * alternative ({}: "no auth is fine too") is dropped: the spec's auth list
 * already means "the first scheme whose credentials are set".
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import/import_doc.h"
#include "import/openapi/openapi.h"

static int contains_nocase(const char *s, const char *word)
{
    if (!s)
        return 0;
    size_t n = strlen(word);
    for (; *s; s++)
        if (strncasecmp(s, word, n) == 0)
            return 1;
    return 0;
}

static int map_apikey(oa_ctx *c, imp_auth *a, const cJSON *s,
                      const char *scheme)
{
    const char *in = imp_get_str(s, "in");
    const char *name = imp_get_str(s, "name");
    if (!in || !name || !name[0]) {
        oa_warn(c, "apiKey scheme without 'in' or 'name'; left out");
        return 0;
    }
    if (strcmp(in, "header") == 0 && strcasecmp(name, "Authorization") == 0 &&
        (contains_nocase(scheme, "bearer") ||
         contains_nocase(imp_get_str(s, "description"), "bearer"))) {
        a->kind = IMP_AUTH_BEARER;
        imp_note(c->sp, &a->note, "guessed: an API key in the Authorization "
                                  "header called bearer is a bearer token");
        return 1;
    }
    a->kind = IMP_AUTH_APIKEY;
    if (strcmp(in, "header") == 0)
        a->in = IMP_IN_HEADER;
    else if (strcmp(in, "query") == 0)
        a->in = IMP_IN_QUERY;
    else if (strcmp(in, "cookie") == 0)
        a->in = IMP_IN_COOKIE;
    else {
        oa_warn(c, "apiKey scheme in '%s' is not supported; left out", in);
        return 0;
    }
    a->param_name = imp_save(c->sp, name);
    return 1;
}

/* Fills a from scheme s; 0 when it cannot be mapped (reported). */
static int map_scheme(oa_ctx *c, imp_auth *a, const cJSON *s,
                      const char *name)
{
    const char *type = imp_get_str(s, "type");
    if (!type) {
        oa_warn(c, "security scheme without a type; left out");
        return 0;
    }
    if (strcmp(type, "basic") == 0) { /* Swagger 2.0 */
        a->kind = IMP_AUTH_BASIC;
        return 1;
    }
    if (strcmp(type, "http") == 0) {
        const char *scheme = imp_get_str(s, "scheme");
        if (scheme && strcasecmp(scheme, "basic") == 0) {
            a->kind = IMP_AUTH_BASIC;
            return 1;
        }
        if (scheme && strcasecmp(scheme, "bearer") == 0) {
            a->kind = IMP_AUTH_BEARER;
            return 1;
        }
        oa_warn(c, "HTTP auth scheme '%s' is not supported; left out",
                scheme ? scheme : "(none)");
        return 0;
    }
    if (strcmp(type, "apiKey") == 0)
        return map_apikey(c, a, s, name);
    if (strcmp(type, "oauth2") == 0 || strcmp(type, "openIdConnect") == 0) {
        a->kind = IMP_AUTH_BEARER;
        imp_note(c->sp, &a->note,
                 "guessed: %s; the client sends an access token obtained "
                 "elsewhere as a bearer token", type);
        return 1;
    }
    oa_warn(c, "security scheme type '%s' is not supported; left out", type);
    return 0;
}

void oa_security_schemes(oa_ctx *c)
{
    const cJSON *all, *s;
    const char *base;
    if (c->version == 20) {
        all = cJSON_GetObjectItemCaseSensitive(c->root, "securityDefinitions");
        base = "/securityDefinitions";
    } else {
        all = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(c->root, "components"),
            "securitySchemes");
        base = "/components/securitySchemes";
    }
    if (!cJSON_IsObject(all))
        return;
    oa_pop(c, 0);
    buf_puts(&c->ptr, base);
    cJSON_ArrayForEach(s, all)
    {
        size_t len = oa_push(c, s->string);
        const cJSON *t = oa_deref(c, s, NULL);
        size_t idx = IMP_NONE;
        if (t) {
            idx = imp_add_auth(c->sp, s->string);
            if (idx != IMP_NONE) {
                imp_auth *a = &c->sp->auths[idx];
                a->description =
                    imp_text(c->sp, imp_get_str(t, "description"));
                if (!map_scheme(c, a, t, s->string)) {
                    /* Dropped again: it was the last one added (its
                     * strings stay in the arena). */
                    c->sp->nauths--;
                    idx = IMP_NONE;
                }
            }
        }
        if (!imp_map_put(&c->schemes, s->string, idx))
            c->sp->oom = 1;
        oa_pop(c, len);
    }
    oa_pop(c, 0);
}

/* The alternatives found so far, flattened as the spec's lists are. */
typedef struct alternatives {
    size_t *idx;
    unsigned char *joined;
    size_t n;
    int any_joined;
} alternatives;

/* Whether the alternative of `len` schemes at `group` is already in. */
static int known(const alternatives *a, const size_t *group, size_t len)
{
    for (size_t i = 0; i < a->n;) {
        size_t k = 1;
        while (i + k < a->n && a->joined[i + k])
            k++;
        if (k == len && memcmp(&a->idx[i], group, len * sizeof *group) == 0)
            return 1;
        i += k;
    }
    return 0;
}

static void add_alternative(oa_ctx *c, alternatives *a, const size_t *group,
                            size_t len)
{
    if (len == 0 || known(a, group, len))
        return;
    size_t *idx = realloc(a->idx, (a->n + len) * sizeof *idx);
    if (idx)
        a->idx = idx;
    unsigned char *j = realloc(a->joined, (a->n + len) * sizeof *j);
    if (j)
        a->joined = j;
    if (!idx || !j) {
        c->sp->oom = 1;
        return;
    }
    for (size_t i = 0; i < len; i++) {
        a->idx[a->n + i] = group[i];
        a->joined[a->n + i] = i > 0;
    }
    a->any_joined |= len > 1;
    a->n += len;
}

/* Maps one alternative (an object of scheme names) into group[] (room
 * for every member); returns how many schemes it maps to. */
static size_t alternative(oa_ctx *c, const cJSON *req, size_t *group)
{
    const cJSON *s;
    size_t len = 0;
    cJSON_ArrayForEach(s, req)
    {
        size_t idx = imp_map_get(&c->schemes, s->string, (size_t)-2);
        if (idx == (size_t)-2)
            oa_warn(c, "security scheme '%s' is not defined; left out",
                    s->string);
        else if (idx == IMP_NONE) {
            /* its credentials could not all be sent: the requirement
             * goes with the scheme (reported where it was defined) */
            return 0;
        } else {
            int dup = 0;
            for (size_t k = 0; k < len; k++)
                dup |= group[k] == idx;
            if (!dup)
                group[len++] = idx;
        }
    }
    return len;
}

void oa_security_list(oa_ctx *c, const cJSON *list, size_t **out,
                      unsigned char **joined, size_t *n)
{
    alternatives a = {0};
    const cJSON *req;
    size_t i = 0;
    int anonymous = 0;
    cJSON_ArrayForEach(req, list)
    {
        size_t len = oa_push_index(c, i++);
        if (cJSON_IsObject(req)) {
            size_t members = (size_t)cJSON_GetArraySize(req);
            size_t *group = malloc((members ? members : 1) * sizeof *group);
            if (!group)
                c->sp->oom = 1;
            else
                add_alternative(c, &a, group, alternative(c, req, group));
            free(group);
        }
        anonymous |= cJSON_IsObject(req) && !req->child;
        oa_pop(c, len);
    }
    if (a.n == 0 && i > 0 && !anonymous)
        oa_warn(c, "none of the required security schemes can be mapped; "
                   "no credentials are sent");
    if (!a.any_joined) {
        free(a.joined);
        a.joined = NULL;
    }
    *out = a.idx;
    *joined = a.joined;
    *n = a.n;
}
