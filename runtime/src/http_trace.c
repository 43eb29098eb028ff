/*
 * Tracing HTTP attempts (apicc_client_set_trace): what went over the wire,
 * with every credential replaced by "[redacted]" before the callback sees
 * it.  The redacted copies are built only while a callback is set, and
 * freed before returning; no value of a redacted name is ever copied.
 *
 * Layer: the HTTP transport (reads its request and libcurl's headers).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "apicc/sign.h"
#include "http_internal.h"

#define REDACTED "[redacted]"

/* Whether `name` (n bytes) holds one of the words credentials go by. */
static int sounds_secret(const char *name, size_t n)
{
    static const char *const words[] = {"key", "token", "secret", "sign",
                                        "session", "pass", "auth",
                                        "cookie", "credential"};
    char low[128];
    if (n >= sizeof low)
        return 1; /* a name this long is not worth the risk */
    for (size_t i = 0; i < n; i++)
        low[i] = (char)tolower((unsigned char)name[i]);
    low[n] = '\0';
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strstr(low, words[i]))
            return 1;
    return 0;
}

static int same_name(const char *a, size_t n, const char *b)
{
    return b && strlen(b) == n && strncasecmp(a, b, n) == 0;
}

/* Whether a header, query or cookie `name` carries a credential: one of
 * the endpoint's auth schemes places its key or signature there, or the
 * name says so. */
static int is_secret(const apicc_endpoint *ep, const char *name, size_t n)
{
    for (size_t i = 0; i < ep->nauth; i++) {
        const apicc_auth_scheme *a = ep->auth[i];
        if (same_name(name, n, a->param_name))
            return 1;
        if (a->sign && (same_name(name, n, a->sign->key_name) ||
                        same_name(name, n, a->sign->signature_name)))
            return 1;
        /* a general rule's values: a passphrase, a JWT, a signature */
        for (size_t k = 0; a->sign && k < a->sign->noutputs; k++)
            if (same_name(name, n, a->sign->outputs[k].name))
                return 1;
    }
    return sounds_secret(name, n);
}

/* How put_pairs treats values. */
enum { BY_NAME, ALL_VALUES, FIRST_VALUE };

/* Appends "a=1; b=2" (or "a=1&b=2") with the value of every secret name
 * redacted (BY_NAME), every value (a Cookie header), or the first (a
 * Set-Cookie: the cookie, then attributes such as Path). */
static void put_pairs(apicc__buf *b, const apicc_endpoint *ep,
                      const char *p, char sep, int mode)
{
    for (int first = 1; *p; first = 0) {
        const char *end = strchr(p, sep);
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        size_t nlen = eq ? (size_t)(eq - p) : len;
        apicc__buf_put(b, p, nlen);
        if (eq) {
            apicc__buf_put(b, "=", 1);
            if (mode == ALL_VALUES || (mode == FIRST_VALUE && first) ||
                is_secret(ep, p, nlen))
                apicc__buf_put(b, REDACTED, strlen(REDACTED));
            else
                apicc__buf_put(b, eq + 1, len - nlen - 1);
        }
        if (!end)
            break;
        apicc__buf_put(b, &sep, 1);
        p = end + 1;
    }
}

/* The buffer's text as its own string (it holds nothing secret), or NULL
 * when memory ran out; the buffer is freed. */
static char *take(apicc__buf *b)
{
    char *s = b->failed ? NULL : strdup(b->data ? b->data : "");
    apicc__buf_free(b);
    return s;
}

/* One header line "Name: value", redacted, as its own string. */
static char *redact_line(const apicc_endpoint *ep, const char *line)
{
    apicc__buf b = {0};
    const char *colon = strchr(line, ':');
    size_t nlen = colon ? (size_t)(colon - line) : strlen(line);
    const char *v = colon ? colon + 1 : "";
    while (*v == ' ')
        v++;
    apicc__buf_put(&b, line, nlen);
    apicc__buf_put(&b, ": ", 2);
    if (same_name(line, nlen, "Cookie"))
        put_pairs(&b, ep, v, ';', ALL_VALUES);
    else if (same_name(line, nlen, "Set-Cookie"))
        put_pairs(&b, ep, v, ';', FIRST_VALUE);
    else if (*v && is_secret(ep, line, nlen))
        apicc__buf_put(&b, REDACTED, strlen(REDACTED));
    else
        apicc__buf_put(&b, v, strlen(v));
    return take(&b);
}

/* The URL with the user part and secret query values redacted. */
static char *redact_url(const apicc_endpoint *ep, const char *url)
{
    apicc__buf b = {0};
    const char *q = strchr(url, '?');
    size_t upto = q ? (size_t)(q - url) : strlen(url);
    const char *auth = strstr(url, "://");
    const char *at = auth ? memchr(auth, '@', upto - (size_t)(auth - url))
                          : NULL;
    if (at && !memchr(auth + 3, '/', (size_t)(at - auth - 3))) {
        apicc__buf_put(&b, url, (size_t)(auth + 3 - url));
        apicc__buf_put(&b, REDACTED "@", strlen(REDACTED) + 1);
        apicc__buf_put(&b, at + 1, upto - (size_t)(at + 1 - url));
    } else {
        apicc__buf_put(&b, url, upto);
    }
    if (q) {
        apicc__buf_put(&b, "?", 1);
        put_pairs(&b, ep, q + 1, '&', BY_NAME);
    }
    return take(&b);
}

/* A growing list of redacted lines. */
typedef struct lines {
    char **v;
    size_t n, cap;
    int failed;
} lines;

static void lines_push(lines *l, char *s)
{
    if (!s) {
        l->failed = 1;
        return;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            free(s);
            l->failed = 1;
            return;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = s;
}

static void lines_free(lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

/* The request's header lines, and its own Cookie header. */
static void request_lines(lines *l, const apicc_endpoint *ep,
                          const apicc__request *r)
{
    for (size_t i = 0; i < r->nheaders; i++)
        lines_push(l, redact_line(ep, apicc__req_header_line(r, i)));
    if (r->cookies.len) {
        apicc__buf b = {0};
        apicc__buf_put(&b, "Cookie: ", 8);
        apicc__buf_put(&b, r->cookies.data, r->cookies.len);
        if (!b.failed)
            lines_push(l, redact_line(ep, b.data));
        else
            l->failed = 1;
        apicc__buf_free(&b); /* wiped: it held the cookie values */
    }
}

/* The last response's header lines, as libcurl kept them. */
static void response_lines(lines *l, const apicc_endpoint *ep, CURL *h)
{
    struct curl_header *prev = NULL, *hd;
    while ((hd = curl_easy_nextheader(h, CURLH_HEADER, -1, prev)) != NULL) {
        size_t n = strlen(hd->name) + strlen(hd->value) + 3;
        char *line = malloc(n);
        if (!line) {
            l->failed = 1;
            return;
        }
        snprintf(line, n, "%s: %s", hd->name, hd->value);
        char *red = redact_line(ep, line);
        apicc_wipe(line, strlen(line));
        free(line);
        lines_push(l, red);
        prev = hd;
    }
}

void apicc__http_trace(apicc_client *c, const struct apicc__http_state *s,
                       const apicc_endpoint *ep, int attempt, int64_t ms,
                       apicc_status result)
{
    const apicc__config *cfg = apicc__client_config(c);
    lines req = {0}, resp = {0};
    request_lines(&req, ep, &s->req);
    if (s->status)
        response_lines(&resp, ep, s->h);
    char *url = redact_url(ep, s->url.data ? s->url.data : "");
    /* A trace that lost a line to memory is still shown, short of it;
     * nothing unredacted stands in for what is missing. */
    apicc_trace_event e = {
        .endpoint = ep->name,
        .method = s->req.method,
        .url = url ? url : "(out of memory)",
        .attempt = attempt,
        .request_headers = (const char *const *)req.v,
        .n_request_headers = req.n,
        .request_body_bytes = s->req.body ? s->req.body_len : 0,
        .status = s->status,
        .response_headers = (const char *const *)resp.v,
        .n_response_headers = resp.n,
        .response_body_bytes = s->body.len,
        .elapsed_ms = (long)ms,
        .result = result,
    };
    cfg->trace(&e, cfg->trace_user);
    free(url);
    lines_free(&req);
    lines_free(&resp);
}

APICC_API void apicc_trace_print(const apicc_trace_event *e, void *stream)
{
    FILE *f = stream ? (FILE *)stream : stderr;
    if (!e)
        return;
    fprintf(f, "apicc: %s %s -> ", e->method ? e->method : "?",
            e->url ? e->url : "?");
    if (e->status)
        fprintf(f, "%ld", e->status);
    else
        fprintf(f, "no response (%s)", apicc_strerror(e->result));
    fprintf(f, " in %ld ms (%s, attempt %d, sent %zu B, got %zu B)\n",
            e->elapsed_ms, e->endpoint ? e->endpoint : "?", e->attempt,
            e->request_body_bytes, e->response_body_bytes);
    for (size_t i = 0; i < e->n_request_headers; i++)
        fprintf(f, "apicc: > %s\n", e->request_headers[i]);
    for (size_t i = 0; i < e->n_response_headers; i++)
        fprintf(f, "apicc: < %s\n", e->response_headers[i]);
}
