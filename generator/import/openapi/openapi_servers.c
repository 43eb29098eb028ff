/*
 * Servers: the document's (3.x `servers` with their variables, 2.0
 * `schemes`, `host` and `basePath`), and the servers of a path or an
 * operation, to which its endpoint is bound by name (`server:`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "import/import_doc.h"
#include "import/openapi/openapi.h"

static const cJSON *get(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* A server name from its description ("Production" -> production), or
 * NULL when the description makes no short name. */
static char *slug(imp_spec *sp, const char *text)
{
    if (!text)
        return NULL;
    char out[33];
    size_t o = 0;
    for (const char *p = text; *p; p++) {
        char ch = *p;
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
            if (o == 24)
                return NULL;
            out[o++] = ch;
        } else if (o > 0 && out[o - 1] != '-') {
            out[o++] = '-';
        }
    }
    while (o > 0 && out[o - 1] == '-')
        o--;
    out[o] = '\0';
    if (o == 0 || !(out[0] >= 'a' && out[0] <= 'z'))
        return NULL;
    return imp_strdup(sp, out);
}

/* A server name not taken yet, in the arena; frees name. */
static char *unique_server_name(imp_spec *sp, char *name)
{
    for (size_t k = 1;; k++) {
        char cand[64];
        if (k == 1)
            snprintf(cand, sizeof cand, "%s", name);
        else
            snprintf(cand, sizeof cand, "%s-%zu", name, k);
        int taken = 0;
        for (size_t i = 0; i < sp->nservers; i++)
            if (sp->servers[i].name && strcmp(sp->servers[i].name, cand) == 0)
                taken = 1;
        if (!taken) {
            free(name);
            return imp_save(sp, cand);
        }
    }
}

static imp_server *add_server(oa_ctx *c, const char *url,
                              const char *description, int guessed)
{
    size_t idx = imp_add_server(c->sp);
    if (idx == IMP_NONE)
        return NULL;
    imp_server *s = &c->sp->servers[idx];
    size_t n = strlen(url);
    while (n > 0 && url[n - 1] == '/')
        n--; /* paths start with '/' */
    s->url = imp_save_n(c->sp, url, n);
    s->description = imp_text(c->sp, description);
    char *name = slug(c->sp, description);
    if (!name)
        name = imp_strdup(c->sp, "server");
    if (name)
        s->name = unique_server_name(c->sp, name);
    if (guessed)
        imp_note(c->sp, &s->note, "guessed: the document gives no absolute "
                                  "http(s) URL");
    return s;
}

/* Replaces {variables} of a 3.x server URL by their defaults. */
static char *substitute(oa_ctx *c, const char *url, const cJSON *vars)
{
    buf b;
    buf_init(&b);
    for (const char *p = url; *p;) {
        const char *end = *p == '{' ? strchr(p, '}') : NULL;
        if (!end) {
            buf_putc(&b, *p++);
            continue;
        }
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(end - p - 1), p + 1);
        const char *def = imp_get_str(get(vars, name), "default");
        if (def) {
            buf_puts(&b, def);
        } else {
            oa_warn(c, "server variable '%s' has no default; left in the "
                       "URL", name);
            buf_append(&b, p, (size_t)(end - p + 1));
        }
        p = end + 1;
    }
    char *s = buf_take(&b);
    if (!s)
        c->sp->oom = 1;
    return s;
}

static int is_http_url(const char *u)
{
    return strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0;
}

static void servers_v3(oa_ctx *c)
{
    const cJSON *list = get(c->root, "servers"), *s;
    size_t i = 0;
    oa_push(c, "servers");
    cJSON_ArrayForEach(s, list)
    {
        size_t len = oa_push_index(c, i++);
        const char *raw = imp_get_str(s, "url");
        char *url = raw ? substitute(c, raw, get(s, "variables")) : NULL;
        const char *desc = imp_get_str(s, "description");
        if (url && is_http_url(url)) {
            imp_server *sv = add_server(c, url, desc, 0);
            if (sv)
                oa_server_vars(c, sv, raw, get(s, "variables"));
        } else if (url && !strstr(url, "://")) {
            oa_warn(c, "server URL '%s' is relative; guessed "
                       "http://localhost%s%s", url,
                    url[0] == '/' || !url[0] ? "" : "/", url);
            buf b;
            buf_init(&b);
            buf_printf(&b, "http://localhost%s%s",
                       url[0] == '/' || !url[0] ? "" : "/", url);
            if (!buf_failed(&b))
                add_server(c, b.data, desc, 1);
            buf_free(&b);
        } else if (url) {
            oa_warn(c, "server URL '%s' is not http(s); left out", url);
        }
        free(url);
        oa_pop(c, len);
    }
    oa_pop(c, 0);
}

static void servers_v2(oa_ctx *c)
{
    const cJSON *schemes = get(c->root, "schemes"), *s;
    const char *scheme = NULL;
    cJSON_ArrayForEach(s, schemes)
    {
        if (!cJSON_IsString(s))
            continue;
        if (strcmp(s->valuestring, "https") == 0)
            scheme = "https";
        else if (!scheme && strcmp(s->valuestring, "http") == 0)
            scheme = "http";
    }
    const char *host = imp_get_str(c->root, "host");
    const char *base = imp_get_str(c->root, "basePath");
    int guessed = !host || !scheme;
    buf b;
    buf_init(&b);
    buf_printf(&b, "%s://%s%s%s", scheme ? scheme : "https",
               host ? host : "localhost",
               base && base[0] && base[0] != '/' ? "/" : "", base ? base : "");
    if (!buf_failed(&b)) {
        add_server(c, b.data, NULL, 0);
        if (guessed && c->sp->nservers)
            imp_note(c->sp, &c->sp->servers[c->sp->nservers - 1].note,
                     "guessed: the document has no %s",
                     !host ? "host" : "http or https scheme");
    }
    buf_free(&b);
}

void oa_servers(oa_ctx *c)
{
    if (c->version == 20)
        servers_v2(c);
    else
        servers_v3(c);
    if (c->sp->nservers == 0) {
        oa_warn(c, "no usable server URL; guessed http://localhost");
        add_server(c, "http://localhost", NULL, 1);
    }
}


/* ---- variables ------------------------------------------------------ */

void oa_server_vars(oa_ctx *c, imp_server *s, const char *url,
                    const cJSON *vars)
{
    if (!strchr(url, '{') || !cJSON_IsObject(vars))
        return;
    if (!is_http_url(url)) {
        /* "{scheme}://host": a spec's server URL starts with its scheme,
         * so such a variable can only be fixed at its default. */
        oa_warn(c, "server URL '%s' has a variable in its scheme; its "
                   "variables are fixed at their defaults", url);
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(vars);
    imp_server_var *v = imp_alloc(c->sp, n * sizeof *v);
    if (!v)
        return;
    size_t k = 0;
    const cJSON *var;
    cJSON_ArrayForEach(var, vars)
    {
        const char *def = imp_get_str(var, "default");
        char ph[160];
        snprintf(ph, sizeof ph, "{%s}", var->string);
        if (!def || !strstr(url, ph))
            return; /* reported by substitute, or unused: keep defaults */
        imp_server_var *x = &v[k++];
        memset(x, 0, sizeof *x);
        x->name = imp_save(c->sp, var->string);
        x->default_value = imp_save(c->sp, def);
        x->description = imp_text(c->sp, imp_get_str(var, "description"));
        const cJSON *en = get(var, "enum");
        size_t ne = (size_t)cJSON_GetArraySize(en);
        x->values = ne ? imp_alloc(c->sp, ne * sizeof *x->values) : NULL;
        const cJSON *e;
        cJSON_ArrayForEach(e, en)
        {
            if (x->values && cJSON_IsString(e))
                x->values[x->nvalues++] = imp_save(c->sp, e->valuestring);
        }
    }
    size_t n_in_url = 0;
    for (const char *p = url; (p = strchr(p, '{')); p++)
        n_in_url++;
    if (k != n_in_url)
        return; /* a placeholder without a variable: defaults only */
    size_t len = strlen(url);
    while (len > 0 && url[len - 1] == '/')
        len--; /* paths start with '/' */
    s->url_template = imp_save_n(c->sp, url, len);
    s->vars = v;
    s->nvars = k;
}

/* ---- a path's or an operation's own servers ------------------------- */

/* A server name from a URL's host (as written, variables and all): its
 * first label that is neither a variable nor a generic one ("api",
 * "www"): "messaging.twilio.com" -> messaging,
 * "{zone}.media.example.com" -> media. */
static char *host_name(oa_ctx *c, const char *url)
{
    const char *h = strstr(url, "://");
    h = h ? h + 3 : url;
    char label[33] = "";
    for (;;) {
        size_t n = strcspn(h, ".:/");
        snprintf(label, sizeof label, "%.*s", (int)(n < 32 ? n : 32), h);
        int generic = strchr(label, '{') || !strcmp(label, "api") ||
                      !strcmp(label, "www");
        if (!generic || h[n] != '.')
            break;
        h += n + 1;
    }
    char *name = strchr(label, '{') ? NULL : slug(c->sp, label);
    return name ? name : imp_strdup(c->sp, "server");
}

void oa_operation_server(oa_ctx *c, imp_endpoint *e, const cJSON *op,
                         const cJSON *item)
{
    const cJSON *servers = get(op, "servers");
    const char *whose = "operation's";
    if (!cJSON_IsArray(servers) || !servers->child) {
        servers = get(item, "servers");
        whose = "path's";
    }
    if (!cJSON_IsArray(servers) || !servers->child || !c->sp->nservers)
        return;
    const cJSON *first = servers->child;
    const char *raw = imp_get_str(first, "url");
    char *url = raw ? substitute(c, raw, get(first, "variables")) : NULL;
    if (!url || !is_http_url(url)) {
        oa_warn(c, "the %s own server (%s) is not an absolute http(s) URL; "
                   "not imported", whose, url ? url : "no URL");
        free(url);
        return;
    }
    size_t n = strlen(url);
    while (n > 0 && url[n - 1] == '/')
        url[--n] = '\0';
    /* The default server with more path: that part goes in front of the
     * endpoint's path, so the endpoint works against the default server
     * and its overrides. */
    const char *base = c->sp->servers[0].url;
    size_t nb = strlen(base);
    if (strncmp(url, base, nb) == 0 && (url[nb] == '/' || !url[nb])) {
        if (url[nb]) {
            size_t len = strlen(e->path) + strlen(url + nb) + 1;
            char *path = imp_alloc(c->sp, len);
            if (path) {
                snprintf(path, len, "%s%s", url + nb, e->path);
                e->path = path;
                imp_note(c->sp, &e->note, "the %s own server adds %s to the "
                                          "path", whose, url + nb);
            }
        }
        free(url);
        return;
    }
    for (size_t i = 0; i < c->sp->nservers; i++)
        if (strcmp(c->sp->servers[i].url, url) == 0) {
            e->server = c->sp->servers[i].name;
            free(url);
            return;
        }
    char *name = host_name(c, raw);
    imp_server *s = add_server(c, url, imp_get_str(first, "description"), 0);
    if (s) {
        if (name) {
            s->name = unique_server_name(c->sp, name);
            name = NULL;
        }
        oa_server_vars(c, s, raw, get(first, "variables"));
        e->server = s->name;
    }
    free(name);
    free(url);
}
