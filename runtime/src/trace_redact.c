/*
 * Redaction for traces (apicc_client_set_trace), the same for every
 * transport: which names carry credentials, and header lines and URLs
 * with their values replaced by "[redacted]".  See trace_internal.h.
 *
 * Layer: bottom (reads an endpoint's auth tables, no client state).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "apicc/sign.h"
#include "buf_internal.h"
#include "trace_internal.h"

/* Whether `name` (n bytes) holds one of the words credentials go by.
 * Idempotency-Key is no credential, though it says "key": it is the
 * caller's own name for one operation, and seeing it repeat across the
 * attempts of a trace is how to check that a retry carried it. */
static int sounds_secret(const char *name, size_t n)
{
    if (n == 15 && strncasecmp(name, "Idempotency-Key", n) == 0)
        return 0;
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
                apicc__buf_put(b, APICC_REDACTED, strlen(APICC_REDACTED));
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
char *apicc__trace_redact_line(const apicc_endpoint *ep, const char *line)
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
        apicc__buf_put(&b, APICC_REDACTED, strlen(APICC_REDACTED));
    else
        apicc__buf_put(&b, v, strlen(v));
    return take(&b);
}

/* The URL with the user part and secret query values redacted. */
char *apicc__trace_redact_url(const apicc_endpoint *ep, const char *url)
{
    apicc__buf b = {0};
    const char *q = strchr(url, '?');
    size_t upto = q ? (size_t)(q - url) : strlen(url);
    const char *auth = strstr(url, "://");
    const char *at = auth ? memchr(auth, '@', upto - (size_t)(auth - url))
                          : NULL;
    if (at && !memchr(auth + 3, '/', (size_t)(at - auth - 3))) {
        apicc__buf_put(&b, url, (size_t)(auth + 3 - url));
        apicc__buf_put(&b, APICC_REDACTED "@", strlen(APICC_REDACTED) + 1);
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

void apicc__trace_free(char *s)
{
    if (s) {
        apicc_wipe(s, strlen(s));
        free(s);
    }
}
