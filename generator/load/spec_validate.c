/*
 * Cross-checks of a loaded spec: duplicate names, references to models
 * and auth schemes (which it resolves), path placeholders against path
 * params, names of the provider, servers and endpoints, and what the
 * transport allows.  C names are checked in spec_validate_names.c.
 *
 * The validator also runs on a spec the loader could only partly read
 * (to report every problem in one go), so any string or type may be
 * missing here and is then skipped: the loader has reported it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cname.h"
#include "base/diag.h"
#include "base/placeholders.h"
#include "load/spec_load_internal.h"
#include "load/spec_validate_ctx.h"
#include "load/spec_validate_text.h"
#include "load/spec_validate_names.h"
#include "load/spec_validate_params.h"
#include "load/spec_validate_unions.h"

/* Runs vd_repeats over an array of structs, given where the name and
 * the position sit in each. */
static char *repeats_in(vd_ctx *v, const void *base, size_t n, size_t size,
                        size_t name_off, size_t pos_off, const char *what)
{
    const char **names = malloc((n ? n : 1) * sizeof(*names));
    spec_pos *pos = malloc((n ? n : 1) * sizeof(*pos));
    char *flags = NULL;
    if (names && pos) {
        for (size_t i = 0; i < n; i++) {
            const char *item = (const char *)base + i * size;
            memcpy(&names[i], item + name_off, sizeof(names[i]));
            memcpy(&pos[i], item + pos_off, sizeof(pos[i]));
        }
        flags = vd_repeats(v, names, pos, n, what);
    } else {
        v->oom = 1;
    }
    free(names);
    free(pos);
    return flags;
}

#define REPEATS(v, arr, n, type, name_field, what)                            \
    repeats_in((v), (arr), (n), sizeof(type), offsetof(type, name_field),     \
               offsetof(type, pos), (what))

/* Reports models that repeat an earlier model's name, saying so when
 * one of the two is an inline object hoisted under that name. */
static void report_model_repeats(vd_ctx *v)
{
    const spec *s = v->s;
    for (size_t i = 0; v->model_repeat && i < s->nmodels; i++) {
        if (!v->model_repeat[i])
            continue;
        const spec_model *m = &s->models[i];
        const spec_model *first = spec_find_model(v->s, m->name);
        int line = first ? first->pos.line : 0;
        if (m->synthetic)
            vd_error(v, m->pos, "the inline object, enum or array here "
                                "becomes model '%s', a name already taken "
                                "(line %d)",
                     m->name, line);
        else if (first && first->synthetic)
            vd_error(v, m->pos, "duplicate model '%s' (the inline object, "
                                "enum or array at line %d has that name)",
                     m->name, line);
        else
            vd_error(v, m->pos, "duplicate model '%s' (first at line %d)",
                     m->name, line);
    }
}

/* "undefined model 'Tokn'; did you mean 'Token'?" */
static void undefined(vd_ctx *v, spec_pos pos, const char *what,
                      const char *name, const char *const *cands,
                      size_t ncands)
{
    const char *hint = spec_suggest(name, cands, ncands);
    if (hint)
        vd_error(v, pos, "undefined %s '%s'; did you mean '%s'?", what, name,
                 hint);
    else
        vd_error(v, pos, "undefined %s '%s'", what, name);
}

static void undefined_model(vd_ctx *v, spec_pos pos, const char *name)
{
    const spec *s = v->s;
    const char **names = malloc((s->nmodels ? s->nmodels : 1) *
                                sizeof(*names));
    if (!names) {
        v->oom = 1;
        return;
    }
    for (size_t i = 0; i < s->nmodels; i++)
        names[i] = s->models[i].name;
    undefined(v, pos, "model", name, names, s->nmodels);
    free(names);
}

/* The auth scheme called name; reports it when undefined. */
static spec_auth *auth_ref(vd_ctx *v, const char *name, spec_pos pos)
{
    const spec *s = v->s;
    if (!name)
        return NULL;
    spec_auth *a = spec_find_auth(s, name);
    if (a)
        return a;
    const char **names = malloc((s->nauths ? s->nauths : 1) * sizeof(*names));
    if (!names) {
        v->oom = 1;
        return NULL;
    }
    for (size_t i = 0; i < s->nauths; i++)
        names[i] = s->auths[i].name;
    undefined(v, pos, "auth scheme", name, names, s->nauths);
    free(names);
    return NULL;
}

/* An object model named by body, response, error or errors.model. */
static spec_model *object_ref(vd_ctx *v, const char *name, spec_pos pos,
                              const char *role)
{
    if (!name)
        return NULL;
    spec_model *m = spec_find_model(v->s, name);
    if (!m) {
        undefined_model(v, pos, name);
        return NULL;
    }
    /* A union is a value of its own, which a body or a response may be;
     * an error body is read by member paths, so it is an object. */
    int value_role = strcmp(role, "body") == 0 || strcmp(role, "response") == 0;
    if (m->kind == SPEC_MODEL_ENUM ||
        (m->kind == SPEC_MODEL_UNION && !value_role)) {
        vd_error(v, pos, "'%s' is %s model; %s needs an object model", name,
                 m->kind == SPEC_MODEL_ENUM ? "an enum" : "a union", role);
        return NULL;
    }
    /* A list model is the bare array of a response; as a request body or
     * an error it would need the runtime to send or read arrays there. */
    if (m->is_list && strcmp(role, "response") != 0) {
        vd_error(v, pos, "'%s' is an inline array response; %s needs an "
                         "object model", name, role);
        return NULL;
    }
    return m;
}

/* Resolves the references of a type chain (an array's items, ...). */
static void resolve_type(vd_ctx *v, spec_type *t, int for_param)
{
    /* A param may be an object (spec_validate_params.c says which); its
     * array items only scalars and enums. */
    const spec_type *top = t;
    for (; t; t = t->items) {
        if (t->kind != SPEC_KIND_REF || !t->ref)
            continue;
        t->model = spec_find_model(v->s, t->ref);
        if (!t->model)
            undefined_model(v, t->pos, t->ref);
        else if (for_param && t != top && t->model->kind != SPEC_MODEL_ENUM)
            vd_error(v, t->pos, "'%s' is an object model; array items can "
                                "only refer to an enum model", t->ref);
    }
}

/* ---- names of the provider, servers, endpoints ----------------------- */

static int all_of(const char *s, const char *set)
{
    return strspn(s, set) == strlen(s);
}

#define LOWER "abcdefghijklmnopqrstuvwxyz"
#define DIGITS "0123456789"

static void check_provider(vd_ctx *v)
{
    const char *p = v->s->provider;
    spec_pos pos = v->s->provider_pos;
    if (!p)
        return;
    if (!(p[0] >= 'a' && p[0] <= 'z') || !all_of(p, LOWER DIGITS "_"))
        vd_error(v, pos, "provider '%s' must be lower-case letters, digits "
                         "and '_', starting with a letter", p);
    else if (cname_is_keyword(p))
        vd_error(v, pos, "provider '%s' is a C keyword or reserved "
                         "identifier", p);
    else if (strncmp(p, "apicc", 5) == 0)
        vd_error(v, pos, "provider '%s' must not start with 'apicc' (the "
                         "runtime's prefix)", p);
}

static void check_servers(vd_ctx *v)
{
    const spec *s = v->s;
    int ws = s->transport == SPEC_TRANSPORT_WEBSOCKET;
    free(REPEATS(v, s->servers, s->nservers, spec_server, name, "server"));
    for (size_t i = 0; i < s->nservers; i++) {
        const spec_server *sv = &s->servers[i];
        const char *n = sv->name;
        if (n && (!(n[0] >= 'a' && n[0] <= 'z') ||
                  !all_of(n, LOWER DIGITS "_-")))
            vd_error(v, sv->pos, "server name '%s' must be lower-case "
                                 "letters, digits, '_' and '-', starting "
                                 "with a letter", n);
        const char *u = sv->url;
        if (!u)
            continue;
        if (ws && strncmp(u, "ws://", 5) != 0 && strncmp(u, "wss://", 6) != 0)
            vd_error(v, sv->url_pos, "server URL '%s' must start with ws:// "
                                     "or wss:// in a websocket spec", u);
        else if (!ws && strncmp(u, "http://", 7) != 0 &&
                 strncmp(u, "https://", 8) != 0)
            vd_error(v, sv->url_pos, "server URL '%s' must start with "
                                     "http:// or https://", u);
    }
}

/* ---- auth ------------------------------------------------------------ */

static void check_placement(vd_ctx *v, const spec_placement *pl)
{
    int ws = v->s->transport == SPEC_TRANSPORT_WEBSOCKET;
    if (pl->in == SPEC_IN_NONE)
        return;
    if (!ws && pl->in == SPEC_IN_PARAM)
        vd_error(v, pl->pos, "'param' placements are only for websocket "
                             "specs; use header or query");
    else if (ws && pl->in != SPEC_IN_PARAM)
        vd_error(v, pl->pos, "'%s' placements are not allowed in a "
                             "websocket spec; use param",
                 pl->in == SPEC_IN_HEADER ? "header" : "query");
}

static void check_auths(vd_ctx *v)
{
    const spec *s = v->s;
    free(REPEATS(v, s->auths, s->nauths, spec_auth, name, "auth scheme"));
    for (size_t i = 0; i < s->nauths; i++) {
        const spec_auth *a = &s->auths[i];
        /* An HTTP request has no params object. */
        if (a->kind == SPEC_AUTH_APIKEY && a->in == SPEC_IN_PARAM &&
            s->transport != SPEC_TRANSPORT_WEBSOCKET)
            vd_error(v, a->pos,
                     "API key \"%s\": 'param' is only for websocket specs; "
                     "use header, query or cookie",
                     a->name);
        if (a->kind != SPEC_AUTH_SIGNATURE)
            continue;
        check_placement(v, &a->sig.key);
        check_placement(v, &a->sig.signature);
        check_placement(v, &a->sig.timestamp);
    }
    for (size_t i = 0; i < s->ndefault_auth; i++)
        auth_ref(v, s->default_auth[i],
                 s->default_auth_pos ? s->default_auth_pos[i]
                                     : (spec_pos){0, 0});
}

/* ---- models ---------------------------------------------------------- */

static void check_models(vd_ctx *v)
{
    spec *s = v->s;
    for (size_t i = 0; i < s->nmodels; i++) {
        spec_model *m = &s->models[i];
        for (size_t k = 0; k < m->nprops; k++)
            resolve_type(v, m->props[k].type, 0);
        if (m->kind == SPEC_MODEL_UNION)
            vd_union(v, m);
        if (m->kind != SPEC_MODEL_ENUM)
            vd_model_members(v, m);
        else
            free(REPEATS(v, m->values, m->nvalues, spec_enum_value, value,
                         "enum value"));
    }
    s->errors.resolved =
        object_ref(v, s->errors.model, s->errors.model_pos, "errors.model");
}

/* ---- endpoints ------------------------------------------------------- */

static const spec_param *path_param(const spec_endpoint *e, const char *name,
                                    size_t len)
{
    for (size_t i = 0; i < e->nparams; i++) {
        const spec_param *p = &e->params[i];
        if (p->in == SPEC_IN_PATH && p->name && strlen(p->name) == len &&
            strncmp(p->name, name, len) == 0)
            return p;
    }
    return NULL;
}

/* Placeholders against path params, both ways. */
static void check_path(vd_ctx *v, const spec_endpoint *e)
{
    if (!e->path)
        return;
    const char *at = e->path;
    placeholder ph;
    int more;
    while ((more = placeholder_next(&at, &ph)) == 1) {
        if (ph.len == 0)
            vd_error(v, e->path_pos, "empty placeholder '{}' in path");
        else if (!path_param(e, ph.name, ph.len))
            vd_error(v, e->path_pos, "placeholder '{%.*s}' has no path param",
                     (int)ph.len, ph.name);
    }
    if (more < 0)
        vd_error(v, e->path_pos, "unclosed '{' in path '%s'", e->path);
    for (size_t i = 0; i < e->nparams; i++) {
        const spec_param *p = &e->params[i];
        if (p->in == SPEC_IN_PATH && p->name &&
            !placeholder_has(e->path, p->name))
            vd_error(v, p->pos, "path param '%s' has no placeholder in the "
                                "path", p->name);
    }
}

static void check_endpoint_name(vd_ctx *v, const spec_endpoint *e)
{
    const char *n = e->name;
    if (n && ((n[0] >= '0' && n[0] <= '9') || !n[0] ||
              !all_of(n, LOWER DIGITS "_")))
        vd_error(v, e->pos, "endpoint name '%s' must be lower-case letters, "
                            "digits and '_', not starting with a digit", n);
}

static void check_credentials(vd_ctx *v, spec_endpoint *e)
{
    for (size_t i = 0; i < e->nauth; i++)
        auth_ref(v, e->auth[i], e->auth_pos ? e->auth_pos[i]
                                            : (spec_pos){0, 0});
    for (size_t i = 0; i < e->nclears; i++)
        auth_ref(v, e->clears[i], e->clears_pos ? e->clears_pos[i]
                                                : (spec_pos){0, 0});
    for (size_t i = 0; i < e->nsets; i++) {
        spec_credential_update *u = &e->sets[i];
        u->auth = auth_ref(v, u->scheme, u->pos);
        if (u->auth && u->auth->kind != SPEC_AUTH_APIKEY &&
            u->auth->kind != SPEC_AUTH_BEARER &&
            u->auth->kind != SPEC_AUTH_SIGNATURE) {
            vd_error(v, u->pos, "auth scheme '%s' is of type %s; "
                                "sets_credential needs an apikey, bearer or "
                                "signature scheme", u->scheme,
                     u->auth->kind == SPEC_AUTH_BASIC ? "basic"
                                                      : "session_cookie");
            u->auth = NULL;
        }
    }
}

/* A streaming endpoint answers events, so no other answer may be said;
 * its model, when given, is an object model. */
static void check_stream(vd_ctx *v, spec_endpoint *e)
{
    spec_stream *st = e->stream;
    if (st->model)
        st->resolved = object_ref(v, st->model, st->model_pos,
                                  "a stream");
    if (e->response || e->nresponses)
        vd_error(v, st->pos, "a stream answers events: leave out "
                             "'response' and 'responses'");
    if (e->pagination)
        vd_error(v, st->pos, "a stream cannot also be paginated");
    if (e->nsets)
        vd_error(v, st->pos, "a stream cannot set a credential from its "
                             "answer");
}

static void check_endpoint(vd_ctx *v, spec_endpoint *e)
{
    check_endpoint_name(v, e);
    char *repeat = REPEATS(v, e->params, e->nparams, spec_param, name,
                           "param");
    for (size_t i = 0; i < e->nparams; i++)
        resolve_type(v, e->params[i].type, 1);
    check_path(v, e);
    vd_params(v, e);
    vd_param_members(v, e, repeat);
    free(repeat);
    /* An inline array body is the endpoint's own list model (spec_model
     * is_list), written as a JSON array; another's is refused below. */
    spec_model *own = e->body && e->body_media == SPEC_MEDIA_JSON
                          ? spec_find_model(v->s, e->body)
                          : NULL;
    if (own && own->is_list && e->name &&
        strncmp(own->name, e->name, strlen(e->name)) == 0 &&
        strcmp(own->name + strlen(e->name), "_body") == 0)
        e->body_model = own;
    else
        e->body_model = object_ref(v, e->body, e->body_pos, "body");
    e->response_model = object_ref(v, e->response, e->response_pos,
                                   "response");
    e->error_model = object_ref(v, e->error, e->error_pos, "error");
    if (e->stream)
        check_stream(v, e);
    /* per-status answers: each an object or list model, or bytes */
    for (size_t i = 0; i < e->nresponses; i++)
        e->responses[i].resolved =
            object_ref(v, e->responses[i].model, e->responses[i].model_pos,
                       "response");
    check_credentials(v, e);
    /* A credential is read from a member of an object. */
    if (e->response_model && (e->response_model->is_list ||
                              e->response_model->kind == SPEC_MODEL_UNION))
        for (size_t i = 0; i < e->nsets; i++)
            vd_error(v, e->sets[i].pos, "sets_credential needs an object "
                                        "response; '%s' answers %s",
                     e->name, e->response_model->is_list ? "an array"
                                                         : "a union");
}

/* `events:` belong to a WebSocket provider; each reads its payload into
 * an object model and is told apart by a non-empty path. */
static void check_events(vd_ctx *v)
{
    spec *s = v->s;
    free(REPEATS(v, s->events, s->nevents, spec_event, name, "event"));
    for (size_t i = 0; i < s->nevents; i++) {
        spec_event *e = &s->events[i];
        if (s->transport != SPEC_TRANSPORT_WEBSOCKET) {
            vd_error(v, e->pos, "events are messages a WebSocket connection "
                                "receives; this spec's transport is http");
            continue;
        }
        e->resolved = object_ref(v, e->model, e->model_pos, "an event");
        if (e->payload && !vd_dotted_path_ok(e->payload))
            vd_error(v, e->payload_pos, "payload '%s' is not a dotted path "
                                        "of member names", e->payload);
        if (e->when_path && !vd_dotted_path_ok(e->when_path))
            vd_error(v, e->when_pos, "when.path '%s' is not a dotted path "
                                     "of member names", e->when_path);
    }
}

int spec_validate(spec *s, struct diag *d)
{
    size_t before = d->errors;
    vd_ctx v;
    memset(&v, 0, sizeof v);
    v.s = s;
    v.d = d;
    v.path = s->path;
    /* The spec's own index of models by name (spec_find_model), built
     * afresh in case models were added since it was last built. */
    if (spec_index_models(s) != 0)
        v.oom = 1;
    v.model_repeat = REPEATS(&v, s->models, s->nmodels, spec_model, name,
                             NULL);
    report_model_repeats(&v);
    v.endpoint_repeat = REPEATS(&v, s->endpoints, s->nendpoints,
                                spec_endpoint, name, "endpoint");
    if (!v.oom && v.model_repeat && v.endpoint_repeat) {
        check_provider(&v);
        check_servers(&v);
        vd_servers(&v);
        check_auths(&v);
        check_models(&v);
        for (size_t i = 0; i < s->nendpoints; i++)
            check_endpoint(&v, &s->endpoints[i]);
        for (size_t i = 0; i < s->nendpoints; i++)
            if (s->endpoints[i].pagination)
                vd_pagination(&v, &s->endpoints[i]);
        check_events(&v);
        vd_subscriptions(&v);
        vd_global_names(&v);
    }
    vd_text(&v);
    free(v.model_repeat);
    free(v.endpoint_repeat);
    if (v.oom)
        diag_error(d, s->path, 0, 0, "out of memory");
    return (int)(d->errors - before);
}
