/*
 * Importing an OpenAPI 3.0/3.1 or Swagger 2.0 document: which version it
 * is, the title and version, the provider name, the servers, and the
 * order of the rest (security schemes, named schemas, operations, the
 * default error model).  See openapi.h for the parts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/cname.h"
#include "base/diag.h"
#include "import/import_doc.h"
#include "import/openapi/openapi.h"

static const cJSON *get(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

static int detect_version(oa_ctx *c)
{
    /* `swagger: 2.0` unquoted is a YAML number: read scalars as text. */
    char t1[64], t2[64];
    const char *oa = imp_scalar_text(get(c->root, "openapi"), t1, sizeof t1);
    const char *sw = imp_scalar_text(get(c->root, "swagger"), t2, sizeof t2);
    if (oa && strncmp(oa, "3.0", 3) == 0)
        return 30;
    if (oa && strncmp(oa, "3.", 2) == 0) {
        if (strncmp(oa, "3.1", 3) != 0)
            oa_warn(c, "OpenAPI %s is read as 3.1", oa);
        return 31;
    }
    if (sw && strcmp(sw, "2.0") == 0)
        return 20;
    if (oa)
        diag_error(c->d, c->file, 0, 0, "OpenAPI version '%s' is not "
                                        "supported (3.0 and 3.1 are)", oa);
    else if (sw)
        diag_error(c->d, c->file, 0, 0, "Swagger version '%s' is not "
                                        "supported (2.0 is)", sw);
    else
        diag_error(c->d, c->file, 0, 0, "not an OpenAPI 3.x or Swagger 2.0 "
                                        "document: no 'openapi' or "
                                        "'swagger' key");
    return 0;
}

/* ---- servers ------------------------------------------------------ */

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

static void add_server(oa_ctx *c, const char *url, const char *description,
                       int guessed)
{
    size_t idx = imp_add_server(c->sp);
    if (idx == IMP_NONE)
        return;
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
            add_server(c, url, desc, 0);
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

static void servers(oa_ctx *c)
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

/* ---- the document --------------------------------------------------- */

static void info(oa_ctx *c, const char *provider)
{
    imp_spec *sp = c->sp;
    const cJSON *in = get(c->root, "info");
    const char *title = imp_get_str(in, "title");
    char tmp[64];
    const char *version = imp_scalar_text(get(in, "version"), tmp,
                                          sizeof tmp);
    sp->title = imp_save(sp, title && title[0] ? title : "API");
    if (!title || !title[0])
        oa_warn(c, "no info.title; the title is \"API\"");
    sp->version = imp_save(sp, version);
    sp->description = imp_text(sp, imp_get_str(in, "description"));
    if (provider) {
        sp->provider = imp_save(sp, provider);
    } else {
        oa_provider(c, title);
    }
}

/* A client sends requests; webhooks are requests it would receive, so
 * none becomes an endpoint.  Each is reported, not dropped in silence. */
static void webhooks(oa_ctx *c)
{
    const cJSON *w;
    oa_pop(c, 0);
    oa_push(c, "webhooks");
    cJSON_ArrayForEach(w, get(c->root, "webhooks"))
    {
        size_t len = oa_push(c, w->string);
        oa_warn(c, "webhook not imported: a client does not receive "
                   "requests (--all-models keeps the schemas)");
        oa_pop(c, len);
    }
    oa_pop(c, 0);
}

static void header(oa_ctx *c)
{
    imp_spec *sp = c->sp;
    const char *kind = c->version == 20 ? "Swagger" : "OpenAPI";
    char tmp[64];
    const char *v = imp_scalar_text(
        get(c->root, c->version == 20 ? "swagger" : "openapi"), tmp,
        sizeof tmp);
    imp_note(sp, &sp->header, "Imported by apicc import openapi from %s "
                              "(%s %s).", c->file, kind, v ? v : "");
    imp_note(sp, &sp->header, "Comments marked \"guessed\" say where the "
                              "importer guessed; what it could not");
    imp_note(sp, &sp->header, "map it reported as warnings.");
}

/* What the spec keeps of the operations, bodies and responses counted
 * while reading (params are counted as they are added). */
static void tally(oa_ctx *c)
{
    imp_spec *sp = c->sp;
    sp->present.schemas = c->ncomps;
    sp->kept.schemas = c->ncomps; /* less those left out unused, later */
    sp->kept.operations = sp->nendpoints;
    for (size_t i = 0; i < sp->nendpoints; i++) {
        const imp_endpoint *e = &sp->endpoints[i];
        sp->kept.bodies += e->body != IMP_NONE || e->body_media ||
                           e->body_list;
        sp->kept.responses += e->response != IMP_NONE || e->response_list ||
                              e->response_media || e->nresponses;
    }
}

static void ctx_free(oa_ctx *c)
{
    buf_free(&c->ptr);
    oa_refs_free(c);
    oa_schemas_free(c);
    imp_map_free(&c->comp_by_node);
    imp_map_free(&c->hoisted);
    imp_map_free(&c->model_names);
    imp_map_free(&c->endpoint_names);
    imp_map_free(&c->schemes);
    imp_map_free(&c->warned);
    oa_pagination_free(c);
}

int oa_import(const cJSON *root, const char *file, const char *provider,
              int all_models, imp_spec *sp, struct diag *d)
{
    oa_ctx c;
    memset(&c, 0, sizeof c);
    c.sp = sp;
    c.d = d;
    c.file = file;
    c.root = root;
    if (!cJSON_IsObject(root)) {
        diag_error(d, file, 0, 0, "not an OpenAPI document: the top level "
                                  "is no mapping");
        return -1;
    }
    c.version = detect_version(&c);
    if (!c.version)
        return -1;
    c.consumes = get(root, "consumes");
    c.produces = get(root, "produces");
    servers(&c); /* first: the provider name may come from the host */
    info(&c, provider);
    oa_security_schemes(&c);
    oa_push(&c, "security");
    oa_security_list(&c, get(root, "security"), &sp->default_auth,
                     &sp->default_auth_joined, &sp->ndefault_auth);
    oa_pop(&c, 0);
    oa_schemas(&c);
    oa_operations(&c);
    webhooks(&c);
    oa_schemas_fill(&c, all_models);
    oa_pagination(&c);
    oa_default_errors(&c);
    oa_file_members(&c);
    header(&c);
    tally(&c);
    ctx_free(&c);
    if (sp->oom) {
        diag_error(d, file, 0, 0, "out of memory");
        return -1;
    }
    if (sp->nendpoints == 0 && !(all_models && sp->nmodels)) {
        diag_error(d, file, 0, 0, "no operations to import%s",
                   sp->nmodels ? " (--all-models imports the schemas "
                                 "as models)" : "");
        return -1;
    }
    return 0;
}
