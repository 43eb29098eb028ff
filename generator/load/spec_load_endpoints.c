/*
 * Loading endpoints: method or frame method, path, params, bodies,
 * success statuses, auth, and the credentials a call sets or clears.
 * What is allowed depends on the transport, which the top level read
 * first.
 */
#include <stdlib.h>
#include <string.h>

#include "load/spec_load_internal.h"

static const char *const endpoint_keys[] = {
    "name",     "summary",       "description",     "method",
    "path",     "params",        "body",            "body_required",
    "response", "success",       "error",           "auth",
    "sets_credential", "clears_credential", "deprecated", "session",
    "idempotent", "responses", "pagination", "stream", "server",
    "subscribe", "survives_reconnect", NULL};
static const ld_name session_effects[] = {
    {"logon", SPEC_SESSION_LOGON},
    {"logout", SPEC_SESSION_LOGOUT},
};

static const char *const http_required[] = {"name", "method", "path", NULL};
static const char *const ws_required[] = {"name", "method", NULL};

static const char *const sets_keys[] = {"scheme", "from", NULL};

static const ld_name http_methods[] = {
    {"GET", 0},    {"POST", 0}, {"PUT", 0},     {"PATCH", 0},
    {"DELETE", 0}, {"HEAD", 0}, {"OPTIONS", 0},
};
static int is_ws(const ld_ctx *l)
{
    return l->s->transport == SPEC_TRANSPORT_WEBSOCKET;
}

static void ld_params(ld_ctx *l, const ytree_node *n, spec_endpoint *e)
{
    if (!ld_want_seq(l, n))
        return;
    e->params = ld_calloc(l, n->nitems, sizeof(*e->params));
    if (!e->params)
        return;
    e->nparams = n->nitems;
    for (size_t i = 0; i < n->nitems; i++)
        ld_param(l, n->items[i], &e->params[i]);
}

static void ld_success(ld_ctx *l, const ytree_node *n, spec_endpoint *e)
{
    if (!ld_want_seq(l, n))
        return;
    if (n->nitems == 0) {
        ld_error(l, n, "'success' must list at least one status");
        return;
    }
    e->success = ld_calloc(l, n->nitems, sizeof(*e->success));
    if (!e->success)
        return;
    for (size_t i = 0; i < n->nitems; i++) {
        long long v;
        if (!ld_int(l, n->items[i], &v))
            continue;
        if (v < 100 || v > 599) {
            ld_error(l, n->items[i], "HTTP status %lld is not in 100..599",
                     v);
            continue;
        }
        e->success[e->nsuccess++] = (int)v;
    }
}

static void ld_sets(ld_ctx *l, const ytree_node *n, spec_endpoint *e)
{
    if (!ld_want_seq(l, n))
        return;
    e->sets = ld_calloc(l, n->nitems, sizeof(*e->sets));
    if (!e->sets)
        return;
    for (size_t i = 0; i < n->nitems; i++) {
        const ytree_node *item = n->items[i];
        if (!ld_want_map(l, item))
            continue;
        ld_keys(l, item, "sets_credential entry", sets_keys, sets_keys);
        spec_credential_update *u = &e->sets[e->nsets++];
        u->pos = ld_pos(item);
        const ytree_node *v = ytree_get(item, "scheme");
        if (v) {
            u->scheme = ld_string(l, v);
            u->pos = ld_pos(v);
        }
        ld_opt_string(l, item, "from", &u->from);
    }
}

static void ld_method(ld_ctx *l, const ytree_node *v, spec_endpoint *e)
{
    e->method_pos = ld_pos(v);
    int unused;
    if (is_ws(l)) {
        e->method = ld_string(l, v);
        if (e->method && !e->method[0])
            ld_error(l, v, "the frame method must not be empty");
    } else if (ld_enum(l, v, "method", http_methods, 7, "", &unused)) {
        e->method = ld_string(l, v);
    }
}

static void ld_path(ld_ctx *l, const ytree_node *map, spec_endpoint *e)
{
    const ytree_node *v = ytree_get(map, "path");
    if (!v)
        return;
    if (is_ws(l)) {
        ld_error(l, ld_key(map, "path"),
                 "'path' is not allowed in a websocket spec");
        return;
    }
    e->path = ld_string(l, v);
    e->path_pos = ld_pos(v);
    if (e->path && e->path[0] != '/')
        ld_error(l, v, "path must start with '/'");
}

/* A model name (body, response, error) and where it was. */
static void ld_model_name(ld_ctx *l, const ytree_node *map, const char *key,
                          char **out, spec_pos *pos)
{
    const ytree_node *v = ytree_get(map, key);
    if (!v)
        return;
    *out = ld_string(l, v);
    *pos = ld_pos(v);
}

static void ld_endpoint(ld_ctx *l, const ytree_node *n, spec_endpoint *e)
{
    e->pos = ld_pos(n);
    e->body_required = 1;
    if (!ld_want_map(l, n))
        return;
    ld_keys(l, n, "endpoint", endpoint_keys,
            is_ws(l) ? ws_required : http_required);
    const ytree_node *v = ytree_get(n, "name");
    if (v) {
        e->name = ld_string(l, v);
        e->pos = ld_pos(v);
    }
    ld_opt_string(l, n, "summary", &e->summary);
    ld_opt_string(l, n, "description", &e->description);
    if ((v = ytree_get(n, "method")))
        ld_method(l, v, e);
    ld_path(l, n, e);
    if ((v = ytree_get(n, "server"))) {
        if (is_ws(l)) {
            ld_error(l, ld_key(n, "server"),
                     "'server' is not allowed in a websocket spec");
        } else {
            e->server = ld_string(l, v);
            e->server_pos = ld_pos(v);
        }
    }
    if ((v = ytree_get(n, "params")))
        ld_params(l, v, e);
    ld_body(l, n, e);
    ld_opt_bool(l, n, "body_required", &e->body_required);
    ld_response_body(l, n, e);
    ld_responses(l, n, e);
    ld_model_name(l, n, "error", &e->error, &e->error_pos);
    if ((v = ytree_get(n, "success"))) {
        if (is_ws(l))
            ld_error(l, ld_key(n, "success"),
                     "'success' is not allowed in a websocket spec");
        else
            ld_success(l, v, e);
    }
    if ((v = ytree_get(n, "auth")))
        e->auth_set = ld_auth_list(l, v, &e->auth, &e->auth_pos,
                                   &e->auth_joined, &e->nauth);
    if ((v = ytree_get(n, "sets_credential")))
        ld_sets(l, v, e);
    if ((v = ytree_get(n, "clears_credential")))
        ld_string_list(l, v, &e->clears, &e->clears_pos, &e->nclears);
    ld_opt_bool(l, n, "deprecated", &e->deprecated);
    if ((v = ytree_get(n, "idempotent"))) {
        if (is_ws(l))
            ld_error(l, ld_key(n, "idempotent"),
                     "'idempotent' is not allowed in a websocket spec");
        else {
            int yes = 0;
            ld_opt_bool(l, n, "idempotent", &yes);
            e->idempotent = yes ? 1 : -1;
        }
    }
    if ((v = ytree_get(n, "session"))) {
        if (!is_ws(l))
            ld_error(l, ld_key(n, "session"),
                     "'session' is only allowed in a websocket spec");
        else
            ld_enum(l, v, "session", session_effects, 2, "", &e->session);
    }
    if ((v = ytree_get(n, "pagination"))) {
        if (is_ws(l))
            ld_error(l, ld_key(n, "pagination"),
                     "'pagination' is not allowed in a websocket spec");
        else
            e->pagination = ld_pagination(l, v);
    }
    if ((v = ytree_get(n, "stream"))) {
        if (is_ws(l))
            ld_error(l, ld_key(n, "stream"),
                     "'stream' is not allowed in a websocket spec; "
                     "see 'events'");
        else
            e->stream = ld_stream(l, v);
    }
    if ((v = ytree_get(n, "subscribe"))) {
        if (!is_ws(l))
            ld_error(l, ld_key(n, "subscribe"),
                     "'subscribe' is only allowed in a websocket spec");
        else
            e->subscribe = ld_subscribe(l, v);
    }
    if ((v = ytree_get(n, "survives_reconnect"))) {
        e->survives_reconnect_pos = ld_pos(ld_key(n, "survives_reconnect"));
        if (!is_ws(l))
            ld_error(l, ld_key(n, "survives_reconnect"),
                     "'survives_reconnect' is only allowed in a websocket "
                     "spec");
        else
            ld_opt_bool(l, n, "survives_reconnect", &e->survives_reconnect);
    }
}

void ld_endpoints(ld_ctx *l, const ytree_node *seq)
{
    spec *s = l->s;
    s->endpoints = ld_calloc(l, seq->nitems, sizeof(*s->endpoints));
    if (!s->endpoints)
        return;
    s->nendpoints = seq->nitems;
    for (size_t i = 0; i < seq->nitems; i++)
        ld_endpoint(l, seq->items[i], &s->endpoints[i]);
}
