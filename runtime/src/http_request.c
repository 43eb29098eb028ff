/*
 * HTTP requests as data: the path from its template, the query string,
 * headers and cookies, built from an endpoint's arguments before anything
 * is sent.  No libcurl here, so the URL rules can be tested on their own
 * (tests/unit/test_url.c).
 *
 * Each param is written as its style says (param_encode.c): path and
 * query values keep only the unreserved characters of RFC 3986 and
 * percent-encode every other byte, so no value can add a path segment, a
 * query pair or a fragment; cookie values percent-encode what RFC 6265
 * does not allow.  Header values cannot be encoded, so values that could
 * end them are refused.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "apicc/sign.h"
#include "http_internal.h"

/* ---- requests ----------------------------------------------------------- */

void apicc__req_init(apicc__request *r, const char *method)
{
    memset(r, 0, sizeof *r);
    r->method = method;
}

void apicc__req_reset(apicc__request *r, const char *method)
{
    apicc__buf_reset(&r->path);
    apicc__buf_reset(&r->query);
    apicc__buf_reset(&r->cookies);
    apicc__buf_reset(&r->lines);
    apicc__buf_reset(&r->signed_body);
    r->nheaders = 0;
    r->body = NULL;
    r->body_len = 0;
    r->body_streamed = 0;
    r->err[0] = '\0';
    r->method = method;
}

void apicc__req_free(apicc__request *r)
{
    apicc__buf_free(&r->path);
    apicc__buf_free(&r->signed_body);
    apicc__buf_free(&r->query);
    apicc__buf_free(&r->cookies);
    apicc__buf_free(&r->lines);
    free(r->header_at);
    r->header_at = NULL;
    r->nheaders = r->capheaders = 0;
}

const char *apicc__req_header_line(const apicc__request *r, size_t i)
{
    return r->lines.data + r->header_at[i];
}

static apicc_status req_fail(apicc__request *r, apicc_status st,
                             const char *what, const char *name)
{
    snprintf(r->err, sizeof r->err, "%s \"%.64s\"", what, name ? name : "");
    return st;
}

/* Where the path starts in a base URL ("https://h:1/v1" -> "/v1"); the
 * end of the string when it has no path. */
static const char *base_path(const char *base_url)
{
    const char *p = strstr(base_url, "://");
    p = p ? p + 3 : base_url;
    while (*p && *p != '/' && *p != '?' && *p != '#')
        p++;
    return p;
}

/* The length of a base URL's path, query and fragment left out. */
static size_t base_path_len(const char *path)
{
    size_t n = strcspn(path, "?#");
    while (n > 0 && path[n - 1] == '/')
        n--;
    return n;
}

/* Writes path param `name` (n bytes) as its style says. */
static apicc_status put_path_arg(apicc__request *r, const char *name,
                                 size_t n, const apicc_arg *args,
                                 size_t nargs)
{
    for (size_t i = 0; i < nargs; i++) {
        const apicc_arg *a = &args[i];
        if (a->in != APICC_IN_PATH || !a->name || strlen(a->name) != n ||
            memcmp(a->name, name, n) != 0)
            continue;
        size_t count = apicc__param_group(args, i, nargs);
        size_t at = r->path.len;
        const char *why = NULL;
        apicc_status st = apicc__encode_param(&r->path, a, count, &why);
        if (st != APICC_OK)
            return req_fail(r, st, why ? why : "bad path param", a->name);
        if (r->path.failed)
            return APICC_ERR_NOMEM;
        size_t len = r->path.len - at;
        const char *text = r->path.data + at;
        if (len == 0) /* "/users/" names another resource than a user */
            return req_fail(r, APICC_ERR_INVALID_ARG, "empty path param",
                            a->name);
        /* Dot segments would be removed by URL normalisation (RFC 3986
         * 5.2.4) and move the request to another resource. */
        if ((len == 1 || len == 2) && strncmp(text, "..", len) == 0) {
            r->path.len = at;
            apicc__buf_puts(&r->path, len == 1 ? "%2E" : "%2E%2E");
        }
        return APICC_OK;
    }
    char tmp[65];
    snprintf(tmp, sizeof tmp, "%.*s", (int)(n < 64 ? n : 64), name);
    return req_fail(r, APICC_ERR_INVALID_ARG, "missing path param", tmp);
}

apicc_status apicc__req_path(apicc__request *r, const char *base_url,
                             const char *tmpl, const apicc_arg *args,
                             size_t nargs)
{
    apicc__buf_reset(&r->path);
    const char *bp = base_path(base_url ? base_url : "");
    apicc__buf_put(&r->path, bp, base_path_len(bp));
    if (!tmpl || !*tmpl)
        tmpl = "/";
    if (*tmpl != '/')
        apicc__buf_put(&r->path, "/", 1);
    const char *p = tmpl;
    while (*p) {
        const char *open = strchr(p, '{');
        if (!open) {
            apicc__buf_puts(&r->path, p);
            break;
        }
        apicc__buf_put(&r->path, p, (size_t)(open - p));
        const char *close = strchr(open + 1, '}');
        if (!close || close == open + 1)
            return req_fail(r, APICC_ERR_INVALID_ARG,
                            "malformed path template", tmpl);
        apicc_status st = put_path_arg(r, open + 1, (size_t)(close - open - 1),
                                       args, nargs);
        if (st != APICC_OK)
            return st;
        p = close + 1;
    }
    return r->path.failed ? APICC_ERR_NOMEM : APICC_OK;
}

apicc_status apicc__req_query(apicc__request *r, const char *name,
                              const char *value, size_t len)
{
    if (!name || !*name || (!value && len > 0))
        return req_fail(r, APICC_ERR_INVALID_ARG, "bad query param", name);
    if (r->query.len > 0)
        apicc__buf_put(&r->query, "&", 1);
    apicc__buf_put_encoded(&r->query, name, strlen(name));
    apicc__buf_put(&r->query, "=", 1);
    apicc__buf_put_encoded(&r->query, value, len);
    return r->query.failed ? APICC_ERR_NOMEM : APICC_OK;
}

/* The index of header `name` (case-insensitive), or nheaders. */
static size_t find_header(const apicc__request *r, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < r->nheaders; i++) {
        const char *line = apicc__req_header_line(r, i);
        if (strncasecmp(line, name, n) == 0 && line[n] == ':')
            return i;
    }
    return r->nheaders;
}

/* Makes the line that starts at `at` header `name`: it takes the place of
 * a line of the same name (whose bytes are wiped), or is added last. */
static apicc_status use_line(apicc__request *r, const char *name, size_t at)
{
    size_t i = find_header(r, name);
    if (i < r->nheaders) {
        char *old = r->lines.data + r->header_at[i];
        apicc_wipe(old, strlen(old));
        r->header_at[i] = at;
        return APICC_OK;
    }
    if (r->nheaders == r->capheaders) {
        size_t cap = r->capheaders ? r->capheaders * 2 : 8;
        size_t *h = realloc(r->header_at, cap * sizeof *h);
        if (!h)
            return APICC_ERR_NOMEM;
        r->header_at = h;
        r->capheaders = cap;
    }
    r->header_at[r->nheaders++] = at;
    return APICC_OK;
}

apicc_status apicc__req_header(apicc__request *r, const char *name,
                               const char *prefix, const char *value)
{
    if (!apicc__header_name_ok(name))
        return req_fail(r, APICC_ERR_INVALID_ARG, "bad header name", name);
    if (!apicc__header_value_ok(value) ||
        (prefix && !apicc__header_value_ok(prefix)))
        return req_fail(r, APICC_ERR_INVALID_ARG,
                        "control character (CR or LF) in header", name);
    size_t at = r->lines.len;
    apicc__buf_puts(&r->lines, name);
    apicc__buf_put(&r->lines, ": ", 2);
    if (prefix) {
        apicc__buf_puts(&r->lines, prefix);
        apicc__buf_put(&r->lines, " ", 1);
    }
    apicc__buf_put(&r->lines, value, strlen(value) + 1); /* with its NUL */
    if (r->lines.failed)
        return APICC_ERR_NOMEM;
    return use_line(r, name, at);
}

apicc_status apicc__req_cookie(apicc__request *r, const char *name,
                               const char *value)
{
    if (!apicc__header_name_ok(name))
        return req_fail(r, APICC_ERR_INVALID_ARG, "bad cookie name", name);
    if (!apicc__cookie_value_ok(value))
        return req_fail(r, APICC_ERR_INVALID_ARG,
                        "control character, ';' or ',' in cookie", name);
    if (r->cookies.len > 0)
        apicc__buf_put(&r->cookies, "; ", 2);
    apicc__buf_puts(&r->cookies, name);
    apicc__buf_put(&r->cookies, "=", 1);
    apicc__buf_puts(&r->cookies, value);
    return r->cookies.failed ? APICC_ERR_NOMEM : APICC_OK;
}

/* Places the param that starts at args[i] (count arguments); the
 * encoder writes its text into `tmp`. */
static apicc_status place_param(apicc__request *r, const apicc_arg *args,
                                size_t i, size_t count, apicc__buf *tmp)
{
    const apicc_arg *a = &args[i];
    if (a->in == APICC_IN_PATH)
        return APICC_OK; /* placed by apicc__req_path */
    apicc__buf_reset(tmp);
    const char *why = NULL;
    apicc_status st = apicc__encode_param(tmp, a, count, &why);
    if (st != APICC_OK)
        return req_fail(r, st, why ? why : "bad param", a->name);
    if (tmp->failed)
        return APICC_ERR_NOMEM;
    apicc__buf *to = NULL;
    const char *sep = NULL;
    switch (a->in) {
    case APICC_IN_QUERY:
    case APICC_IN_PARAM:
        to = &r->query;
        sep = "&";
        break;
    case APICC_IN_HEADER:
        return apicc__req_header(r, a->name, NULL, tmp->data ? tmp->data : "");
    case APICC_IN_COOKIE:
        to = &r->cookies;
        sep = "; ";
        break;
    default:
        return req_fail(r, APICC_ERR_INVALID_ARG, "no location for param",
                        a->name);
    }
    if (tmp->len == 0)
        return APICC_OK;
    if (to->len > 0)
        apicc__buf_puts(to, sep);
    apicc__buf_put(to, tmp->data, tmp->len);
    return to->failed ? APICC_ERR_NOMEM : APICC_OK;
}

apicc_status apicc__req_args(apicc__request *r, const char *base_url,
                             const apicc_endpoint *ep, const apicc_arg *args,
                             size_t nargs)
{
    if (nargs > 0 && !args)
        return req_fail(r, APICC_ERR_INVALID_ARG, "no arguments for",
                        ep->name);
    for (size_t i = 0; i < nargs; i++)
        if (!args[i].name || !*args[i].name)
            return req_fail(r, APICC_ERR_INVALID_ARG, "unnamed param in",
                            ep->name);
    apicc_status st = apicc__req_path(r, base_url, ep->path, args, nargs);
    apicc__buf tmp = {0}; /* a value may be a secret: wiped when freed */
    for (size_t i = 0; i < nargs && st == APICC_OK;) {
        size_t count = apicc__param_group(args, i, nargs);
        st = place_param(r, args, i, count, &tmp);
        i += count;
    }
    apicc__buf_free(&tmp);
    return st;
}

apicc_status apicc__req_link(apicc__request *r, const char *path_query)
{
    for (const char *p = path_query; *p; p++)
        if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f ||
            *p == '#')
            return req_fail(r, APICC_ERR_RESPONSE,
                            "the next link holds a byte no URL may hold:",
                            "link");
    if (path_query[0] != '/')
        return req_fail(r, APICC_ERR_RESPONSE,
                        "the next link is not an absolute path:", "link");
    const char *q = strchr(path_query, '?');
    size_t plen = q ? (size_t)(q - path_query) : strlen(path_query);
    apicc__buf_reset(&r->path);
    apicc__buf_reset(&r->query);
    apicc__buf_put(&r->path, path_query, plen);
    if (q)
        apicc__buf_puts(&r->query, q + 1);
    return r->path.failed || r->query.failed ? APICC_ERR_NOMEM : APICC_OK;
}

apicc_status apicc__req_url(const apicc__request *r, const char *base_url,
                            apicc__buf *out)
{
    const char *bp = base_path(base_url);
    apicc__buf_reset(out);
    apicc__buf_put(out, base_url, (size_t)(bp - base_url));
    if (r->path.len > 0)
        apicc__buf_put(out, r->path.data, r->path.len);
    else
        apicc__buf_put(out, "/", 1);
    if (r->query.len > 0) {
        apicc__buf_put(out, "?", 1);
        apicc__buf_put(out, r->query.data, r->query.len);
    }
    return out->failed ? APICC_ERR_NOMEM : APICC_OK;
}
