/*
 * Tracing HTTP attempts (apicc_client_set_trace): what went over the wire,
 * with every credential replaced by "[redacted]" before the callback sees
 * it (trace_redact.c).  The redacted copies are built only while a
 * callback is set, and freed before returning; no value of a redacted
 * name is ever copied.
 *
 * Layer: the HTTP transport (reads its request and libcurl's headers).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apicc/sign.h"
#include "http_internal.h"
#include "trace_internal.h"

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
        apicc__trace_free(l->v[i]);
    free(l->v);
}

/* The request's header lines, and its own Cookie header. */
static void request_lines(lines *l, const apicc_endpoint *ep,
                          const apicc__request *r)
{
    for (size_t i = 0; i < r->nheaders; i++)
        lines_push(l, apicc__trace_redact_line(ep, apicc__req_header_line(r, i)));
    if (r->cookies.len) {
        apicc__buf b = {0};
        apicc__buf_put(&b, "Cookie: ", 8);
        apicc__buf_put(&b, r->cookies.data, r->cookies.len);
        if (!b.failed)
            lines_push(l, apicc__trace_redact_line(ep, b.data));
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
        char *red = apicc__trace_redact_line(ep, line);
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
    char *url = apicc__trace_redact_url(ep, s->url.data ? s->url.data : "");
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
    apicc__trace_free(url);
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
