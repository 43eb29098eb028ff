/*
 * The server-sent events parser: see sse_internal.h for the rules.  The
 * parser keeps one line at a time, so what it holds is bounded by the
 * longest line and the largest event, never by the stream.
 */
#include <string.h>

#include "sse_internal.h"

static const char bom[] = "\xEF\xBB\xBF";

void apicc__sse_init(apicc__sse *p, size_t max_bytes)
{
    memset(p, 0, sizeof *p);
    p->retry_ms = -1;
    p->max_bytes = max_bytes ? max_bytes : APICC_SSE_DEFAULT_MAX;
}

void apicc__sse_free(apicc__sse *p)
{
    apicc__buf_free(&p->line);
    apicc__buf_free(&p->data);
    apicc__buf_free(&p->type);
    apicc__buf_free(&p->id);
}

/* A blank line: hands the event over when it has data, then starts the
 * next one (the last event id stays). */
static void dispatch(apicc__sse *p, apicc__sse_fn fn, void *user)
{
    if (p->data.len == 0) {
        apicc__buf_reset(&p->type);
        return;
    }
    /* the data lines were joined with a LF after each: drop the last */
    p->data.data[--p->data.len] = '\0';
    apicc__sse_event e = {
        .type = p->type.len ? p->type.data : "message",
        .data = p->data.data,
        .data_len = p->data.len,
        .id = p->id.len ? p->id.data : "",
        .retry_ms = p->retry_ms,
    };
    if (fn(&e, user) != 0)
        p->stopped = 1;
    apicc__buf_reset(&p->data);
    apicc__buf_reset(&p->type);
}

static int is_field(const char *name, size_t n, const char *want)
{
    return strlen(want) == n && memcmp(name, want, n) == 0;
}

/* One whole line (without its end). */
static apicc_status line(apicc__sse *p, apicc__sse_fn fn, void *user)
{
    const char *l = p->line.data ? p->line.data : "";
    size_t n = p->line.len;
    if (n == 0) {
        dispatch(p, fn, user);
        return APICC_OK;
    }
    if (l[0] == ':')
        return APICC_OK; /* a comment: servers send them to keep alive */
    const char *colon = memchr(l, ':', n);
    size_t nlen = colon ? (size_t)(colon - l) : n;
    const char *v = colon ? colon + 1 : l + n;
    if (colon && v < l + n && *v == ' ')
        v++;
    size_t vlen = (size_t)(l + n - v);
    if (is_field(l, nlen, "data")) {
        if (p->data.len + vlen + 1 > p->max_bytes)
            return APICC_ERR_TOO_LARGE;
        apicc__buf_put(&p->data, v, vlen);
        apicc__buf_put(&p->data, "\n", 1);
    } else if (is_field(l, nlen, "event")) {
        apicc__buf_reset(&p->type);
        apicc__buf_put(&p->type, v, vlen);
    } else if (is_field(l, nlen, "id")) {
        if (!memchr(v, '\0', vlen)) {
            apicc__buf_reset(&p->id);
            apicc__buf_put(&p->id, v, vlen);
        }
    } else if (is_field(l, nlen, "retry")) {
        long ms = 0;
        size_t i = 0;
        for (; i < vlen && v[i] >= '0' && v[i] <= '9'; i++)
            ms = ms < 100000000L ? ms * 10 + (v[i] - '0') : ms;
        if (vlen > 0 && i == vlen)
            p->retry_ms = ms;
    }
    int failed = p->data.failed || p->type.failed || p->id.failed;
    return failed ? APICC_ERR_NOMEM : APICC_OK;
}

apicc_status apicc__sse_feed(apicc__sse *p, const char *bytes, size_t len,
                             apicc__sse_fn fn, void *user)
{
    size_t i = 0;
    /* a UTF-8 BOM may open the stream, also split across chunks */
    while (!p->started && i < len) {
        if ((unsigned char)bytes[i] != (unsigned char)bom[p->bom_seen]) {
            /* not a BOM after all: what matched so far was text */
            apicc__buf_put(&p->line, bom, (size_t)p->bom_seen);
            p->started = 1;
            break;
        }
        i++;
        if (++p->bom_seen == 3)
            p->started = 1;
    }
    /* The next LF at or after i (or the end), found with memchr once per
     * LF rather than byte by byte; a CR is looked for only before it, so
     * every byte is scanned at most twice whatever the line endings. */
    const char *lf = NULL;
    while (i < len && !p->stopped) {
        char ch = bytes[i++];
        if (ch == '\n' && p->after_cr) {
            p->after_cr = 0; /* the LF of a CRLF */
            continue;
        }
        p->after_cr = ch == '\r';
        if (ch == '\n' || ch == '\r') {
            apicc_status st = line(p, fn, user);
            apicc__buf_reset(&p->line);
            if (st != APICC_OK)
                return st;
            continue;
        }
        /* the rest of the line up to its end, in one copy */
        size_t start = i - 1;
        if (!lf || lf < bytes + start) {
            lf = memchr(bytes + start, '\n', len - start);
            if (!lf)
                lf = bytes + len;
        }
        const char *cr = memchr(bytes + start, '\r', (size_t)(lf - bytes) - start);
        size_t end = (size_t)((cr ? cr : lf) - bytes);
        if (p->line.len + (end - start) > p->max_bytes)
            return APICC_ERR_TOO_LARGE;
        apicc__buf_put(&p->line, bytes + start, end - start);
        if (p->line.failed)
            return APICC_ERR_NOMEM;
        i = end;
    }
    return APICC_OK;
}
