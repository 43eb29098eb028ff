/*
 * Servers (apicc/server.h): the URL each endpoint goes to, and server
 * variables filled in.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "apicc/server.h"
#include "client_state_internal.h"
#include "config_internal.h"
#include "error_internal.h"

int apicc__url_ok(const char *url, int websocket)
{
    static const char *const schemes[] = {"http://", "https://", "ws://",
                                          "wss://"};
    size_t skip = 0;
    size_t nschemes = websocket ? 4 : 2;
    if (!url)
        return 0;
    for (size_t i = 0; i < nschemes; i++)
        if (strncasecmp(url, schemes[i], strlen(schemes[i])) == 0)
            skip = strlen(schemes[i]);
    if (skip == 0 || url[skip] == '\0' || url[skip] == '/')
        return 0;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= 0x20 || *p == 0x7f)
            return 0;
    return 1;
}

/* ---- the URL per endpoint -------------------------------------------- */

APICC_API apicc_status apicc_client_set_server_url(apicc_client *c,
                                                   const char *name,
                                                   const char *url)
{
    if (!c || !name || !*name || (url && !apicc__url_ok(url, 0)))
        return APICC_ERR_INVALID_ARG;
    apicc__config *cfg = &c->cfg;
    size_t i = 0;
    while (i < cfg->nservers && strcmp(cfg->server_names[i], name) != 0)
        i++;
    if (!url) {
        if (i < cfg->nservers) {
            free(cfg->server_names[i]);
            free(cfg->server_urls[i]);
            cfg->server_names[i] = cfg->server_names[cfg->nservers - 1];
            cfg->server_urls[i] = cfg->server_urls[cfg->nservers - 1];
            cfg->nservers--;
        }
        return APICC_OK;
    }
    char *copy = strdup(url);
    if (!copy)
        return APICC_ERR_NOMEM;
    if (i < cfg->nservers) {
        free(cfg->server_urls[i]);
        cfg->server_urls[i] = copy;
        return APICC_OK;
    }
    char *name_copy = strdup(name);
    char **names = realloc(cfg->server_names, (i + 1) * sizeof *names);
    if (names)
        cfg->server_names = names;
    char **urls = names ? realloc(cfg->server_urls, (i + 1) * sizeof *urls)
                        : NULL;
    if (urls)
        cfg->server_urls = urls;
    if (!name_copy || !names || !urls) {
        free(name_copy);
        free(copy);
        return APICC_ERR_NOMEM;
    }
    cfg->server_names[i] = name_copy;
    cfg->server_urls[i] = copy;
    cfg->nservers++;
    return APICC_OK;
}

void apicc__server_urls_free(apicc__config *cfg)
{
    for (size_t i = 0; i < cfg->nservers; i++) {
        free(cfg->server_names[i]);
        free(cfg->server_urls[i]);
    }
    free(cfg->server_names);
    free(cfg->server_urls);
    cfg->server_names = cfg->server_urls = NULL;
    cfg->nservers = 0;
}

const char *apicc__endpoint_base_url(const apicc_client *c,
                                     const apicc_endpoint *ep)
{
    const apicc__config *cfg = &c->cfg;
    if (!ep || !ep->server)
        return cfg->base_url;
    for (size_t i = 0; i < cfg->nservers; i++)
        if (strcmp(cfg->server_names[i], ep->server) == 0)
            return cfg->server_urls[i];
    return ep->server_url ? ep->server_url : cfg->base_url;
}

/* ---- server variables ------------------------------------------------- */

static int value_ok(const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
              (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
              *p == '_' || *p == '~'))
            return 0;
    return 1;
}

static int listed(const apicc_server_var *v, const char *value)
{
    if (!v->values)
        return 1;
    for (size_t i = 0; i < v->nvalues; i++)
        if (strcmp(v->values[i], value) == 0)
            return 1;
    return 0;
}

/* The value of variable `name` (len bytes), or NULL when the server has
 * no such variable. */
static const char *var_value(const apicc_server *s, const char *name,
                             size_t len, const char *const *names,
                             const char *const *values, size_t n)
{
    for (size_t i = 0; i < s->nvars; i++) {
        const apicc_server_var *v = &s->vars[i];
        if (strlen(v->name) != len || memcmp(v->name, name, len) != 0)
            continue;
        for (size_t k = n; k-- > 0;)
            if (names[k] && strcmp(names[k], v->name) == 0)
                return values[k];
        return v->default_value ? v->default_value : "";
    }
    return NULL;
}

APICC_API char *apicc_server_url(const apicc_server *server,
                                 const char *const *names,
                                 const char *const *values, size_t n)
{
    if (!server || !server->url || (n > 0 && (!names || !values)))
        return NULL;
    for (size_t k = 0; k < n; k++) {
        const apicc_server_var *v = NULL;
        for (size_t i = 0; names[k] && i < server->nvars; i++)
            if (strcmp(server->vars[i].name, names[k]) == 0)
                v = &server->vars[i];
        if (!v || !values[k] || !value_ok(values[k]) ||
            !listed(v, values[k]))
            return NULL;
    }
    /* Each value is at most as long as the names and values given. */
    size_t cap = strlen(server->url) + 1;
    for (size_t i = 0; i < server->nvars; i++)
        cap += server->vars[i].default_value
                   ? strlen(server->vars[i].default_value)
                   : 0;
    for (size_t k = 0; k < n; k++)
        cap += strlen(values[k]);
    char *out = malloc(cap);
    if (!out)
        return NULL;
    size_t o = 0;
    for (const char *p = server->url; *p;) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        const char *v = close ? var_value(server, p + 1,
                                          (size_t)(close - p - 1), names,
                                          values, n)
                              : NULL;
        if (!v) {
            out[o++] = *p++;
            continue;
        }
        size_t len = strlen(v);
        memcpy(out + o, v, len);
        o += len;
        p = close + 1;
    }
    out[o] = '\0';
    return out;
}
