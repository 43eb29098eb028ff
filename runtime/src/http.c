/*
 * HTTP endpoint calls through one libcurl easy handle per client.
 *
 * The handle lives as long as the client, so its connection, TLS session
 * and CA store are reused by every call (keep-alive); settings are put on
 * it again only when the configuration changed.  A call builds the
 * request as data (http_request.c), adds credentials (auth_http.c), sends
 * it, and retries as the client's policy allows: failures before the
 * request went out, 429 and 503 answers, and other failures of idempotent
 * endpoints, waiting with exponential backoff and jitter or as long as
 * Retry-After asks, never more than the policy's maximum delay.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "apicc/sign.h"
#include "auth_internal.h"
#include "client_internal.h"
#include "defaults_internal.h"
#include "http_internal.h"
#include "json_parse.h"

/* ---- the handle --------------------------------------------------------- */

static size_t on_body(char *data, size_t size, size_t n, void *ud)
{
    struct apicc__http_state *s = ud;
    size_t len = size * n;
    int streamed = 0;
    if (!apicc__http_stream_chunk(s, data, len, &streamed))
        return 0; /* ends the transfer with CURLE_WRITE_ERROR */
    if (streamed)
        return len;
    if (len > s->max_body || s->body.len > s->max_body - len) {
        s->too_large = 1;
        return 0; /* ends the transfer with CURLE_WRITE_ERROR */
    }
    apicc__buf_put(&s->body, data, len);
    return s->body.failed ? 0 : len;
}

static uint64_t next_random(uint64_t *state)
{
    /* splitmix64: plenty for spreading retries, no shared state. */
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Puts every setting on the handle.  After a configuration change the
 * handle is reset first (curl_easy_reset keeps live connections, the TLS
 * session cache and cookies), so a cleared setting such as a CA file goes
 * back to libcurl's default instead of to "none". */
static CURLcode apply_config(struct apicc__http_state *s,
                             const apicc__config *cfg)
{
    CURL *h = s->h;
    int first = !s->configured;
    if (!first)
        curl_easy_reset(h);
    s->configured = 1;
    CURLcode rc = CURLE_OK;
#define SET(opt, val)                                                          \
    do {                                                                       \
        if (rc == CURLE_OK)                                                    \
            rc = curl_easy_setopt(h, opt, val);                                \
    } while (0)
    SET(CURLOPT_NOSIGNAL, 1L); /* threads: no SIGALRM for DNS timeouts */
    SET(CURLOPT_ERRORBUFFER, s->errbuf);
    SET(CURLOPT_WRITEFUNCTION, on_body);
    SET(CURLOPT_WRITEDATA, s);
    /* The in-memory cookie engine.  The usual switch, COOKIEFILE "",
     * leaves a file list that curl_easy_reset leaks in libcurl 7.88; adding
     * one cookie (on a reserved domain, then dropped) turns the engine on
     * with no list, and a reset keeps the engine and its cookies. */
    if (first)
        SET(CURLOPT_COOKIELIST,
            "apicc.invalid\tFALSE\t/\tFALSE\t0\tapicc\t0");
    if (first)
        SET(CURLOPT_COOKIELIST, "ALL");
    /* The shared jar replaces the handle's own (its cookies are what the
     * client has); set again after a reset, which would keep it anyway. */
    if (s->shared)
        SET(CURLOPT_SHARE, s->shared);
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
    /* libcurl makes a 64 KiB upload buffer for each transfer and frees it
     * at its end, and every freed block is wiped (wipe_alloc.c): for a
     * call without a body that is 16 pages touched only to be cleared,
     * the first time each of them is mapped again.  The smallest size
     * libcurl takes costs a quarter of that; a body still goes out at
     * 16 KiB per write. */
    SET(CURLOPT_UPLOAD_BUFFERSIZE, 16384L);
    SET(CURLOPT_PATH_AS_IS, 1L); /* the path is already encoded */
    SET(CURLOPT_TCP_KEEPALIVE, 1L);
    SET(CURLOPT_CONNECTTIMEOUT_MS, cfg->connect_timeout_ms);
    SET(CURLOPT_TIMEOUT_MS, cfg->timeout_ms);
    SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)cfg->max_response);
    SET(CURLOPT_SSLVERSION, (long)APICC__TLS_MIN_VERSION);
    SET(CURLOPT_SSL_VERIFYPEER, cfg->insecure ? 0L : 1L);
    SET(CURLOPT_SSL_VERIFYHOST, cfg->insecure ? 0L : 2L);
    if (cfg->ca_file)
        SET(CURLOPT_CAINFO, cfg->ca_file);
    if (cfg->ca_path)
        SET(CURLOPT_CAPATH, cfg->ca_path);
    if (cfg->proxy)
        SET(CURLOPT_PROXY, cfg->proxy);
#undef SET
    if (rc == CURLE_OK)
        s->applied = cfg->generation;
    return rc;
}

struct apicc__http_state *apicc__http_state_new(void)
{
    struct apicc__http_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->h = curl_easy_init();
    if (!s->h) {
        free(s);
        return NULL;
    }
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    s->rng = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^
             (uint64_t)(uintptr_t)s;
    return s;
}

void apicc__http_state_free(struct apicc__http_state *s)
{
    if (!s)
        return;
    curl_easy_cleanup(s->h); /* first: the share must be free of it */
    if (s->jar)
        curl_share_cleanup(s->jar);
    apicc__buf_free(&s->url);
    apicc__buf_free(&s->body);
    apicc__http_drop_header_copies(s);
    apicc__http_stream_reset(s);
    apicc__req_free(&s->req);
    if (s->cookie) {
        apicc_wipe(s->cookie, strlen(s->cookie));
        free(s->cookie);
    }
    free(s->nodes);
    free(s);
}

/* The client's state, made on first use. */
static struct apicc__http_state *state_of(apicc_client *c)
{
    struct apicc__http_state **slot = apicc__http_slot(c);
    if (*slot)
        return *slot;
    struct apicc__http_state *s = apicc__http_state_new();
    if (!s)
        return NULL;
    /* Without a share (out of memory) the handle keeps its own cookies:
     * only calls started on a multi would miss them. */
    s->jar = curl_share_init();
    if (s->jar &&
        curl_share_setopt(s->jar, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE) !=
            CURLSHE_OK) {
        curl_share_cleanup(s->jar);
        s->jar = NULL;
    }
    s->shared = s->jar;
    *slot = s;
    /* The cookie store is this handle's: credentials that clear a
     * session reach it through the client's hook. */
    apicc__set_cookie_forgetter(c, apicc__http_clear_cookies);
    return s;
}

apicc_status apicc__http_share_cookies(apicc_client *c,
                                       struct apicc__http_state *s)
{
    /* During a completion callback the client's slot holds the ended
     * call's handle, which has the client's jar as its shared one. */
    struct apicc__http_state *own = state_of(c);
    if (!own)
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    CURLSH *jar = own->jar ? own->jar : own->shared;
    if (!jar || s->shared == jar)
        return APICC_OK;
    CURLcode rc = curl_easy_setopt(s->h, CURLOPT_SHARE, jar);
    if (rc != CURLE_OK)
        return apicc__fail(c, rc == CURLE_OUT_OF_MEMORY ? APICC_ERR_NOMEM
                                                        : APICC_ERR_TRANSPORT,
                           "cannot share cookies: %s",
                           curl_easy_strerror(rc));
    s->shared = jar;
    return APICC_OK;
}

void apicc__http_unshare_cookies(struct apicc__http_state *s)
{
    if (s->shared && s->shared != s->jar) {
        curl_easy_setopt(s->h, CURLOPT_SHARE, (CURLSH *)NULL);
        s->shared = NULL;
    }
}

void apicc__http_cleanup(apicc_client *c)
{
    struct apicc__http_state **slot = apicc__http_slot(c);
    struct apicc__http_state *s = *slot;
    if (!s)
        return;
    apicc__http_state_free(s);
    *slot = NULL;
    apicc__set_cookie_forgetter(c, NULL);
}

/* ---- one request -------------------------------------------------------- */

static int is_method(const char *m, const char *name)
{
    return strcmp(m, name) == 0;
}

static int idempotent(const apicc_endpoint *ep)
{
    static const char *const safe[] = {"GET", "HEAD", "PUT", "DELETE",
                                       "OPTIONS", "TRACE"};
    if (ep->idempotent)
        return ep->idempotent > 0;
    for (size_t i = 0; i < sizeof safe / sizeof safe[0]; i++)
        if (is_method(ep->method, safe[i]))
            return 1;
    return 0;
}

/* Fills the request: fixed headers, the client's default headers, the
 * call's arguments, then credentials (later headers replace earlier ones
 * of the same name). */
static apicc_status build(apicc_client *c, const apicc_endpoint *ep,
                          const apicc_arg *args, size_t nargs,
                          const apicc__payload *body,
                          const apicc__receive *recv, apicc__request *req)
{
    const apicc__config *cfg = apicc__client_config(c);
    /* User-Agent is one of the request's own lines rather than
     * CURLOPT_USERAGENT, which libcurl 7.88 formats again with its own
     * printf on every transfer.  Each added line costs a few thousand
     * instructions per call (a third of what apicc adds to a bare libcurl
     * loop), so no other line is added by default: libcurl's own
     * "Accept: * / *" stands, and a client that needs another Accept sets
     * it with apicc_client_add_header. */
    apicc_status st = apicc__req_header(req, "User-Agent", NULL,
                                        cfg->user_agent);
    if (st == APICC_OK && body && body->kind == APICC__PAYLOAD_MEMORY) {
        req->body = body->data ? body->data : "";
        req->body_len = body->len;
    }
    req->body_streamed = body && body->kind != APICC__PAYLOAD_MEMORY;
    /* The body's type; libcurl writes a multipart one itself (with its
     * boundary).  Without a body an empty value keeps libcurl's default
     * "application/x-www-form-urlencoded" of a POST off the wire. */
    int sends_body = body || is_method(ep->method, "POST") ||
                     is_method(ep->method, "PUT") ||
                     is_method(ep->method, "PATCH");
    if (st == APICC_OK && sends_body &&
        (!body || body->kind != APICC__PAYLOAD_MULTIPART))
        st = apicc__req_header(req, "Content-Type", NULL,
                               body && body->content_type
                                   ? body->content_type
                                   : "");
    /* No "Expect: 100-continue" round trip before a body. */
    if (st == APICC_OK && body)
        st = apicc__req_header(req, "Expect", NULL, "");
    if (st == APICC_OK && recv && recv->accept)
        st = apicc__req_header(req, "Accept", NULL, recv->accept);
    for (size_t i = 0; i < cfg->nheaders && st == APICC_OK; i++)
        st = apicc__req_header(req, cfg->header_names[i], NULL,
                               cfg->header_values[i]);
    /* This call's own headers (apicc_client_set_next_call) win over the
     * client's; credentials, added last, win over both. */
    for (size_t i = 0; i < cfg->next.nheaders && st == APICC_OK; i++)
        st = apicc__req_header(req, cfg->next.header_names[i], NULL,
                               cfg->next.header_values[i]);
    if (st == APICC_OK && cfg->next.idempotency_key)
        st = apicc__req_header(req, "Idempotency-Key", NULL,
                               cfg->next.idempotency_key);
    if (st == APICC_OK)
        st = apicc__req_args(req, apicc__endpoint_base_url(c, ep), ep, args,
                             nargs);
    /* a pager following a next link: its path and query, not ours */
    if (st == APICC_OK && cfg->next.link)
        st = apicc__req_link(req, cfg->next.link);
    if (st != APICC_OK)
        return apicc__fail(c, st, "%s: %s", ep->name,
                           st == APICC_ERR_NOMEM ? "out of memory" : req->err);
    size_t first = 0, count = 0;
    st = apicc__choose_schemes(c, ep, &first, &count);
    for (size_t i = first; i < first + count && st == APICC_OK; i++)
        st = apicc__auth_apply_http(c, ep->auth[i], req, args, nargs);
    return st;
}

/* Points the handle's header list at the request's own lines, so no
 * credential is copied into libcurl's list. */
static int link_headers(struct apicc__http_state *s, const apicc__request *r)
{
    if (r->nheaders > s->capnodes) {
        struct curl_slist *n = realloc(s->nodes, r->nheaders * sizeof *n);
        if (!n)
            return 0;
        s->nodes = n;
        s->capnodes = r->nheaders;
    }
    for (size_t i = 0; i < r->nheaders; i++) {
        s->nodes[i].data = r->lines.data + r->header_at[i];
        s->nodes[i].next = i + 1 < r->nheaders ? &s->nodes[i + 1] : NULL;
    }
    return 1;
}

static CURLcode set_request(struct apicc__http_state *s,
                            const apicc__request *r,
                            const apicc__payload *body, char *err,
                            size_t errlen)
{
    CURL *h = s->h;
    const char *m = r->method;
    CURLcode rc = curl_easy_setopt(h, CURLOPT_URL, s->url.data);
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(h, CURLOPT_HTTPHEADER,
                              r->nheaders ? s->nodes : NULL);
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(h, CURLOPT_COOKIE,
                              r->cookies.len ? r->cookies.data : NULL);
    /* HTTPGET clears what a previous call's method left (POST, NOBODY). */
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, NULL);
    /* A download has no size cap: its bytes never sit in memory. */
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
                              apicc__http_streams(s)
                                  ? (curl_off_t)0
                                  : (curl_off_t)s->max_body);
    if (rc != CURLE_OK || (is_method(m, "GET") && !body))
        return rc;
    if (is_method(m, "HEAD"))
        return curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    if (body || is_method(m, "POST") || is_method(m, "PUT") ||
        is_method(m, "PATCH")) {
        rc = apicc__http_set_body(s, body, err, errlen);
        if (rc != CURLE_OK || is_method(m, "POST"))
            return rc;
    }
    return curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, m);
}

/* The body that goes out: the request's own bytes when it has them in
 * memory, since a signing rule may have rewritten them (a nonce field put
 * first, auth_http.c) and its signature covers exactly those; a file or
 * multipart body as the caller gave it. */
static const apicc__payload *body_as_signed(const apicc__request *req,
                                            const apicc__payload *body,
                                            apicc__payload *tmp)
{
    if (!req->body)
        return body;
    *tmp = body ? *body : (apicc__payload){0};
    tmp->kind = APICC__PAYLOAD_MEMORY;
    tmp->data = req->body;
    tmp->len = req->body_len;
    return tmp;
}

typedef apicc__outcome outcome;

static apicc_status map_curl(CURLcode rc)
{
    switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
        return APICC_ERR_TIMEOUT;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return APICC_ERR_RESOLVE;
    case CURLE_OUT_OF_MEMORY:
        return APICC_ERR_NOMEM;
    case CURLE_FILESIZE_EXCEEDED:
        return APICC_ERR_TOO_LARGE;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
        return APICC_ERR_INVALID_ARG;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
        return APICC_ERR_TLS;
    default:
        return APICC_ERR_TRANSPORT;
    }
}

/* Failures a later attempt may not repeat: the network, not the request
 * or the certificate. */
static int transient(CURLcode rc)
{
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return 1;
    default:
        return 0;
    }
}

/* Retry-After as a delay in ms: delta-seconds or an HTTP date (RFC 9110
 * 10.2.3); -1 when absent or unreadable. */
static long retry_after_ms(const apicc_client *c)
{
    const char *v = apicc_client_response_header(c, "Retry-After");
    if (!v || !*v)
        return -1;
    if (*v >= '0' && *v <= '9') {
        char *end = NULL;
        errno = 0;
        long secs = strtol(v, &end, 10);
        if (errno || *end)
            return -1;
        return secs > LONG_MAX / 1000 ? LONG_MAX : secs * 1000;
    }
    time_t when = curl_getdate(v, NULL);
    if (when == (time_t)-1)
        return -1;
    time_t now = time(NULL);
    if (when <= now)
        return 0;
    double ms = difftime(when, now) * 1000.0;
    return ms > (double)LONG_MAX ? LONG_MAX : (long)ms;
}

/* Whether the body has anything but white space. */
static int has_content(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
            return 1;
    return 0;
}

/* Turns a complete HTTP response into the call's result. */
static apicc_status take_response(apicc_client *c, struct apicc__http_state *s,
                                  const apicc_endpoint *ep, cJSON **out)
{
    const char *data = s->body.data ? s->body.data : "";
    size_t len = s->body.len;
    if (apicc__http_success(ep, s->status)) {
        if (!ep->has_response || !has_content(data, len) ||
            (s->recv && s->recv->raw))
            return APICC_OK;
        const char *why = "";
        *out = apicc__json_parse_why(data, len, &why);
        if (*out)
            return APICC_OK;
        apicc__error_set_response(c, s->status, data, len);
        return apicc__fail(c, APICC_ERR_RESPONSE, "%s: HTTP %ld with %s",
                           ep->name, s->status, why);
    }
    apicc__error_set_response(c, s->status, data, len);
    cJSON *json = has_content(data, len) ? apicc__json_parse(data, len)
                                         : NULL;
    apicc__error_set_provider(c, json, ep->errors);
    cJSON_Delete(json);
    const apicc_error *e = apicc_client_error(c);
    apicc_status st = APICC_ERR_HTTP;
    if (s->status == 401 || s->status == 403)
        st = APICC_ERR_AUTH;
    else if (e->provider_code || e->provider_message)
        st = APICC_ERR_PROVIDER;
    return apicc__fail(c, st, "%s: HTTP %ld%s", ep->name, s->status,
                       st == APICC_ERR_PROVIDER ? " (provider error)" : "");
}

/* Empties what the previous attempt left. */
static void reset_response(struct apicc__http_state *s, size_t max_body)
{
    apicc__buf_reset(&s->body);
    apicc__http_drop_header_copies(s);
    s->max_body = max_body;
    s->too_large = 0;
    apicc__http_stream_reset(s);
    s->status = 0;
    s->errbuf[0] = '\0';
}

/* What was wrong with the answer to a request that went out, when
 * libcurl's code for it would blame the caller or memory; NULL when the
 * code means what it says.  libcurl reports a status line it cannot read
 * (HTTP/0.9, a bad code, an interim 1xx followed by no status line) as an
 * unsupported protocol, and a header line over its 100 KiB limit as out
 * of memory: before any body byte arrived, apicc takes the latter for
 * the hostile header it almost always is. */
static const char *answer_fault(CURLcode rc, const struct apicc__http_state *s)
{
    if (rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_WEIRD_SERVER_REPLY)
        return "the answer is not HTTP/1.x or HTTP/2";
    if (rc == CURLE_OUT_OF_MEMORY && s->body.len == 0 && !s->body.failed)
        return "response header too large";
    return NULL;
}

/* Reads the answer of a transfer that ended with `rc`. */
static outcome take_transfer(apicc_client *c, struct apicc__http_state *s,
                             const apicc_endpoint *ep, CURLcode rc,
                             cJSON **out)
{
    outcome o = {APICC_OK, 0, -1};
    long conns = 0, sent = 0;
    curl_easy_getinfo(s->h, CURLINFO_NUM_CONNECTS, &conns);
    curl_easy_getinfo(s->h, CURLINFO_RESPONSE_CODE, &s->status);
    s->connections += conns;
    int stream_ok = apicc__http_stream_end(
        s, rc == CURLE_OK && apicc__http_success(ep, s->status));
    if (s->sink_aborted || !stream_ok) {
        o.st = apicc__fail(c, s->sink_aborted ? APICC_ERR_TRANSPORT
                                              : APICC_ERR_INVALID_ARG,
                           "%s: %s", ep->name,
                           s->sink_aborted
                               ? "the download callback stopped the transfer"
                               : "the download file cannot be written");
        return o;
    }
    if (rc == CURLE_OK) {
        o.st = take_response(c, s, ep, out);
        if (s->status == 429 || s->status == 503) {
            o.retry = 1;
            o.retry_after_ms = retry_after_ms(c);
        }
        return o;
    }
    apicc__error_set_transport(c, s->errbuf[0] ? s->errbuf
                                               : curl_easy_strerror(rc));
    if (s->too_large || rc == CURLE_FILESIZE_EXCEEDED) {
        /* the status line did arrive: say which answer was too big */
        apicc__error_set_response(c, s->status, NULL, 0);
        o.st = apicc__fail(c, APICC_ERR_TOO_LARGE,
                           "%s: response body larger than %zu bytes",
                           ep->name, s->max_body);
    } else if (s->body.failed) {
        o.st = apicc__fail(c, APICC_ERR_NOMEM, "%s: out of memory",
                           ep->name);
    } else {
        /* Whether any request bytes went out decides if a non-idempotent
         * call may be tried again. */
        curl_easy_getinfo(s->h, CURLINFO_REQUEST_SIZE, &sent);
        const char *fault = sent > 0 ? answer_fault(rc, s) : NULL;
        o.st = fault ? (rc == CURLE_OUT_OF_MEMORY ? APICC_ERR_TOO_LARGE
                                                  : APICC_ERR_RESPONSE)
                     : map_curl(rc);
        /* An idempotency key lets the server drop a repeat. */
        o.retry = transient(rc) &&
                  (sent == 0 || idempotent(ep) ||
                   apicc__client_config(c)->next.idempotency_key);
        if (fault)
            apicc__fail(c, o.st, "%s: %s", ep->name, fault);
        else if (o.st == APICC_ERR_TLS && s->errbuf[0])
            /* which check failed is what a user needs to fix it (an
             * expired certificate, a wrong host name, an unknown CA) */
            apicc__fail(c, o.st, "%s: %s (%s)", ep->name,
                        apicc_strerror(o.st), s->errbuf);
        else
            apicc__fail(c, o.st, "%s: %s", ep->name, apicc_strerror(o.st));
    }
    return o;
}

/* Ends an attempt: libcurl must not keep pointers to the body freed by
 * the caller or to header lines wiped here. */
static void end_attempt(struct apicc__http_state *s)
{
    curl_easy_setopt(s->h, CURLOPT_HTTPHEADER, NULL);
    apicc__http_release_body(s);
    /* Wiped now rather than at the next call: they may hold secrets. */
    apicc__buf_reset(&s->url);
    apicc__req_reset(&s->req, NULL);
}

apicc_status apicc__http_attempt_begin(apicc_client *c,
                                       struct apicc__http_state *s,
                                       const apicc_endpoint *ep,
                                       const apicc_arg *args, size_t nargs,
                                       const apicc__payload *body)
{
    const apicc__config *cfg = apicc__client_config(c);
    apicc__request *req = &s->req; /* reused: no allocation per call */
    apicc__req_reset(req, ep->method);
    apicc_status st = build(c, ep, args, nargs, body, s->recv, req);
    if (st == APICC_OK &&
        apicc__req_url(req, apicc__endpoint_base_url(c, ep), &s->url))
        st = apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    if (st == APICC_OK && !link_headers(s, req))
        st = apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    if (st == APICC_OK) {
        reset_response(s, cfg->max_response);
        char why[160];
        apicc__payload signed_body;
        CURLcode rc = set_request(s, req, body_as_signed(req, body,
                                                         &signed_body),
                                  why, sizeof why);
        s->started_ms = apicc__clock_ms();
        if (rc == CURLE_OK)
            return APICC_OK;
        if (why[0])
            st = apicc__fail(c, rc == CURLE_OUT_OF_MEMORY
                                    ? APICC_ERR_NOMEM
                                    : APICC_ERR_INVALID_ARG,
                             "%s: %s", ep->name, why);
        else
            st = apicc__fail(c, map_curl(rc), "%s: cannot set up the "
                             "request: %s", ep->name,
                             curl_easy_strerror(rc));
        if (cfg->trace)
            apicc__http_trace(c, s, ep, s->attempt, 0, st);
    }
    end_attempt(s);
    return st;
}

void apicc__http_attempt_abandon(struct apicc__http_state *s)
{
    end_attempt(s);
}

apicc__outcome apicc__http_attempt_end(apicc_client *c,
                                       struct apicc__http_state *s,
                                       const apicc_endpoint *ep, CURLcode rc,
                                       cJSON **out)
{
    outcome o = take_transfer(c, s, ep, rc, out);
    const apicc__config *cfg = apicc__client_config(c);
    if (cfg->trace)
        apicc__http_trace(c, s, ep, s->attempt,
                          apicc__clock_ms() - s->started_ms, o.st);
    end_attempt(s);
    return o;
}

/* One attempt (number n): build, send, read, and show it to the trace
 * callback, if any. */
static outcome attempt(apicc_client *c, struct apicc__http_state *s,
                       const apicc_endpoint *ep, const apicc_arg *args,
                       size_t nargs, const apicc__payload *body, cJSON **out,
                       int n)
{
    s->attempt = n;
    outcome o = {APICC_OK, 0, -1};
    o.st = apicc__http_attempt_begin(c, s, ep, args, nargs, body);
    if (o.st != APICC_OK)
        return o;
    return apicc__http_attempt_end(c, s, ep, curl_easy_perform(s->h), out);
}

/* The wait before attempt number `next` (2, 3, ...): Retry-After when the
 * server sent one, else base * 2^(next - 2) with jitter (half fixed, half
 * random), never more than the maximum. */
long apicc__http_retry_delay_ms(const apicc__config *cfg,
                                struct apicc__http_state *s, int next,
                                long retry_after)
{
    long max = cfg->retry_max_delay_ms;
    if (retry_after >= 0)
        return retry_after < max ? retry_after : max;
    long d = cfg->retry_base_delay_ms;
    for (int i = 2; i < next && d < max; i++)
        d = d > max / 2 ? max : d * 2;
    if (d > max)
        d = max;
    if (d <= 1)
        return d;
    long half = d / 2;
    return half + (long)(next_random(&s->rng) % (uint64_t)(d - half + 1));
}

/* Gives the next attempt no more than `left` ms (at least 1: an attempt
 * is only started with time left, and 0 would mean no limit to libcurl).
 * Returns 1 when the deadline, not the timeout, now bounds the attempt.
 * Every attempt under a deadline sets both limits, and a changed setting
 * re-applies the configured ones, so nothing stale carries over. */
int apicc__http_limit_attempt(struct apicc__http_state *s,
                              const apicc__config *cfg, int64_t left)
{
    if (left < 1)
        left = 1;
    long total = left < cfg->timeout_ms ? (long)left : cfg->timeout_ms;
    long conn = left < cfg->connect_timeout_ms ? (long)left
                                               : cfg->connect_timeout_ms;
    curl_easy_setopt(s->h, CURLOPT_TIMEOUT_MS, total);
    curl_easy_setopt(s->h, CURLOPT_CONNECTTIMEOUT_MS, conn);
    return total < cfg->timeout_ms;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

apicc__config apicc__http_limits(const apicc__config *cfg, int *own_limits)
{
    apicc__config eff = *cfg;
    if (cfg->next.timeout_ms > 0)
        eff.timeout_ms = cfg->next.timeout_ms;
    if (cfg->next.deadline_ms > 0)
        eff.call_deadline_ms = cfg->next.deadline_ms;
    *own_limits = eff.timeout_ms != cfg->timeout_ms ||
                  eff.call_deadline_ms != cfg->call_deadline_ms;
    return eff;
}

apicc_status apicc__http_configure(apicc_client *c,
                                   struct apicc__http_state *s)
{
    const apicc__config *cfg = apicc__client_config(c);
    if (s->applied == cfg->generation)
        return APICC_OK;
    CURLcode rc = apply_config(s, cfg);
    if (rc == CURLE_OK)
        return APICC_OK;
    s->applied = 0;
    return apicc__fail(c, map_curl(rc), "cannot configure libcurl: %s",
                       curl_easy_strerror(rc));
}

void apicc__http_explain(apicc_client *c, apicc_status st, int attempts,
                         int cut, long deadline_ms)
{
    if (attempts <= 1 && !cut)
        return;
    char msg[400], tries[32] = "", why[64] = "";
    snprintf(msg, sizeof msg, "%s", apicc_client_error(c)->message);
    if (attempts > 1)
        snprintf(tries, sizeof tries, "after %d attempts", attempts);
    if (cut)
        snprintf(why, sizeof why, "%sthe call's %ld ms deadline passed",
                 attempts > 1 ? "; " : "", deadline_ms);
    apicc__fail(c, st, "%s (%s%s)", msg, tries, why);
}

apicc_status apicc__http_exchange(apicc_client *c, const apicc_endpoint *ep,
                                  const apicc_arg *args, size_t nargs,
                                  const apicc__payload *body,
                                  const apicc__receive *recv, cJSON **out)
{
    *out = NULL;
    if (!ep->name || !apicc__header_name_ok(ep->method))
        return apicc__fail(c, APICC_ERR_INVALID_ARG,
                           "endpoint without a name or a valid method");
    struct apicc__http_state *s = state_of(c);
    if (!s)
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    const apicc__config *cfg = apicc__client_config(c);
    int own_limits = 0;
    apicc__config eff = apicc__http_limits(cfg, &own_limits);
    apicc_status st = apicc__http_configure(c, s);
    if (st != APICC_OK)
        return st;
    s->ep = ep;
    s->recv = recv;
    /* A stream is bounded per event (stream.c), not as a whole: no total
     * timeout (a deadline still bounds it), and a silence of idle_ms ends
     * it. */
    int streaming = recv && recv->idle_ms > 0;
    if (streaming) {
        own_limits = 0;
        eff.timeout_ms = LONG_MAX;
        curl_easy_setopt(s->h, CURLOPT_TIMEOUT_MS, 0L);
        curl_easy_setopt(s->h, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(s->h, CURLOPT_LOW_SPEED_TIME,
                         (recv->idle_ms + 999) / 1000);
    }
    /* The timeout bounds each attempt (so a timed-out idempotent call can
     * be tried again); without a call deadline a whole call is bounded by
     * max_attempts times the timeout plus the retry delays. */
    outcome o = {APICC_OK, 0, -1};
    int tries = cfg->retry_max_attempts, n = 1;
    int64_t deadline = eff.call_deadline_ms
                           ? apicc__clock_ms() + eff.call_deadline_ms
                           : 0;
    int cut = 0; /* the deadline ended the call */
    for (;; n++) {
        if (n > 1)
            apicc__error_reset(c);
        if (deadline)
            cut = apicc__http_limit_attempt(s, &eff,
                                            deadline - apicc__clock_ms());
        else if (own_limits)
            apicc__http_limit_attempt(s, &eff, eff.timeout_ms);
        o = attempt(c, s, ep, args, nargs, body, out, n);
        /* A stream that delivered anything is not tried again: the
         * events would come twice. */
        if (streaming && s->streamed > 0)
            o.retry = 0;
        if (o.st == APICC_OK || !o.retry || n >= tries) {
            cut = cut && o.st == APICC_ERR_TIMEOUT;
            break;
        }
        long wait = apicc__http_retry_delay_ms(&eff, s, n + 1, o.retry_after_ms);
        if (deadline && apicc__clock_ms() + wait >= deadline) {
            cut = 1;
            break;
        }
        sleep_ms(wait);
    }
    if (o.st != APICC_OK)
        apicc__http_explain(c, o.st, n, cut, eff.call_deadline_ms);
    if (own_limits && !cfg->call_deadline_ms) {
        /* The next call finds the client's own limits on the handle (a
         * client deadline sets them per attempt anyway). */
        curl_easy_setopt(s->h, CURLOPT_TIMEOUT_MS, cfg->timeout_ms);
        curl_easy_setopt(s->h, CURLOPT_CONNECTTIMEOUT_MS,
                         cfg->connect_timeout_ms);
    }
    if (streaming) {
        curl_easy_setopt(s->h, CURLOPT_TIMEOUT_MS, cfg->timeout_ms);
        curl_easy_setopt(s->h, CURLOPT_LOW_SPEED_LIMIT, 0L);
        curl_easy_setopt(s->h, CURLOPT_LOW_SPEED_TIME, 0L);
    }
    s->recv = NULL; /* borrowed for this call only */
    return o.st;
}

apicc_status apicc__http_call(apicc_client *c, const apicc_endpoint *ep,
                              const apicc_arg *args, size_t nargs,
                              const cJSON *body, cJSON **out)
{
    *out = NULL;
    char *text = body ? cJSON_PrintUnformatted(body) : NULL;
    if (body && !text)
        return apicc__fail(c, APICC_ERR_NOMEM, "out of memory");
    apicc__payload json = {.kind = APICC__PAYLOAD_MEMORY,
                           .content_type = "application/json",
                           .data = text,
                           .len = text ? strlen(text) : 0};
    apicc_status st = apicc__http_exchange(c, ep, args, nargs,
                                           text ? &json : NULL, NULL, out);
    if (text) {
        /* A login body carries a password. */
        apicc_wipe(text, strlen(text));
        cJSON_free(text);
    }
    return st;
}

void apicc__http_last_body(const apicc_client *c, const char **data,
                           size_t *len, const char **content_type)
{
    struct apicc__http_state *s = apicc__http_state_of(c);
    char *ct = NULL;
    *data = s && s->body.data ? s->body.data : "";
    *len = s ? s->body.len : 0;
    if (s)
        curl_easy_getinfo(s->h, CURLINFO_CONTENT_TYPE, &ct);
    *content_type = ct ? ct : "";
}

size_t apicc__http_streamed(const apicc_client *c)
{
    struct apicc__http_state *s = apicc__http_state_of(c);
    return s ? s->streamed : 0;
}
