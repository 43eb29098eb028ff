/*
 * The client's settings (never installed): what the apicc_client_set_*
 * calls store and the transports read.  Bottom layer: depends only on
 * the clock, the error record and the header syntax checks.
 */
#ifndef APICC_CONFIG_INTERNAL_H
#define APICC_CONFIG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "apicc/client.h"
#include "apicc/endpoint.h"

typedef struct apicc__config {
    char *base_url;
    long connect_timeout_ms;
    long timeout_ms;
    char *ca_file;
    char *ca_path;
    int insecure;
    char *proxy;
    char *user_agent;
    char **header_names; /* default headers */
    char **header_values;
    size_t nheaders;
    size_t max_response;
    int retry_max_attempts;
    long retry_base_delay_ms;
    long retry_max_delay_ms;
    long call_deadline_ms; /* 0: none; bounds a whole HTTP call */
    int64_t fixed_time_ms;
    /* apicc_client_set_next_call: used by one call, then cleared
     * (call_options.c); header values and the key are wiped. */
    struct apicc__next_options {
        int set;
        long timeout_ms;
        long deadline_ms;
        char **header_names;
        char **header_values;
        size_t nheaders;
        char *idempotency_key;
        /* A pager's next page by link: the path and query to request
         * instead of the endpoint's (apicc__next_call_link). */
        char *link;
    } next;
    apicc_trace_fn trace; /* apicc_client_set_trace; NULL: none */
    void *trace_user;
    /* apicc_client_set_server_url: a URL per server name (server_url.c) */
    char **server_names;
    char **server_urls;
    size_t nservers;
    unsigned long generation; /* renewed by every setter, unique across
                                 clients, so a transport can tell when
                                 to re-apply settings */
} apicc__config;

/* Sets the defaults (defaults_internal.h) and copies base_url; 0 when out
 * of memory (free what was set with apicc__config_free). */
int apicc__config_init(apicc__config *cfg, const char *base_url);

/* Frees every setting, wiping default header values (a caller may keep a
 * key there). */
void apicc__config_free(apicc__config *cfg);

const apicc__config *apicc__client_config(const apicc_client *c);

/* Forgets (wiping) the options apicc_client_set_next_call set: the end of
 * every call does this (call_options.c), and so does apicc__config_free. */
void apicc__next_call_clear(apicc_client *c);
void apicc__call_options_free(apicc__config *cfg);
/* Exchanges the client's next-call options with `*other`: a started call
 * takes them (leaving none) and puts them back while each of its
 * attempts is built and read, so a retry sends the same headers and
 * idempotency key (multi_invoke.c). */
void apicc__next_call_swap(apicc_client *c, struct apicc__next_options *other);

/* Makes the next call request `path_query` (an absolute path with its
 * query, checked by the caller to hold no space or control byte) in
 * place of the endpoint's path and query params: a pager following a
 * next link.  The call's other options stay.  APICC_ERR_NOMEM. */
apicc_status apicc__next_call_link(apicc_client *c, const char *path_query);
/* Whether `url` is an http(s) URL (or, with `websocket`, also ws(s)):
 * a scheme, a non-empty authority, no byte that could split a request
 * line (server_url.c). */
int apicc__url_ok(const char *url, int websocket);

/* The base URL of `ep`'s requests: the URL set for its server's name, its
 * server's own URL, or (no server) the client's base URL (server_url.c). */
const char *apicc__endpoint_base_url(const apicc_client *c,
                                     const apicc_endpoint *ep);

/* Frees what apicc_client_set_server_url stored (server_url.c). */
void apicc__server_urls_free(apicc__config *cfg);

/* Milliseconds since the epoch (or the client's fixed time when set). */
int64_t apicc__now_ms(const apicc_client *c);

#endif
