/*
 * The view of servers: each server's URL with its variables at their
 * defaults (what <p>_server_url answers and <p>_client_new(NULL) uses),
 * the URL as written with its variables (for <p>_server_url_with), and
 * the server an endpoint is bound to.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/cname.h"
#include "base/placeholders.h"
#include "view/view_escape.h"
#include "view/view_parts.h"

char *view_server_url(const spec_server *sv)
{
    buf b;
    buf_init(&b);
    const char *at = sv->url ? sv->url : "";
    const char *done = at;
    placeholder ph;
    while (placeholder_next(&at, &ph) == 1) {
        const spec_server_var *var = NULL;
        for (size_t i = 0; i < sv->nvars; i++)
            if (sv->vars[i].name && strlen(sv->vars[i].name) == ph.len &&
                memcmp(sv->vars[i].name, ph.name, ph.len) == 0)
                var = &sv->vars[i];
        if (!var || !var->default_value)
            continue; /* validation reported it */
        buf_append(&b, done, (size_t)(ph.name - 1 - done));
        buf_puts(&b, var->default_value);
        done = at;
    }
    buf_puts(&b, done);
    return buf_take(&b);
}

static void add_vars(view_ctx *v, cJSON *o, const spec_server *sv)
{
    cJSON *arr = view_array(v, o, "server_vars");
    for (size_t i = 0; arr && i < sv->nvars; i++) {
        const spec_server_var *var = &sv->vars[i];
        cJSON *vo = view_push(v, arr);
        if (!vo)
            return;
        view_spec_str(v, vo, "var_name", var->name);
        view_spec_str(v, vo, "var_default", var->default_value);
        view_one_line(v, vo, "var_description", var->description);
        cJSON *vals = view_array(v, vo, "var_values");
        for (size_t k = 0; vals && k < var->nvalues; k++) {
            cJSON *e = view_push(v, vals);
            if (e)
                view_spec_str(v, e, "value", var->values[k]);
        }
        if (vals)
            view_mark_ends(v, vals);
        view_bool(v, vo, "has_values", var->nvalues > 0);
        view_num(v, vo, "nvalues", (double)var->nvalues);
    }
    if (arr)
        view_mark_ends(v, arr);
    view_bool(v, o, "has_vars", sv->nvars > 0);
    view_num(v, o, "nvars", (double)sv->nvars);
}

void view_servers(view_ctx *v, cJSON *root)
{
    cJSON *arr = view_array(v, root, "servers");
    if (!arr)
        return;
    const spec_server *def = v->s->nservers ? &v->s->servers[0] : NULL;
    for (size_t i = 0; i < v->s->nservers; i++)
        if (v->s->servers[i].is_default)
            def = &v->s->servers[i];
    char *def_url = NULL;
    int any_vars = 0;
    for (size_t i = 0; i < v->s->nservers; i++) {
        const spec_server *sv = &v->s->servers[i];
        cJSON *o = view_push(v, arr);
        char *url = view_server_url(sv);
        char *c = sv->name ? cname_snake(sv->name) : NULL;
        if (!o || !url || !c) {
            free(url);
            free(c);
            v->failed = 1;
            return;
        }
        view_str(v, o, "server_name", sv->name);
        view_fmt(v, o, "server_var", "%s_server_%s_", v->prefix, c);
        view_spec_str(v, o, "server_url", url);
        view_spec_str(v, o, "server_template", sv->url);
        view_one_line(v, o, "server_description", sv->description);
        view_bool(v, o, "is_default", sv == def);
        add_vars(v, o, sv);
        any_vars |= sv->nvars > 0;
        if (sv == def)
            def_url = url;
        else
            free(url);
        free(c);
    }
    view_mark_ends(v, arr);
    view_spec_str(v, root, "default_url", def_url);
    view_str(v, root, "default_server", def ? def->name : NULL);
    view_bool(v, root, "has_server_vars", any_vars);
    free(def_url);
}

void view_endpoint_server(view_ctx *v, cJSON *o, const spec_endpoint *e)
{
    const spec_server *sv = e->server_resolved;
    /* Bound to the default server: the client's base URL, which
     * <p>_client_new sets to it unless told otherwise. */
    if (sv && sv->is_default)
        sv = NULL;
    char *url = sv ? view_server_url(sv) : NULL;
    if (sv && !url)
        v->failed = 1;
    view_str(v, o, "server", sv ? sv->name : NULL);
    view_spec_str(v, o, "endpoint_server_url", url);
    free(url);
}
