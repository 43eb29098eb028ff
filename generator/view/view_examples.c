/*
 * The README examples' setup lines: see view_examples.h.
 */
#include "view/view_examples.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cname.h"
#include "base/global_names.h"

/* One statement of the setup.  Only C names (identifiers the validator
 * checked) and fixed text go in, so no spec text can become code. */
#define ADD_LINE(v, arr, ...)                                               \
    do {                                                                    \
        cJSON *line_ = view_push(v, arr);                                   \
        if (line_)                                                          \
            view_fmt(v, line_, "line", __VA_ARGS__);                        \
    } while (0)

/* The schemes of the endpoint's first alternative that a caller sets (a
 * session cookie comes from a login call instead): ep's names [*first,
 * *first + return value). */
static size_t schemes_to_set(const spec *s, const spec_endpoint *e,
                             size_t *first)
{
    char *const *names = e->auth_set ? e->auth : s->default_auth;
    const unsigned char *joined = e->auth_set ? e->auth_joined
                                              : s->default_auth_joined;
    size_t n = e->auth_set ? e->nauth : s->ndefault_auth;
    for (size_t i = 0; i < n;) {
        size_t len = 1;
        while (joined && i + len < n && joined[i + len])
            len++;
        const spec_auth *a = spec_find_auth(s, names[i]);
        if (len > 1 || (a && a->kind != SPEC_AUTH_SESSION_COOKIE)) {
            *first = i;
            return len;
        }
        i += len;
    }
    return 0;
}

/* A general signing rule's setter takes every piece it uses. */
static void add_general_credentials(view_ctx *v, cJSON *arr,
                                    const spec_auth *a, const char *setter)
{
    const char *P = v->upper;
    unsigned needs = a->sig.needs;
    char args[512] = "";
    static const struct {
        unsigned bit;
        const char *env;
    } pieces[] = {{APICC_NEEDS_API_KEY, "API_KEY"},
                  {APICC_NEEDS_SECRET, "API_SECRET"},
                  {APICC_NEEDS_PRIVATE_KEY, "PRIVATE_KEY_FILE"},
                  {APICC_NEEDS_PASSPHRASE, "PASSPHRASE"}};
    for (size_t i = 0; i < sizeof pieces / sizeof pieces[0]; i++)
        if (needs & pieces[i].bit)
            snprintf(args + strlen(args), sizeof args - strlen(args),
                     ", getenv(\"%s_%s\")", P, pieces[i].env);
    ADD_LINE(v, arr, "%s_credentials(c%s);", setter, args);
}

static void add_scheme_credentials(view_ctx *v, cJSON *arr,
                                   const spec_auth *a)
{
    char *c = cname_snake(a->name);
    char *setter = c ? gname_setter(v->prefix, c) : NULL;
    const char *P = v->upper;
    if (!setter) {
        v->failed = 1;
    } else if (a->kind == SPEC_AUTH_SESSION_COOKIE) {
        /* set by a login call */
    } else if (a->kind == SPEC_AUTH_SIGNATURE && a->sig.outputs) {
        add_general_credentials(v, arr, a, setter);
    } else if (a->kind == SPEC_AUTH_BASIC) {
        ADD_LINE(v, arr, "%s(c, getenv(\"%s_USER\"), getenv(\"%s_PASSWORD\"));",
                 setter, P, P);
    } else if (a->kind == SPEC_AUTH_BEARER) {
        ADD_LINE(v, arr, "%s(c, getenv(\"%s_TOKEN\"));", setter, P);
    } else {
        ADD_LINE(v, arr, "%s(c, getenv(\"%s_API_KEY\"));", setter, P);
    }
    if (setter && a->kind == SPEC_AUTH_SIGNATURE && !a->sig.outputs) {
        int hmac = a->sig.algorithm == SPEC_SIGN_HMAC_SHA256 ||
                   a->sig.algorithm == SPEC_SIGN_HMAC_SHA384 ||
                   a->sig.algorithm == SPEC_SIGN_HMAC_SHA512;
        if (hmac) {
            ADD_LINE(v, arr, "const char *secret = getenv(\"%s_API_SECRET\");",
                     P);
            ADD_LINE(v, arr, "apicc_client_set_hmac_secret(c, secret, secret ? "
                             "strlen(secret) : 0);");
        } else {
            ADD_LINE(v, arr, "apicc_client_set_private_key_file(c, "
                             "getenv(\"%s_PRIVATE_KEY_FILE\"));", P);
        }
    }
    free(setter);
    free(c);
}

/* Every scheme of the first alternative a caller can satisfy. */
static void add_credentials(view_ctx *v, cJSON *arr, const spec_endpoint *e)
{
    size_t first = 0;
    size_t n = schemes_to_set(v->s, e, &first);
    char *const *names = e->auth_set ? e->auth : v->s->default_auth;
    for (size_t i = first; i < first + n; i++) {
        const spec_auth *a = spec_find_auth(v->s, names[i]);
        if (a)
            add_scheme_credentials(v, arr, a);
    }
}

/* A value a server would plausibly take: "1" for an id, a word
 * otherwise. */
static const char *string_value(const char *name)
{
    size_t n = strlen(name);
    if (n >= 2 && tolower((unsigned char)name[n - 2]) == 'i' &&
        tolower((unsigned char)name[n - 1]) == 'd')
        return "\"1\"";
    return "\"example\"";
}

static void add_param(view_ctx *v, cJSON *arr, const spec_param *p)
{
    const spec_type *t = p->type;
    if (!p->required || !t || t->kind == SPEC_KIND_ARRAY ||
        view_param_is_arg(p) || !view_param_is_member(p) ||
        t->kind == SPEC_KIND_ANY ||
        (t->kind == SPEC_KIND_REF && t->model &&
         t->model->kind == SPEC_MODEL_OBJECT))
        return; /* optional params stay unset; arrays need a count; path
                   arguments are written into the call itself; constants
                   have no member; objects and JSON need a value built */
    char *c = cname_derive(p->c_name, p->name);
    if (!c) {
        v->failed = 1;
        return;
    }
    if (t->kind == SPEC_KIND_INTEGER) {
        ADD_LINE(v, arr, "params.%s = 1;", c);
    } else if (t->kind == SPEC_KIND_NUMBER) {
        ADD_LINE(v, arr, "params.%s = 1.5;", c);
    } else if (t->kind == SPEC_KIND_BOOLEAN) {
        ADD_LINE(v, arr, "params.%s = true;", c);
    } else if (t->kind == SPEC_KIND_REF && t->model &&
               t->model->kind == SPEC_MODEL_ENUM && t->model->nvalues) {
        /* the enum's first value, under the name the header gives it */
        const spec_enum_value *ev = &t->model->values[0];
        char *ctype = view_model_ctype(v, t->model);
        char *type_upper = ctype ? cname_upper(ctype) : NULL;
        char *value_upper = cname_upper(ev->c_name ? ev->c_name : ev->value);
        char *constant = type_upper && value_upper
                             ? gname_enum_constant(type_upper, value_upper)
                             : NULL;
        if (constant)
            ADD_LINE(v, arr, "params.%s = %s;", c, constant);
        else
            v->failed = 1;
        free(constant);
        free(value_upper);
        free(type_upper);
        free(ctype);
    } else {
        ADD_LINE(v, arr, "params.%s = %s;", c, string_value(p->name));
    }
    free(c);
}

void view_examples(view_ctx *v, cJSON *endpoints)
{
    size_t n = (size_t)cJSON_GetArraySize(endpoints);
    cJSON *o = endpoints ? endpoints->child : NULL;
    for (size_t i = 0; i < n && i < v->s->nendpoints && o; i++, o = o->next) {
        const spec_endpoint *e = &v->s->endpoints[i];
        cJSON *arr = view_array(v, o, "example_setup");
        if (!arr)
            return;
        add_credentials(v, arr, e);
        for (size_t k = 0; k < e->nparams; k++)
            add_param(v, arr, &e->params[k]);
    }
}
