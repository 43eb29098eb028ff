/*
 * The client's life cycle, its configuration, the last error, and
 * apicc_call, which hands each endpoint to its transport.
 *
 * The last error lives on the client (never in a global) and is rebuilt
 * by every call; its strings are owned here and freed at the next call.
 * Nothing that reaches it is ever a credential: callers of apicc__fail
 * pass names, never values.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "apicc/version.h"
#include "client_internal.h"
#include "encode_internal.h"
#include "http_internal.h"

/* How much of an error body is kept (the rest is cut). */
#define ERROR_BODY_MAX 4096

#define DEFAULT_CONNECT_TIMEOUT_MS 10000L
#define DEFAULT_TIMEOUT_MS 30000L
#define DEFAULT_MAX_RESPONSE ((size_t)16 * 1024 * 1024)
#define DEFAULT_RETRY_BASE_MS 200L
#define DEFAULT_RETRY_MAX_MS 5000L
#define RETRY_ATTEMPTS_MAX 100
#define DEFAULT_USER_AGENT "apicc/" APICC_VERSION_STRING

struct apicc_client {
    apicc__config cfg;
    apicc_error err;
    char message[512];
    char *provider_code;
    char *provider_message;
    char *body;
    size_t body_len; /* may hold NUL bytes: wiped by length */
    char *transport;
    struct apicc__creds *creds;
    struct apicc__http_state *http;
    struct apicc__ws_state *ws;
};

/* ---- life cycle --------------------------------------------------------- */

/* Accepts "http(s)://host..." and "ws(s)://host...": a known scheme, a
 * non-empty authority, and no byte that could split a request line. */
static int base_url_ok(const char *url)
{
    static const char *const schemes[] = {"http://", "https://", "ws://",
                                          "wss://"};
    size_t skip = 0;
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
        if (strncasecmp(url, schemes[i], strlen(schemes[i])) == 0)
            skip = strlen(schemes[i]);
    if (skip == 0 || url[skip] == '\0' || url[skip] == '/')
        return 0;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= 0x20 || *p == 0x7f)
            return 0;
    return 1;
}

APICC_API apicc_client *apicc_client_new(const char *base_url)
{
    if (!base_url || !base_url_ok(base_url))
        return NULL;
    if (apicc_global_init() != APICC_OK)
        return NULL;
    apicc_client *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->cfg.base_url = strdup(base_url);
    c->cfg.user_agent = strdup(DEFAULT_USER_AGENT);
    if (!c->cfg.base_url || !c->cfg.user_agent) {
        apicc_client_free(c);
        return NULL;
    }
    c->cfg.connect_timeout_ms = DEFAULT_CONNECT_TIMEOUT_MS;
    c->cfg.timeout_ms = DEFAULT_TIMEOUT_MS;
    c->cfg.max_response = DEFAULT_MAX_RESPONSE;
    c->cfg.retry_max_attempts = 1;
    c->cfg.retry_base_delay_ms = DEFAULT_RETRY_BASE_MS;
    c->cfg.retry_max_delay_ms = DEFAULT_RETRY_MAX_MS;
    c->cfg.generation = 1;
    apicc__error_reset(c);
    return c;
}

static void free_config(apicc__config *cfg)
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
}

static void free_error_strings(apicc_client *c)
{
    free(c->provider_code);
    free(c->provider_message);
    if (c->body) {
        apicc_wipe(c->body, c->body_len);
        free(c->body);
    }
    free(c->transport);
    c->provider_code = c->provider_message = c->body = c->transport = NULL;
}

APICC_API void apicc_client_free(apicc_client *c)
{
    if (!c)
        return;
    apicc__http_cleanup(c);
    apicc__ws_cleanup(c);
    apicc__creds_free(c->creds);
    free_config(&c->cfg);
    free_error_strings(c);
    apicc_wipe(c, sizeof *c);
    free(c);
}

APICC_API const char *apicc_client_base_url(const apicc_client *c)
{
    return c ? c->cfg.base_url : NULL;
}

const apicc__config *apicc__client_config(const apicc_client *c)
{
    return &c->cfg;
}

struct apicc__http_state **apicc__http_slot(apicc_client *c)
{
    return &c->http;
}

struct apicc__http_state *apicc__http_state_of(const apicc_client *c)
{
    return c ? c->http : NULL;
}

struct apicc__ws_state **apicc__ws_slot(apicc_client *c)
{
    return &c->ws;
}

struct apicc__creds **apicc__creds_slot(apicc_client *c)
{
    return &c->creds;
}

int64_t apicc__now_ms(const apicc_client *c)
{
    if (c && c->cfg.fixed_time_ms != 0)
        return c->cfg.fixed_time_ms;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t apicc__clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
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
    c->cfg.connect_timeout_ms = ms ? ms : DEFAULT_CONNECT_TIMEOUT_MS;
    c->cfg.generation++;
    return APICC_OK;
}

APICC_API apicc_status apicc_client_set_timeout_ms(apicc_client *c, long ms)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    if (ms < 0)
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "timeout must not be negative");
    c->cfg.timeout_ms = ms ? ms : DEFAULT_TIMEOUT_MS;
    c->cfg.generation++;
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
    c->cfg.generation++;
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
    c->cfg.generation++;
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
    c->cfg.generation++;
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
    return set_string(c, &c->cfg.user_agent, ua ? ua : DEFAULT_USER_AGENT);
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
    c->cfg.max_response = max ? max : DEFAULT_MAX_RESPONSE;
    c->cfg.generation++;
    return APICC_OK;
}

APICC_API apicc_status apicc_client_set_retry(apicc_client *c,
                                              int max_attempts,
                                              long base_delay_ms,
                                              long max_delay_ms)
{
    if (!c)
        return APICC_ERR_INVALID_ARG;
    if (max_attempts < 1 || max_attempts > RETRY_ATTEMPTS_MAX ||
        base_delay_ms < 0 || max_delay_ms < 0 || max_delay_ms < base_delay_ms)
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "retry: attempts must be 1 to %d and "
                           "0 <= base delay <= max delay",
                           RETRY_ATTEMPTS_MAX);
    c->cfg.retry_max_attempts = max_attempts;
    c->cfg.retry_base_delay_ms = base_delay_ms;
    c->cfg.retry_max_delay_ms = max_delay_ms;
    return APICC_OK;
}

/* ---- the last error ----------------------------------------------------- */

void apicc__error_reset(apicc_client *c)
{
    free_error_strings(c);
    c->message[0] = '\0';
    c->err = (apicc_error){.status = APICC_OK,
                           .message = apicc_strerror(APICC_OK)};
}

apicc_status apicc__fail(apicc_client *c, apicc_status st, const char *fmt,
                         ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->message, sizeof c->message, fmt, ap);
    va_end(ap);
    c->err.status = st;
    c->err.message = c->message[0] ? c->message : apicc_strerror(st);
    return st;
}

void apicc__error_set_response(apicc_client *c, long http_status,
                               const char *body, size_t len)
{
    c->err.http_status = http_status;
    if (c->body) {
        apicc_wipe(c->body, c->body_len);
        free(c->body);
        c->body = NULL;
    }
    c->err.body = NULL;
    if (!body || len == 0)
        return;
    if (len > ERROR_BODY_MAX)
        len = ERROR_BODY_MAX;
    c->body = malloc(len + 1);
    if (!c->body)
        return; /* the body is a courtesy; the status still says why */
    memcpy(c->body, body, len);
    c->body[len] = '\0';
    c->body_len = len;
    c->err.body = c->body;
}

void apicc__error_set_transport(apicc_client *c, const char *text)
{
    free(c->transport);
    c->transport = text && *text ? strdup(text) : NULL;
    c->err.transport_message = c->transport;
}

const char *apicc__json_kind(const cJSON *j)
{
    if (!j)
        return "an empty body";
    if (cJSON_IsString(j))
        return "a string";
    if (cJSON_IsNumber(j))
        return "a number";
    if (cJSON_IsBool(j))
        return "a boolean";
    if (cJSON_IsNull(j))
        return "null";
    if (cJSON_IsArray(j))
        return "an array";
    if (cJSON_IsObject(j))
        return "an object";
    return "invalid JSON";
}

const cJSON *apicc__json_at(const cJSON *root, const char *path)
{
    if (!root || !path || !*path)
        return NULL;
    const cJSON *node = root;
    const char *p = path;
    while (node && *p) {
        size_t n = strcspn(p, ".");
        char key[128];
        if (n == 0 || n >= sizeof key)
            return NULL;
        memcpy(key, p, n);
        key[n] = '\0';
        if (cJSON_IsArray(node)) {
            char *end = NULL;
            long idx = strtol(key, &end, 10);
            node = (*end || idx < 0) ? NULL : cJSON_GetArrayItem(node, (int)idx);
        } else {
            node = cJSON_GetObjectItemCaseSensitive(node, key);
        }
        p += n;
        if (*p == '.')
            p++;
    }
    return node;
}

/* A scalar's text ("-1022", "invalid_argument", "true"), or NULL. */
static char *scalar_text(const cJSON *v)
{
    if (cJSON_IsString(v) && v->valuestring)
        return strdup(v->valuestring);
    if (cJSON_IsBool(v))
        return strdup(cJSON_IsTrue(v) ? "true" : "false");
    if (cJSON_IsNumber(v)) {
        char num[APICC__NUMBER_MAX];
        return apicc__format_number(v->valuedouble, num) ? strdup(num) : NULL;
    }
    return NULL;
}

void apicc__error_set_provider(apicc_client *c, const cJSON *json,
                               const apicc_error_shape *shape)
{
    if (!json || !shape)
        return;
    free(c->provider_code);
    free(c->provider_message);
    c->provider_code = scalar_text(apicc__json_at(json, shape->code_path));
    c->provider_message =
        scalar_text(apicc__json_at(json, shape->message_path));
    c->err.provider_code = c->provider_code;
    c->err.provider_message = c->provider_message;
}

APICC_API const apicc_error *apicc_client_error(const apicc_client *c)
{
    static const apicc_error no_client = {
        .status = APICC_ERR_INVALID_ARG,
        .message = "no client (NULL)",
    };
    return c ? &c->err : &no_client;
}

APICC_API apicc_status apicc_client_fail(apicc_client *c, apicc_status st,
                                         const char *message)
{
    if (!c)
        return st;
    return apicc__fail(c, st, "%s", message ? message : apicc_strerror(st));
}

/* ---- the call ----------------------------------------------------------- */

APICC_API apicc_status apicc_call(apicc_client *c, const apicc_endpoint *ep,
                                  const apicc_arg *args, size_t nargs,
                                  const cJSON *body, cJSON **out)
{
    if (out)
        *out = NULL;
    if (!c)
        return APICC_ERR_INVALID_ARG;
    apicc__error_reset(c);
    if (!ep || !ep->method || (nargs > 0 && !args))
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "apicc_call: missing endpoint, method or args");
    cJSON *resp = NULL;
    apicc_status st;
    if (ep->transport == APICC_TRANSPORT_WEBSOCKET)
        st = apicc__ws_call(c, ep, args, nargs, body, &resp);
    else
        st = apicc__http_call(c, ep, args, nargs, body, &resp);
    /* A response arrived: its status stays on the error record, so a
     * failure found in the body later (a credential it lacks, a shape the
     * model refuses) still says which answer it was. */
    if (st == APICC_OK && ep->transport == APICC_TRANSPORT_HTTP)
        c->err.http_status = apicc_client_last_http_status(c);
    if (st == APICC_OK)
        st = apicc__apply_credential_updates(c, ep, resp);
    if (st != APICC_OK || !out) {
        cJSON_Delete(resp);
        return st;
    }
    *out = resp;
    return APICC_OK;
}
