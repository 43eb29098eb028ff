/*
 * Loading a spec: the file, the top-level keys, servers, default_auth and
 * the error shape.  Auth schemes, models and endpoints have files of
 * their own (spec_load_*.c); spec_load_internal.h says how they share.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/file_io.h"
#include "load/spec_load_internal.h"

static const char *const top_keys[] = {
    "apicc",  "provider",     "title",  "version", "description",
    "transport", "servers",   "auth",   "default_auth", "errors",
    "models", "endpoints",    "events", "headers", NULL};
static const char *const top_required[] = {"apicc", "provider", "title",
                                           "servers", "endpoints", NULL};

static const char *const server_keys[] = {"name", "url", "description",
                                          "default", "variables", NULL};
static const char *const server_required[] = {"name", "url", NULL};

static const char *const errors_keys[] = {"model", "code", "message", NULL};

static const ld_name transports[] = {
    {"http", SPEC_TRANSPORT_HTTP},
    {"websocket", SPEC_TRANSPORT_WEBSOCKET},
};

static void ld_version(ld_ctx *l, const ytree_node *n)
{
    long long v;
    if (!ld_int(l, n, &v))
        return;
    if (v != 1) {
        ld_error(l, n, "unsupported spec format version %lld; only 1 is "
                       "supported", v);
        return;
    }
    l->s->version = 1;
}

/* Reads one server; *first_default is the node of the first
 * `default: true` seen, so a second one is reported there. */
static void ld_server(ld_ctx *l, const ytree_node *n, spec_server *sv,
                      const ytree_node **first_default)
{
    if (!ld_want_map(l, n))
        return;
    ld_keys(l, n, "server", server_keys, server_required);
    sv->pos = ld_pos(n);
    const ytree_node *v = ytree_get(n, "name");
    if (v) {
        sv->name = ld_string(l, v);
        sv->pos = ld_pos(v);
    }
    v = ytree_get(n, "url");
    if (v) {
        sv->url = ld_string(l, v);
        sv->url_pos = ld_pos(v);
    }
    ld_opt_string(l, n, "description", &sv->description);
    if ((v = ytree_get(n, "variables")))
        ld_server_vars(l, v, sv);
    v = ytree_get(n, "default");
    if (v && ld_bool(l, v, &sv->is_default) && sv->is_default) {
        if (*first_default)
            ld_error(l, v, "only one server can be the default (the first "
                           "is at line %d)", (*first_default)->line);
        else
            *first_default = v;
    }
}

static void ld_servers(ld_ctx *l, const ytree_node *n)
{
    if (!ld_want_seq(l, n))
        return;
    if (n->nitems == 0) {
        ld_error(l, n, "'servers' must list at least one server");
        return;
    }
    spec *s = l->s;
    s->servers = ld_calloc(l, n->nitems, sizeof(*s->servers));
    if (!s->servers)
        return;
    s->nservers = n->nitems;
    const ytree_node *first_default = NULL;
    for (size_t i = 0; i < n->nitems; i++)
        ld_server(l, n->items[i], &s->servers[i], &first_default);
    /* When no server says so, the first is the default. */
    if (!first_default)
        s->servers[0].is_default = 1;
}

static void ld_errors(ld_ctx *l, const ytree_node *n)
{
    if (!ld_want_map(l, n))
        return;
    ld_keys(l, n, "errors", errors_keys, NULL);
    spec_errors *e = &l->s->errors;
    e->pos = ld_pos(n);
    const ytree_node *v = ytree_get(n, "model");
    if (v) {
        e->model = ld_string(l, v);
        e->model_pos = ld_pos(v);
    }
    ld_opt_string(l, n, "code", &e->code);
    ld_opt_string(l, n, "message", &e->message);
}

static void ld_endpoint_list(ld_ctx *l, const ytree_node *n)
{
    /* An empty list is a spec of models alone, as the payloads of a
     * document that describes only webhooks import. */
    if (!ld_want_seq(l, n))
        return;
    ld_endpoints(l, n);
}

/* The top level.  The transport is read first: what else is allowed
 * (methods, param locations) depends on it. */
static void ld_spec(ld_ctx *l, const ytree_node *root)
{
    spec *s = l->s;
    if (!ld_want_map(l, root))
        return;
    ld_keys(l, root, "spec", top_keys, top_required);
    const ytree_node *v = ytree_get(root, "transport");
    int t = SPEC_TRANSPORT_HTTP;
    if (v)
        ld_enum(l, v, "transport", transports, 2, "", &t);
    s->transport = (spec_transport)t;
    if ((v = ytree_get(root, "apicc")))
        ld_version(l, v);
    if ((v = ytree_get(root, "provider"))) {
        s->provider = ld_string(l, v);
        s->provider_pos = ld_pos(v);
    }
    ld_opt_string(l, root, "title", &s->title);
    ld_opt_string(l, root, "version", &s->api_version);
    if ((v = ytree_get(root, "title")))
        s->title_pos = ld_pos(v);
    if ((v = ytree_get(root, "version")))
        s->api_version_pos = ld_pos(v);
    ld_opt_string(l, root, "description", &s->description);
    if ((v = ytree_get(root, "servers")))
        ld_servers(l, v);
    if ((v = ytree_get(root, "headers")))
        ld_const_headers(l, v);
    if ((v = ytree_get(root, "auth")))
        ld_auths(l, v);
    if ((v = ytree_get(root, "default_auth")))
        ld_auth_list(l, v, &s->default_auth, &s->default_auth_pos,
                     &s->default_auth_joined, &s->ndefault_auth);
    if ((v = ytree_get(root, "errors")))
        ld_errors(l, v);
    if ((v = ytree_get(root, "models")))
        ld_models(l, v);
    if ((v = ytree_get(root, "endpoints")))
        ld_endpoint_list(l, v);
    if ((v = ytree_get(root, "events")))
        ld_events(l, v);
}

spec *spec_load_buffer(const char *path, const char *text, size_t len,
                       struct diag *d)
{
    size_t before = d->errors;
    ytree_node *root = ytree_parse(path, text, len, d);
    if (!root)
        return NULL;
    spec *s = calloc(1, sizeof(*s));
    ld_ctx l = {.s = s, .d = d, .path = path};
    if (s) {
        s->path = ld_strdup(&l, path);
        ld_spec(&l, root);
        if (spec_index_models(s) != 0)
            l.oom = 1;
    }
    ytree_free(root);
    if (!s || l.oom) {
        diag_error(d, path, 0, 0, "out of memory");
        spec_free(s);
        return NULL;
    }
    if (d->errors > before) {
        /* The spec is broken, but what could be read may hold problems
         * of another kind (an undefined model, a missing placeholder):
         * report those too, so one run shows everything. */
        spec_validate(s, d);
        spec_free(s);
        return NULL;
    }
    return s;
}

spec *spec_load(const char *path, struct diag *d)
{
    size_t len = 0;
    /* refusing a file larger than the YAML reader takes */
    char *text = file_read_diag(path, YTREE_MAX_BYTES, &len, d);
    if (!text)
        return NULL;
    spec *s = spec_load_buffer(path, text, len, d);
    free(text);
    return s;
}
