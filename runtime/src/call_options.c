/*
 * Options for the next call (apicc_client_set_next_call): copied and
 * checked when set, read by the transports, forgotten by the end of the
 * call.  Bottom layer: settings, like config.c.
 */
#include <stdlib.h>
#include <string.h>

#include "apicc/sign.h"
#include "client_state_internal.h"
#include "config_internal.h"
#include "error_internal.h"
#include "header_syntax_internal.h"

/* Frees a string that may be a secret (an idempotency key, a header
 * value carrying a token). */
static void free_wiped(char *s)
{
    if (!s)
        return;
    apicc_wipe(s, strlen(s));
    free(s);
}

void apicc__call_options_free(apicc__config *cfg)
{
    for (size_t i = 0; i < cfg->next.nheaders; i++) {
        free(cfg->next.header_names[i]);
        free_wiped(cfg->next.header_values[i]);
    }
    free(cfg->next.header_names);
    free(cfg->next.header_values);
    free_wiped(cfg->next.idempotency_key);
    free_wiped(cfg->next.link);
    memset(&cfg->next, 0, sizeof cfg->next);
}

apicc_status apicc__next_call_link(apicc_client *c, const char *path_query)
{
    char *copy = strdup(path_query);
    if (!copy)
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    free_wiped(c->cfg.next.link);
    c->cfg.next.link = copy;
    return APICC_OK;
}

void apicc__next_call_clear(apicc_client *c)
{
    apicc__call_options_free(&c->cfg);
}

void apicc__next_call_swap(apicc_client *c, struct apicc__next_options *other)
{
    struct apicc__next_options mine = c->cfg.next;
    c->cfg.next = *other;
    *other = mine;
}

/* Why `o` cannot be used, or NULL when it can. */
static const char *options_problem(const apicc_call_options *o)
{
    if (o->timeout_ms < 0 || o->deadline_ms < 0)
        return "call options: negative timeout or deadline";
    if (o->nheaders > 0 && !o->headers)
        return "call options: nheaders without headers";
    for (size_t i = 0; i < o->nheaders; i++)
        if (!apicc__header_name_ok(o->headers[i].name) ||
            !o->headers[i].value ||
            !apicc__header_value_ok(o->headers[i].value))
            return "call options: a bad header name, or a missing value "
                   "or one with CR or LF";
    if (o->idempotency_key && (!*o->idempotency_key ||
                               !apicc__header_value_ok(o->idempotency_key)))
        return "call options: an empty idempotency key or one with CR or "
               "LF";
    return NULL;
}

APICC_API apicc_status apicc_client_set_next_call(apicc_client *c,
                                                  const apicc_call_options *o)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    apicc__config *cfg = &c->cfg;
    /* a pager's link is not the caller's to forget */
    char *link = cfg->next.link;
    cfg->next.link = NULL;
    apicc__call_options_free(cfg);
    cfg->next.link = link;
    if (!o)
        return APICC_OK;
    const char *why = options_problem(o);
    if (why)
        return apicc__fail(c, APICC_ERR_INVALID_ARG, "%s", why);
    size_t n = o->nheaders;
    cfg->next.set = 1;
    cfg->next.timeout_ms = o->timeout_ms;
    cfg->next.deadline_ms = o->deadline_ms;
    int ok = 1;
    if (n) {
        cfg->next.header_names = calloc(n, sizeof(char *));
        cfg->next.header_values = calloc(n, sizeof(char *));
        ok = cfg->next.header_names && cfg->next.header_values;
        /* counted before copying, so a failure part-way frees what was
         * copied (calloc left the rest NULL) */
        if (ok)
            cfg->next.nheaders = n;
        for (size_t i = 0; ok && i < n; i++) {
            cfg->next.header_names[i] = strdup(o->headers[i].name);
            cfg->next.header_values[i] = strdup(o->headers[i].value);
            ok = cfg->next.header_names[i] && cfg->next.header_values[i];
        }
    }
    if (ok && o->idempotency_key)
        ok = (cfg->next.idempotency_key = strdup(o->idempotency_key)) != NULL;
    if (ok)
        return APICC_OK;
    apicc__call_options_free(cfg);
    return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
}
