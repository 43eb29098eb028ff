/*
 * The view of endpoints: function prototypes, params structs, and the
 * apicc_operation initialisers generated sources hand to apicc_invoke.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/cname.h"
#include "view/view_escape.h"
#include "view/view_parts.h"

/* The C declaration of a params-struct member and its field kind. */
typedef struct param_type {
    const char *kind;
    char *decl_type; /* "const char *", "int64_t ", "const int64_t *" */
    char *enum_ctype;
    char *model_ctype; /* an object param's model */
    char *doc;
    int has_flag;
} param_type;

static void param_type_of(view_ctx *v, const spec_param *p, param_type *pt)
{
    memset(pt, 0, sizeof(*pt));
    const spec_type *t = p->type;
    int array = t->kind == SPEC_KIND_ARRAY && t->items;
    if (array)
        t = t->items;
    buf decl, doc;
    buf_init(&decl);
    buf_init(&doc);
    if (array)
        buf_puts(&doc, "array of ");
    switch (t->kind) {
    case SPEC_KIND_INTEGER:
        pt->kind = "APICC_F_INT";
        buf_puts(&decl, array ? "const int64_t *" : "int64_t ");
        buf_puts(&doc, "integer");
        break;
    case SPEC_KIND_NUMBER:
        pt->kind = "APICC_F_NUMBER";
        buf_puts(&decl, array ? "const double *" : "double ");
        buf_puts(&doc, "number");
        break;
    case SPEC_KIND_BOOLEAN:
        pt->kind = "APICC_F_BOOL";
        buf_puts(&decl, array ? "const bool *" : "bool ");
        buf_puts(&doc, "boolean");
        break;
    case SPEC_KIND_ANY:
        pt->kind = "APICC_F_ANY";
        buf_puts(&decl, "const cJSON *");
        buf_puts(&doc, "JSON");
        break;
    case SPEC_KIND_REF:
        if (t->model && t->model->kind == SPEC_MODEL_OBJECT && !array) {
            /* an object param: its members, written as its style says */
            pt->kind = "APICC_F_OBJECT";
            pt->model_ctype = view_model_ctype(v, t->model);
            buf_printf(&decl, "const %s *",
                       pt->model_ctype ? pt->model_ctype : "void");
            buf_puts(&doc, t->model->name);
            break;
        }
        if (t->model && t->model->kind == SPEC_MODEL_ENUM) {
            pt->kind = "APICC_F_ENUM";
            pt->enum_ctype = view_model_ctype(v, t->model);
            buf_printf(&decl, "%s%s ", array ? "const " : "",
                       pt->enum_ctype ? pt->enum_ctype : "int");
            if (array)
                buf_puts(&decl, "*");
            buf_puts(&doc, t->model->name);
            break;
        }
        /* Only enums are valid references for params; validation has
         * reported anything else, so this is never reached. */
        pt->kind = "APICC_F_STRING";
        buf_puts(&decl, array ? "const char *const *" : "const char *");
        buf_puts(&doc, "string");
        break;
    default:
        pt->kind = "APICC_F_STRING";
        buf_puts(&decl, array ? "const char *const *" : "const char *");
        buf_puts(&doc, "string");
        break;
    }
    pt->has_flag = !array && !p->required && t->kind != SPEC_KIND_STRING &&
                   strcmp(pt->kind, "APICC_F_STRING") != 0 &&
                   strcmp(pt->kind, "APICC_F_OBJECT") != 0 &&
                   strcmp(pt->kind, "APICC_F_ANY") != 0;
    pt->decl_type = buf_take(&decl);
    pt->doc = buf_take(&doc);
    if (!pt->decl_type || !pt->doc)
        v->failed = 1;
}

/* Names the generated function already uses for its own arguments and
 * locals; a path argument with one of these names gets "_arg" added. */
static int clashes(const char *c)
{
    static const char *const taken[] = {"c", "params", "body", "out",
                                        "v", "st", "p_"};
    for (size_t i = 0; i < sizeof taken / sizeof taken[0]; i++)
        if (strcmp(c, taken[i]) == 0)
            return 1;
    return 0;
}

static void add_param(view_ctx *v, cJSON *arr, const spec_param *p)
{
    cJSON *o = view_push(v, arr);
    char *c = cname_derive(p->c_name, p->name);
    param_type pt;
    param_type_of(v, p, &pt);
    if (!o || !c || !pt.decl_type)
        goto done;
    int array = p->type->kind == SPEC_KIND_ARRAY;
    view_spec_str(v, o, "param_name", p->name);
    view_str(v, o, "c_name", c);
    view_str(v, o, "in", view_location_const(p->in));
    view_str(v, o, "in_doc", view_location_word(p->in));
    view_str(v, o, "kind", pt.kind);
    view_bool(v, o, "is_array", array);
    view_bool(v, o, "required", p->required);
    view_bool(v, o, "deprecated", p->deprecated);
    view_fmt(v, o, "decl", "%s%s", pt.decl_type, c);
    view_bool(v, o, "is_path_arg", view_param_is_arg(p));
    if (view_param_is_arg(p)) {
        view_fmt(v, o, "arg_name", "%s%s", c, clashes(c) ? "_arg" : "");
        view_fmt(v, o, "arg_decl", "%s%s%s", pt.decl_type, c,
                 clashes(c) ? "_arg" : "");
        /* a plausible value for examples in the docs */
        view_str(v, o, "arg_example",
                 strcmp(pt.kind, "APICC_F_STRING") == 0 ? "\"id\""
                 : strcmp(pt.kind, "APICC_F_BOOL") == 0 ? "true"
                 : strcmp(pt.kind, "APICC_F_OBJECT") == 0 ||
                         strcmp(pt.kind, "APICC_F_ANY") == 0
                     ? "NULL" /* a struct or JSON the caller builds */
                     : "1");
    } else {
        view_str(v, o, "arg_name", NULL);
        view_str(v, o, "arg_decl", NULL);
        view_str(v, o, "arg_example", NULL);
    }
    view_bool(v, o, "has_flag", pt.has_flag);
    /* The members the runtime finds by offset, or false for none. */
    if (pt.has_flag)
        view_fmt(v, o, "has_member", "has_%s", c);
    else
        view_str(v, o, "has_member", NULL);
    if (array)
        view_fmt(v, o, "count_member", "n_%s", c);
    else
        view_str(v, o, "count_member", NULL);
    if (pt.enum_ctype)
        view_fmt(v, o, "enum_ref", "&%s_enum_", pt.enum_ctype);
    else
        view_str(v, o, "enum_ref", NULL);
    if (pt.model_ctype)
        view_fmt(v, o, "model_ref", "&%s_desc_", pt.model_ctype);
    else
        view_str(v, o, "model_ref", NULL);
    view_str(v, o, "doc_type", pt.doc);
    view_one_line(v, o, "param_summary", p->description);
    view_param_style(v, o, p);
done:
    free(c);
    free(pt.decl_type);
    free(pt.enum_ctype);
    free(pt.model_ctype);
    free(pt.doc);
}

/* A reference to a model: {<key>_c_type, <key>_free_fn, ... (its global
 * names), <key>_name, <key>_desc} or false. */
static void add_model_ref(view_ctx *v, cJSON *o, const char *key,
                          const spec_model *m)
{
    if (!m) {
        view_str(v, o, key, NULL);
        return;
    }
    cJSON *r = cJSON_CreateObject();
    char *ctype = view_model_ctype(v, m);
    if (!r || !ctype || !cJSON_AddItemToObject(o, key, r)) {
        cJSON_Delete(r);
        free(ctype);
        v->failed = 1;
        return;
    }
    char k[48];
    /* The model's global names, each key led by `key`: body_c_type,
     * response_free_fn, ... */
    for (size_t i = 0; i < gname_object.n; i++) {
        char *name = gname_join(ctype, gname_object.v[i].suffix, "");
        if (!name)
            v->failed = 1;
        snprintf(k, sizeof k, "%s_%s", key, gname_object.v[i].view_key);
        view_str(v, r, k, name);
        free(name);
    }
    snprintf(k, sizeof k, "%s_name", key);
    view_str(v, r, k, m->name);
    snprintf(k, sizeof k, "%s_desc", key);
    view_fmt(v, r, k, "&%s_desc_", ctype);
    free(ctype);
}

/* A list of auth scheme references {scheme_var, scheme_name}. */
static void add_scheme_list(view_ctx *v, cJSON *o, const char *key,
                            char *const *names, size_t n)
{
    cJSON *arr = view_array(v, o, key);
    for (size_t i = 0; arr && i < n; i++) {
        cJSON *e = view_push(v, arr);
        char *c = cname_snake(names[i]);
        if (!e || !c) {
            free(c);
            v->failed = 1;
            return;
        }
        view_fmt(v, e, "scheme_var", "%s_%s_scheme_", v->prefix, c);
        view_str(v, e, "scheme_name", names[i]);
        free(c);
    }
    if (arr)
        view_mark_ends(v, arr);
}

static void add_auth(view_ctx *v, cJSON *o, const spec_endpoint *e)
{
    char *const *names = e->auth_set ? e->auth : v->s->default_auth;
    size_t n = e->auth_set ? e->nauth : v->s->ndefault_auth;
    add_scheme_list(v, o, "auth_list", names, n);
    view_bool(v, o, "has_auth", n > 0);
    view_num(v, o, "nauth", (double)n);
    view_auth_joined(v, o, e->auth_set ? e->auth_joined
                                       : v->s->default_auth_joined, n);
    add_scheme_list(v, o, "clears", e->clears, e->nclears);
    view_bool(v, o, "has_clears", e->nclears > 0);
    view_num(v, o, "nclears", (double)e->nclears);
    cJSON *sets = view_array(v, o, "sets");
    for (size_t i = 0; sets && i < e->nsets; i++) {
        cJSON *s = view_push(v, sets);
        char *c = cname_snake(e->sets[i].scheme);
        if (!s || !c) {
            free(c);
            v->failed = 1;
            break;
        }
        view_fmt(v, s, "scheme_var", "%s_%s_scheme_", v->prefix, c);
        view_str(v, s, "scheme_name", e->sets[i].scheme);
        view_str(v, s, "from", e->sets[i].from);
        free(c);
    }
    if (sets)
        view_mark_ends(v, sets);
    view_bool(v, o, "has_sets", e->nsets > 0);
    view_num(v, o, "nsets", (double)e->nsets);
}

static void add_success(view_ctx *v, cJSON *o, const spec_endpoint *e)
{
    cJSON *arr = view_array(v, o, "success_list");
    for (size_t i = 0; arr && i < e->nsuccess; i++) {
        cJSON *s = view_push(v, arr);
        if (s)
            view_num(v, s, "code", e->success[i]);
    }
    if (arr)
        view_mark_ends(v, arr);
    view_bool(v, o, "has_success", e->nsuccess > 0);
    view_num(v, o, "nsuccess", (double)e->nsuccess);
}

/* How many of an endpoint's params are plain arguments. */
static size_t path_args(const spec_endpoint *e)
{
    size_t n = 0;
    for (size_t i = 0; i < e->nparams; i++)
        n += view_param_is_arg(&e->params[i]) != 0;
    return n;
}

/* How many of an endpoint's params are members of its params struct
 * (constants are not). */
static size_t members(const spec_endpoint *e)
{
    size_t n = 0;
    for (size_t i = 0; i < e->nparams; i++)
        n += view_param_is_member(&e->params[i]) != 0;
    return n;
}

/* The arguments after the client, shared by the endpoint's function and
 * a pager's: required path params as plain arguments (in the spec's
 * order), then the params struct when other params remain. */
static char *args_decl(const cJSON *o, const char *ptype,
                       const spec_endpoint *e)
{
    buf b;
    buf_init(&b);
    const cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(o, "params"))
    {
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(p, "arg_decl");
        if (cJSON_IsString(d))
            buf_printf(&b, ", %s", d->valuestring);
    }
    if (members(e) > path_args(e))
        buf_printf(&b, ", const %s *params", ptype);
    return buf_take(&b);
}

/* The body's parameter (", const T *body"), or "" without one. */
static char *body_decl(view_ctx *v, const spec_endpoint *e)
{
    buf b;
    buf_init(&b);
    if (e->body_media == SPEC_MEDIA_BYTES || e->body_media == SPEC_MEDIA_TEXT) {
        buf_puts(&b, ", const apicc_file *body");
    } else if (e->body_model) {
        char *ct = view_model_ctype(v, e->body_model);
        buf_printf(&b, ", const %s *body", ct ? ct : "");
        free(ct);
    }
    return buf_take(&b);
}

/* The prototype, without the trailing ';', used by header and docs:
 * the client, the arguments, the body, *out. */
static void add_prototype(view_ctx *v, cJSON *o, const char *fn,
                          const char *args, const char *body,
                          const spec_endpoint *e)
{
    buf b;
    buf_init(&b);
    buf_printf(&b, "apicc_status %s(apicc_client *c%s%s", fn, args, body);
    if (e->nresponses) {
        buf_printf(&b, ", %s_result *out", fn);
    } else if (e->response_media == SPEC_MEDIA_BYTES ||
               e->response_media == SPEC_MEDIA_TEXT) {
        buf_puts(&b, ", apicc_download *out");
    } else if (e->response_model) {
        char *ct = view_model_ctype(v, e->response_model);
        buf_printf(&b, ", %s **out", ct ? ct : "");
        free(ct);
    } else if (e->stream) {
        char *ft = view_stream_fn_type(fn);
        buf_printf(&b, ",\n    %s on_event, void *user", ft ? ft : "");
        if (!ft)
            v->failed = 1;
        free(ft);
    }
    if (e->subscribe)
        buf_puts(&b, ",\n    apicc_subscription *subscription");
    buf_puts(&b, ")");
    char *proto = buf_take(&b);
    view_str(v, o, "prototype", proto);
    if (!proto)
        v->failed = 1;
    free(proto);
}

static void add_endpoint(view_ctx *v, cJSON *arr, const spec_endpoint *e)
{
    cJSON *o = view_push(v, arr);
    char *fn = view_global(v, NULL, e->name);
    if (!o || !fn) {
        free(fn);
        return;
    }
    char *ptype = gname_join(fn, gname_endpoint_params.v[0].suffix, "");
    if (!ptype) {
        v->failed = 1;
        free(fn);
        return;
    }
    view_str(v, o, "endpoint_name", e->name);
    view_names(v, o, &gname_endpoint, fn);
    view_fmt(v, o, "op_var", "%s_op_", fn);
    view_spec_str(v, o, "method", e->method);
    view_spec_str(v, o, "path", e->path);
    view_one_line(v, o, "summary_line", e->summary);
    view_lines(v, o, "endpoint_lines", e->description);
    view_text(v, o, "endpoint_description", e->description);
    view_bool(v, o, "deprecated", e->deprecated);
    view_str(v, o, "session_effect",
             e->session == SPEC_SESSION_LOGON    ? "APICC_SESSION_LOGON"
             : e->session == SPEC_SESSION_LOGOUT ? "APICC_SESSION_LOGOUT"
                                                 : NULL);
    view_bool(v, o, "idempotent", e->idempotent > 0);
    view_bool(v, o, "not_idempotent", e->idempotent < 0);
    size_t nmembers = members(e);
    view_bool(v, o, "has_params", nmembers > 0);
    if (nmembers)
        view_names(v, o, &gname_endpoint_params, fn);
    else
        view_str(v, o, "params_type", NULL);
    cJSON *params = view_array(v, o, "params");
    for (size_t i = 0; params && i < e->nparams; i++)
        if (view_param_is_member(&e->params[i]))
            add_param(v, params, &e->params[i]);
    if (params)
        view_mark_ends(v, params);
    /* The runtime's table: the members, then the constants. */
    size_t ntable = nmembers + view_constants(v, o, e);
    view_bool(v, o, "has_param_table", ntable > 0);
    view_num(v, o, "nparams", (double)ntable);
    view_endpoint_server(v, o, e);
    add_model_ref(v, o, "body", e->body_model);
    view_bool(v, o, "body_required", e->body_model && e->body_required);
    add_model_ref(v, o, "response", e->response_model);
    add_model_ref(v, o, "error", e->error_model ? e->error_model
                                                : v->s->errors.resolved);
    /* With path arguments the function copies params into a local
     * struct (p_) and sets those members from the arguments. */
    size_t nargs = path_args(e);
    view_bool(v, o, "has_path_args", nargs > 0);
    view_bool(v, o, "has_params_arg", nmembers > nargs);
    view_str(v, o, "call_params", nargs      ? "&p_"
                                  : nmembers ? "params"
                                             : "NULL");
    view_str(v, o, "call_body",
             e->body_model || e->body_media == SPEC_MEDIA_BYTES ||
                     e->body_media == SPEC_MEDIA_TEXT
                 ? "body"
                 : "NULL");
    view_endpoint_bodies(v, o, e, fn);
    add_auth(v, o, e);
    add_success(v, o, e);
    char *args = args_decl(o, ptype, e);
    char *body = body_decl(v, e);
    if (args && body) {
        add_prototype(v, o, fn, args, body, e);
        view_pagination(v, o, e, fn, args);
        view_stream(v, o, e, fn);
        view_start(v, o, e, fn, args, body);
        view_subscribe(v, o, e);
    } else {
        v->failed = 1;
    }
    free(body);
    free(args);
    free(ptype);
    free(fn);
}

cJSON *view_endpoints(view_ctx *v)
{
    cJSON *arr = cJSON_CreateArray();
    if (!arr) {
        v->failed = 1;
        return NULL;
    }
    for (size_t i = 0; i < v->s->nendpoints; i++)
        add_endpoint(v, arr, &v->s->endpoints[i]);
    view_mark_ends(v, arr);
    return arr;
}
