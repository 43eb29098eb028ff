/*
 * The client's settings (config_internal.h): defaults, the setters of the
 * public API, and the time a signed request is stamped with.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "apicc/sign.h"
#include "client_state_internal.h"
#include "clock_internal.h"
#include "config_internal.h"
#include "defaults_internal.h"
#include "error_internal.h"
#include "header_syntax_internal.h"

/* ---- defaults and release ------------------------------------------------ */

/* Generations are numbered across every client of the process, so one
 * number names one client's settings at one time: a transfer handle that
 * serves calls of several clients (a multi's, http_multi.c) can tell by
 * the number alone whether its settings are the calling client's. */
static atomic_ulong generations = 0;

static unsigned long next_generation(void)
{
    return atomic_fetch_add(&generations, 1) + 1;
}

int apicc__config_init(apicc__config *cfg, const char *base_url)
{
    *cfg = (apicc__config){
        .connect_timeout_ms = APICC__DEFAULT_CONNECT_TIMEOUT_MS,
        .timeout_ms = APICC__DEFAULT_TIMEOUT_MS,
        .max_response = APICC__DEFAULT_MAX_RESPONSE,
        .retry_max_attempts = 1,
        .retry_base_delay_ms = APICC__DEFAULT_RETRY_BASE_MS,
        .retry_max_delay_ms = APICC__DEFAULT_RETRY_MAX_MS,
        .generation = next_generation(),
    };
    cfg->base_url = strdup(base_url);
    cfg->user_agent = strdup(APICC__DEFAULT_USER_AGENT);
    return cfg->base_url && cfg->user_agent;
}

void apicc__config_free(apicc__config *cfg)
{
    free(cfg->base_url);
    free(cfg->ca_file);
    free(cfg->ca_path);
    free(cfg->proxy);
    free(cfg->user_agent);
    for (size_t i = 0; i < cfg->nheaders; i++) {
        free(cfg->header_names[i]);
        /* A default header may carry a key the caller chose to set
         * that way. */
        apicc_wipe(cfg->header_values[i], strlen(cfg->header_values[i]));
        free(cfg->header_values[i]);
    }
    free(cfg->header_names);
    free(cfg->header_values);
    apicc__call_options_free(cfg);
    apicc__server_urls_free(cfg);
}

const apicc__config *apicc__client_config(const apicc_client *c)
{
    return &c->cfg;
}

/* ---- time ---------------------------------------------------------------- */

int64_t apicc__now_ms(const apicc_client *c)
{
    if (c && c->cfg.fixed_time_ms != 0)
        return c->cfg.fixed_time_ms;
    return apicc__wall_ms();
}

APICC_API void apicc_client_set_fixed_time_ms(apicc_client *c, int64_t ms)
{
    if (c)
        c->cfg.fixed_time_ms = ms;
}

/* ---- configuration ------------------------------------------------------ */

APICC_API apicc_status apicc_client_set_connect_timeout_ms(apicc_client *c,
                                                           long ms)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    if (ms < 0)
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "connect timeout must not be negative");
    c->cfg.connect_timeout_ms = ms ? ms : APICC__DEFAULT_CONNECT_TIMEOUT_MS;
    c->cfg.generation = next_generation();
    return APICC_OK;
}

APICC_API apicc_status apicc_client_set_timeout_ms(apicc_client *c, long ms)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    if (ms < 0)
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "timeout must not be negative");
    c->cfg.timeout_ms = ms ? ms : APICC__DEFAULT_TIMEOUT_MS;
    c->cfg.generation = next_generation();
    return APICC_OK;
}

APICC_API apicc_status apicc_client_set_call_deadline_ms(apicc_client *c,
                                                        long ms)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    if (ms < 0)
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "call deadline must not be negative");
    c->cfg.call_deadline_ms = ms;
    c->cfg.generation = next_generation();
    return APICC_OK;
}

/* Replaces *slot with a copy of s (NULL clears it). */
static apicc_status set_string(apicc_client *c, char **slot, const char *s)
{
    char *copy = NULL;
    if (s && !(copy = strdup(s)))
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    free(*slot);
    *slot = copy;
    c->cfg.generation = next_generation();
    return APICC_OK;
}

APICC_API apicc_status apicc_client_set_ca_file(apicc_client *c,
                                                const char *path)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    return set_string(c, &c->cfg.ca_file, path);
}

APICC_API apicc_status apicc_client_set_ca_path(apicc_client *c,
                                                const char *dir)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    return set_string(c, &c->cfg.ca_path, dir);
}

APICC_API apicc_status apicc_client_set_insecure_skip_verify(apicc_client *c,
                                                             int insecure)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    c->cfg.insecure = insecure ? 1 : 0;
    c->cfg.generation = next_generation();
    return APICC_OK;
}

APICC_API apicc_status apicc_client_set_proxy(apicc_client *c,
                                              const char *url)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    return set_string(c, &c->cfg.proxy, url);
}

APICC_API apicc_status apicc_client_set_user_agent(apicc_client *c,
                                                   const char *ua)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    if (ua && !apicc__header_value_ok(ua))
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "control character (CR or LF) in user agent");
    return set_string(c, &c->cfg.user_agent,
                      ua ? ua : APICC__DEFAULT_USER_AGENT);
}

/* Removes default header i, wiping its value. */
static void remove_header(apicc__config *cfg, size_t i)
{
    free(cfg->header_names[i]);
    apicc_wipe(cfg->header_values[i], strlen(cfg->header_values[i]));
    free(cfg->header_values[i]);
    cfg->nheaders--;
    cfg->header_names[i] = cfg->header_names[cfg->nheaders];
    cfg->header_values[i] = cfg->header_values[cfg->nheaders];
}

/* Adds a new (name, value) pair; both are owned on success. */
static apicc_status push_header(apicc_client *c, char *name, char *value)
{
    apicc__config *cfg = &c->cfg;
    size_t n = cfg->nheaders + 1;
    char **names = realloc(cfg->header_names, n * sizeof *names);
    if (names)
        cfg->header_names = names;
    char **values = names ? realloc(cfg->header_values, n * sizeof *values)
                          : NULL;
    if (values)
        cfg->header_values = values;
    if (!names || !values)
        return APICC_ERR_NOMEM;
    cfg->header_names[cfg->nheaders] = name;
    cfg->header_values[cfg->nheaders] = value;
    cfg->nheaders = n;
    return APICC_OK;
}

APICC_API apicc_status apicc_client_add_header(apicc_client *c,
                                               const char *name,
                                               const char *value)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    if (!apicc__header_name_ok(name))
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "bad default header name");
    if (value && !apicc__header_value_ok(value))
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "control character (CR or LF) in header \"%s\"",
                           name);
    apicc__config *cfg = &c->cfg;
    for (size_t i = 0; i < cfg->nheaders; i++)
        if (strcasecmp(cfg->header_names[i], name) == 0) {
            remove_header(cfg, i);
            break;
        }
    if (!value)
        return APICC_OK;
    char *n = strdup(name), *v = strdup(value);
    if (n && v && push_header(c, n, v) == APICC_OK)
        return APICC_OK;
    free(n);
    if (v) {
        apicc_wipe(v, strlen(v));
        free(v);
    }
    return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
}

APICC_API apicc_status apicc_client_set_max_response_bytes(apicc_client *c,
                                                           size_t max)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    c->cfg.max_response = max ? max : APICC__DEFAULT_MAX_RESPONSE;
    c->cfg.generation = next_generation();
    return APICC_OK;
}

APICC_API apicc_status apicc_client_set_retry(apicc_client *c,
                                              int max_attempts,
                                              long base_delay_ms,
                                              long max_delay_ms)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    if (max_attempts < 1 || max_attempts > APICC__RETRY_ATTEMPTS_MAX ||
        base_delay_ms < 0 || max_delay_ms < 0 || max_delay_ms < base_delay_ms)
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "retry: attempts must be 1 to %d and "
                           "0 <= base delay <= max delay",
                           APICC__RETRY_ATTEMPTS_MAX);
    c->cfg.retry_max_attempts = max_attempts;
    c->cfg.retry_base_delay_ms = base_delay_ms;
    c->cfg.retry_max_delay_ms = max_delay_ms;
    return APICC_OK;
}

APICC_API apicc_status apicc_client_set_trace(apicc_client *c,
                                              apicc_trace_fn fn, void *user)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    /* Not a libcurl setting: the generation stays. */
    c->cfg.trace = fn;
    c->cfg.trace_user = fn ? user : NULL;
    return APICC_OK;
}
