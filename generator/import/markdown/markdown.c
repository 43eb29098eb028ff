/*
 * Importing openapi-generator markdown API docs.
 *
 * An API doc has "All URIs are relative to *URL*", a table of methods
 * ([**Name**](Doc.md#name) | **POST** /path | summary), and a section per
 * method: the description, parameter tables, "### Return type",
 * "### Authorization" and "### HTTP request headers".  Several docs (one
 * per tag, or one API seen through two clients) make one spec: methods of
 * the same name and path are merged.
 *
 * The docs leave things out, so the importer guesses, and says so in
 * comments: a parameter whose name is no path placeholder goes in the
 * query; a parameter of a model type is the body; an auth scheme's type
 * comes from its name.  A WebSocket API that a generator modelled as
 * "POST /session.logon" (every path a dotted frame method) becomes a
 * websocket spec, whose params are the body's properties.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/cname.h"
#include "base/diag.h"
#include "base/file_io.h"
#include "base/placeholders.h"
#include "import/markdown/md_internal.h"

static const char *const http_methods[] = {"GET",    "POST", "PUT",
                                           "PATCH",  "DELETE", "HEAD",
                                           "OPTIONS", NULL};

/* ---- endpoints --------------------------------------------------------- */

static int same(const char *a, const char *b)
{
    return !a || !b || strcmp(a, b) == 0;
}

/* The endpoint of method `op`: an earlier one of the same name and path
 * (merged), else a new one. */
static size_t op_endpoint(md_run *r, const char *op, const char *method,
                          const char *path, const char *summary)
{
    imp_spec *sp = r->c.sp;
    char *base = cname_snake(op);
    if (!base) {
        sp->oom = 1;
        return IMP_NONE;
    }
    buf b;
    buf_init(&b);
    if (!base[0] || (base[0] >= '0' && base[0] <= '9'))
        buf_puts(&b, "op_");
    buf_puts(&b, base);
    free(base);
    size_t stem = b.len, ep = IMP_NONE;
    for (size_t k = 2; !buf_failed(&b); k++) {
        ep = imp_map_get(&r->endpoints, b.data, IMP_NONE);
        if (ep == IMP_NONE || (same(sp->endpoints[ep].path, path) &&
                               same(sp->endpoints[ep].method, method)))
            break;
        b.len = stem;
        buf_printf(&b, "_%zu", k);
    }
    if (buf_failed(&b)) {
        buf_free(&b);
        sp->oom = 1;
        return IMP_NONE;
    }
    if (ep == IMP_NONE) {
        ep = imp_add_endpoint(sp);
        if (ep != IMP_NONE) {
            sp->endpoints[ep].name = imp_save(sp, b.data);
            if (!imp_map_put(&r->endpoints, b.data, ep))
                sp->oom = 1;
        }
    }
    buf_free(&b);
    if (ep == IMP_NONE)
        return IMP_NONE;
    imp_endpoint *e = &sp->endpoints[ep];
    if (!e->method && method)
        e->method = imp_save(sp, method);
    if (!e->path && path)
        e->path = imp_save(sp, path);
    if (!e->summary && summary)
        e->summary = imp_save(sp, summary);
    return ep;
}

/* "**POST** /session.logon" or "/session.logon": method and path. */
static void split_request(imp_spec *sp, const char *cell, char **method,
                          char **path)
{
    *method = *path = NULL;
    char *s = md_plain(sp, cell);
    if (!s)
        return;
    char *p = s;
    size_t n = strcspn(p, " ");
    for (size_t i = 0; http_methods[i] && p[n] == ' '; i++) {
        if (strlen(http_methods[i]) == n &&
            strncasecmp(p, http_methods[i], n) == 0) {
            *method = imp_strdup(sp, http_methods[i]);
            p += n + 1;
            break;
        }
    }
    p += strspn(p, " ");
    size_t len = strcspn(p, " ");
    if (len)
        *path = imp_strndup(sp, p, len);
    free(s);
}

static void method_table(md_run *r, const md_table *t, md_op **ops,
                         size_t *nops)
{
    imp_spec *sp = r->c.sp;
    size_t req = md_column(t, "HTTP request");
    size_t desc = md_column(t, "Description");
    for (size_t i = 0; i < t->nrows; i++) {
        char **row = t->cells + i * t->ncols;
        char *text, *target;
        char *name = md_link(sp, row[0], &text, &target) ? md_plain(sp, text)
                                                        : md_plain(sp, row[0]);
        if (text)
            free(text);
        free(target);
        char *method, *path;
        split_request(sp, row[req], &method, &path);
        char *summary = desc < t->ncols ? md_plain(sp, row[desc]) : NULL;
        md_op *grown = name ? realloc(*ops, (*nops + 1) * sizeof(**ops))
                            : NULL;
        size_t ep = grown ? op_endpoint(r, name, method, path, summary)
                          : IMP_NONE;
        if (grown)
            *ops = grown;
        if (ep != IMP_NONE) {
            grown[*nops].name = name;
            grown[*nops].ep = ep;
            (*nops)++;
            name = NULL;
        }
        free(name);
        free(method);
        free(path);
        free(summary);
    }
}

/* The method whose heading is line i ("## SessionLogon",
 * "# **sessionLogon**"), or NULL. */
static const md_op *op_at(const md_doc *doc, size_t i, const md_op *ops,
                          size_t nops, imp_spec *sp)
{
    const char *text;
    size_t len;
    if (!md_heading(doc, i, &text, &len) || len == 0)
        return NULL;
    char *name = md_plain_n(sp, text, len);
    const md_op *found = NULL;
    for (size_t k = 0; name && k < nops && !found; k++)
        if (strcmp(ops[k].name, name) == 0)
            found = &ops[k];
    free(name);
    return found;
}

/* "All URIs are relative to *https://api.example.com/v1*": the URL, or
 * NULL when the line says no such thing. */
static char *base_url(imp_spec *sp, const char *line)
{
    const char *at = strstr(line, "relative to");
    if (!at)
        return NULL;
    at += strlen("relative to");
    char *url = md_plain(sp, at);
    if (url) {
        size_t n = strlen(url);
        while (n > 0 && (url[n - 1] == '.' || url[n - 1] == '/'))
            url[--n] = '\0';
    }
    return url;
}

static void api_doc(md_run *r, const md_doc *doc)
{
    imp_spec *sp = r->c.sp;
    md_op *ops = NULL;
    size_t nops = 0;
    char *title = NULL, *url = NULL;
    for (size_t i = 0; i < doc->n; i++) {
        const char *text;
        size_t len;
        if (doc->code[i])
            continue;
        if (!title && md_heading(doc, i, &text, &len) == 1) {
            title = md_plain_n(sp, text, len);
            if (title && title[0] == '\\')
                memmove(title, title + 1, strlen(title));
        }
        if (!url)
            url = base_url(sp, doc->lines[i]);
        md_table t;
        if (md_table_read(doc, i, &t, sp)) {
            if (md_column(&t, "HTTP request") < t.ncols && t.ncols >= 2)
                method_table(r, &t, &ops, &nops);
            i = t.end - 1;
            md_table_free(&t);
        }
    }
    if (nops == 0)
        md_warn(&r->c, doc->path, 0, "no method table (Method | HTTP "
                                     "request | Description); nothing "
                                     "imported from this doc");
    /* The title and base URL of the first doc with methods. */
    if (nops && !r->title) {
        r->title = title;
        title = NULL;
    }
    if (nops && !r->base_url) {
        r->base_url = url;
        url = NULL;
    }
    free(title);
    free(url);
    for (size_t i = 0; i < doc->n; i++) {
        const md_op *op = op_at(doc, i, ops, nops, sp);
        if (!op)
            continue;
        size_t end = i + 1;
        while (end < doc->n && !op_at(doc, end, ops, nops, sp))
            end++;
        md_read_section(r, doc, i + 1, end, op->ep);
        i = end - 1;
    }
    for (size_t k = 0; k < nops; k++)
        free(ops[k].name);
    free(ops);
}

/* ---- the spec ---------------------------------------------------------- */

/* Whether every endpoint looks like a WebSocket frame method modelled as
 * "POST /session.logon": a single dotted path segment. */
static int looks_websocket(const imp_spec *sp)
{
    for (size_t i = 0; i < sp->nendpoints; i++) {
        const imp_endpoint *e = &sp->endpoints[i];
        const char *p = e->path;
        if (!p || p[0] != '/' || strchr(p + 1, '/') || !strchr(p, '.') ||
            strchr(p, '{') || (e->method && strcmp(e->method, "POST") != 0))
            return 0;
    }
    return sp->nendpoints > 0;
}

static void to_websocket(md_run *r, size_t ep)
{
    imp_spec *sp = r->c.sp;
    imp_endpoint *e = &sp->endpoints[ep];
    e->method = imp_save(sp, e->path ? e->path + 1 : e->name);
    e->path = NULL;
    for (size_t i = 0; i < e->nparams;) {
        imp_param *p = &e->params[i];
        p->in = IMP_IN_PARAM;
        p->note = NULL;
        /* The frame's id is the runtime's, which matches the answer. */
        if (strcmp(p->name, "id") == 0 &&
            md_has(p->description, "request ID")) {
            md_warn(&r->c, r->first, 0, "%s: parameter id is the frame's "
                                        "request id, which the runtime "
                                        "sets; left out", e->name);
            memmove(p, p + 1, (e->nparams - i - 1) * sizeof(*p));
            e->nparams--;
            continue;
        }
        i++;
    }
    if (e->body != IMP_NONE) {
        const imp_model *m = &sp->models[e->body];
        for (size_t i = 0; i < m->nprops; i++) {
            const imp_prop *q = &sp->models[e->body].props[i];
            e = &sp->endpoints[ep];
            if (md_has_param(e, q->json_name))
                continue;
            if (!q->type || !(md_is_scalar(sp, q->type) ||
                              (q->type->kind == IMP_ARRAY && q->type->items &&
                               md_is_scalar(sp, q->type->items)))) {
                md_warn(&r->c, r->first, 0, "%s: property %s of body %s is "
                                            "not a plain value and cannot "
                                            "be a frame param; left out",
                        e->name, q->json_name, m->name);
                continue;
            }
            imp_param *p = imp_add_param(sp, e, q->json_name);
            if (!p)
                break;
            p->in = IMP_IN_PARAM;
            p->type = imp_type_copy(sp, q->type);
            p->required = q->required;
            p->description = q->description; /* arena: shared */
        }
        e = &sp->endpoints[ep];
        imp_note(sp, &e->note, "guessed: the properties of body %s are the "
                               "frame's params", sp->models[e->body].name);
        e->body = IMP_NONE;
    }
    if (e->response != IMP_NONE) {
        const imp_model *m = &sp->models[e->response];
        for (size_t i = 0; i < m->nprops; i++) {
            const imp_prop *q = &m->props[i];
            if (strcmp(q->json_name, "result") == 0 && q->type &&
                q->type->kind == IMP_REF) {
                imp_note(sp, &e->note, "guessed: the response is the "
                                       "frame's result (%s.result)",
                         m->name);
                e->response = q->type->model;
                break;
            }
        }
    }
}

/* A {placeholder} of the path no parameter fills becomes a string. */
static void fill_placeholders(md_run *r, size_t ep)
{
    imp_spec *sp = r->c.sp;
    const char *path = sp->endpoints[ep].path; /* not moved by params */
    placeholder ph;
    for (const char *at = path; placeholder_next(&at, &ph) == 1;) {
        char *name = imp_strndup(sp, ph.name, ph.len);
        imp_endpoint *e = &sp->endpoints[ep];
        if (name && name[0] && !md_has_param(e, name)) {
            md_warn(&r->c, r->first, 0, "%s: the path has {%s} but no "
                                        "parameter for it; added as a "
                                        "string", e->name, name);
            imp_param *p = imp_add_param(sp, e, name);
            if (p) {
                p->in = IMP_IN_PATH;
                p->required = 1;
                p->type = imp_type_new(sp, IMP_STRING);
                imp_note(sp, &p->note, "guessed: the docs do not describe "
                                       "this path parameter");
            }
        }
        free(name);
    }
}

static void default_auth(imp_spec *sp)
{
    size_t best = IMP_NONE, best_count = 0;
    for (size_t i = 0; i < sp->nendpoints; i++) {
        const imp_endpoint *e = &sp->endpoints[i];
        if (!e->auth_set || e->nauth == 0)
            continue;
        size_t count = 0;
        for (size_t k = 0; k < sp->nendpoints; k++) {
            const imp_endpoint *o = &sp->endpoints[k];
            count += o->nauth == e->nauth &&
                     memcmp(o->auth, e->auth, e->nauth * sizeof(size_t)) == 0;
        }
        if (count > best_count) {
            best = i;
            best_count = count;
        }
    }
    if (best == IMP_NONE) {
        for (size_t i = 0; i < sp->nendpoints; i++)
            sp->endpoints[i].auth_set = 0; /* no auth anywhere */
        return;
    }
    const imp_endpoint *b = &sp->endpoints[best];
    sp->default_auth = malloc(b->nauth * sizeof(size_t));
    if (!sp->default_auth) {
        sp->oom = 1;
        return;
    }
    memcpy(sp->default_auth, b->auth, b->nauth * sizeof(size_t));
    sp->ndefault_auth = b->nauth;
    for (size_t i = 0; i < sp->nendpoints; i++) {
        imp_endpoint *e = &sp->endpoints[i];
        if (e->nauth == sp->ndefault_auth &&
            memcmp(e->auth, sp->default_auth, e->nauth * sizeof(size_t)) == 0)
            e->auth_set = 0;
    }
}

/* "api.quatrix.it" -> quatrix: the host's most specific name that is no
 * "api"/"www"/"app", or NULL for localhost and addresses. */
static char *provider_from_host(imp_spec *sp, const char *url)
{
    const char *h = url ? strstr(url, "://") : NULL;
    if (!h)
        return NULL;
    h += 3;
    size_t n = strcspn(h, ":/");
    char host[256];
    snprintf(host, sizeof host, "%.*s", (int)(n < 255 ? n : 255), h);
    if (strspn(host, "0123456789.") == strlen(host) || !strchr(host, '.'))
        return NULL;
    char *last = strrchr(host, '.');
    *last = '\0'; /* the top-level domain */
    char *name = strrchr(host, '.');
    name = name ? name + 1 : host;
    if (strcmp(name, "api") == 0 || strcmp(name, "www") == 0 ||
        strcmp(name, "app") == 0)
        return NULL;
    char *p = cname_snake(name);
    if (!p)
        sp->oom = 1;
    return p;
}

static char *provider_from_title(imp_spec *sp, const char *title)
{
    char *s = cname_snake(title ? title : "api");
    if (!s) {
        sp->oom = 1;
        return NULL;
    }
    size_t n = strlen(s);
    if (n > 4 && strcmp(s + n - 4, "_api") == 0)
        s[n - 4] = '\0';
    if (!(s[0] >= 'a' && s[0] <= 'z') || cname_is_keyword(s) ||
        strncmp(s, "apicc", 5) == 0) {
        free(s);
        return imp_strdup(sp, "api");
    }
    return s;
}

static void server(md_run *r)
{
    imp_spec *sp = r->c.sp;
    size_t i = imp_add_server(sp);
    if (i == IMP_NONE)
        return;
    imp_server *s = &sp->servers[i];
    s->name = imp_save(sp, "server");
    const char *url = r->base_url;
    int http = url && (strncmp(url, "http://", 7) == 0 ||
                       strncmp(url, "https://", 8) == 0);
    if (!http) {
        url = "http://localhost";
        imp_note(sp, &s->note, "guessed: the docs give no base URL");
    }
    if (sp->websocket) {
        int tls = strncmp(url, "https://", 8) == 0;
        buf b;
        buf_init(&b);
        buf_printf(&b, "%s%s", tls ? "wss://" : "ws://",
                   url + (tls ? 8 : 7));
        s->url = imp_keep(sp, buf_take(&b));
        imp_note(sp, &s->note, "guessed: the WebSocket URL from the docs' "
                               "%s", url);
    } else {
        s->url = imp_save(sp, url);
    }
}

static void undocumented(md_run *r)
{
    imp_spec *sp = r->c.sp;
    for (size_t i = 0; i < sp->nmodels; i++) {
        if (r->c.documented[i])
            continue;
        imp_note(sp, &sp->models[i].note, "no model doc was given: the "
                                          "properties are unknown");
        md_warn(&r->c, r->first, 0,
                "no model doc for %s%s; imported without properties",
                sp->models[i].name,
                r->nmodel_files ? "" : " (give model docs with --models)");
    }
}

static void finish(md_run *r, const md_options *opt, const char *first,
                   size_t nfiles)
{
    imp_spec *sp = r->c.sp;
    sp->websocket = opt->websocket || looks_websocket(sp);
    if (sp->websocket && !opt->websocket)
        imp_note(sp, &sp->transport_note, "guessed: every path is one dotted "
                                          "name, a frame method like "
                                          "/session.logon");
    for (size_t i = 0; i < sp->nendpoints; i++) {
        if (sp->websocket) {
            to_websocket(r, i);
            continue;
        }
        imp_endpoint *e = &sp->endpoints[i];
        if (!e->method) {
            e->method = imp_save(sp, "GET");
            imp_note(sp, &e->note, "guessed: the docs give no HTTP method");
        }
        if (!e->path)
            e->path = imp_save(sp, "/");
        fill_placeholders(r, i);
    }
    default_auth(sp);
    undocumented(r);
    server(r);
    sp->title = imp_save(sp, r->title ? r->title : "API");
    if (opt->provider) {
        sp->provider = imp_save(sp, opt->provider);
    } else {
        sp->provider = imp_keep(sp, provider_from_host(sp, r->base_url));
        if (!sp->provider)
            sp->provider = imp_keep(sp, provider_from_title(sp, r->title));
        imp_note(sp, &sp->provider_note, "guessed; choose another with "
                                         "--provider NAME");
    }
    imp_note(sp, &sp->header, "Imported by apicc import markdown from %s%s.",
             first, nfiles > 1 ? " and the other docs given" : "");
    imp_note(sp, &sp->header, "Comments marked \"guessed\" say where the "
                              "importer guessed; what it could not");
    imp_note(sp, &sp->header, "map it reported as warnings.");
}

int md_import(const char *const *api_files, size_t napi,
              const char *const *model_files, size_t nmodels,
              const md_options *opt, imp_spec *sp, struct diag *d)
{
    md_run r;
    memset(&r, 0, sizeof r);
    r.c.sp = sp;
    r.c.d = d;
    r.c.opt = opt;
    r.nmodel_files = nmodels;
    /* the name the first doc goes by in messages ("-": standard input) */
    const char *first = strcmp(api_files[0], "-") == 0 ? FILE_STDIN_NAME
                                                        : api_files[0];
    r.first = first;
    imp_map_init(&r.c.models);
    imp_map_init(&r.endpoints);
    int rc = 0;
    for (size_t i = 0; i < nmodels + napi && rc == 0; i++) {
        /* Model docs first, so the API docs' types find them; API docs
         * given among the models, and the reverse, are read as what
         * they are. */
        const char *path = i < nmodels ? model_files[i] : api_files[i - nmodels];
        md_doc doc;
        if (md_doc_read(&doc, path, d) != 0) {
            rc = -1;
            break;
        }
        if (md_is_model_doc(&doc))
            md_model_doc(&r.c, &doc);
        else
            api_doc(&r, &doc);
        md_doc_free(&doc);
    }
    if (rc == 0 && sp->nendpoints == 0) {
        diag_error(d, first, 0, 0, "no methods found in the API "
                                          "docs");
        rc = -1;
    }
    if (rc == 0)
        finish(&r, opt, first, napi + nmodels);
    if (rc == 0 && sp->oom) {
        diag_error(d, first, 0, 0, "out of memory");
        rc = -1;
    }
    imp_map_free(&r.c.models);
    imp_map_free(&r.endpoints);
    free(r.c.documented);
    free(r.base_url);
    free(r.title);
    return rc;
}
