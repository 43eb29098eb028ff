/*
 * WebSocket URLs (RFC 6455 section 3): ws:// and wss://, a host name, an
 * IPv4 address or a bracketed IPv6 address, an optional port, and the
 * resource (path and query) sent in the request line.
 *
 * The parser is strict on purpose: everything it accepts goes verbatim
 * into the request line, the Host header and libcurl's URL, so nothing
 * that could split a header or confuse libcurl's URL parser gets through.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ws_internal.h"

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* Host names: letters, digits, '-', '.', '_' (as seen in the wild). */
static int host_char_ok(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_';
}

static int v6_char_ok(char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
           (ch >= 'A' && ch <= 'F') || ch == ':' || ch == '.';
}

/* Splits "host[:port]" or "[v6][:port]" into *host and *port. */
static apicc_status parse_authority(const char *a, size_t n, int def_port,
                                    char **host, int *port, int *v6,
                                    const char **why)
{
    const char *h = a, *colon = NULL;
    size_t hlen;
    *v6 = 0;
    if (n > 0 && a[0] == '[') {
        const char *close = memchr(a, ']', n);
        if (!close) {
            *why = "unterminated '[' in the host";
            return APICC_ERR_INVALID_ARG;
        }
        h = a + 1;
        hlen = (size_t)(close - h);
        for (size_t i = 0; i < hlen; i++)
            if (!v6_char_ok(h[i])) {
                *why = "bad character in an IPv6 address";
                return APICC_ERR_INVALID_ARG;
            }
        *v6 = 1;
        size_t rest = n - (size_t)(close + 1 - a);
        if (rest > 0 && close[1] != ':') {
            *why = "junk after ']' in the host";
            return APICC_ERR_INVALID_ARG;
        }
        colon = rest > 0 ? close + 1 : NULL;
    } else {
        colon = memchr(a, ':', n);
        hlen = colon ? (size_t)(colon - a) : n;
        for (size_t i = 0; i < hlen; i++)
            if (!host_char_ok(a[i])) {
                *why = "bad character in the host";
                return APICC_ERR_INVALID_ARG;
            }
    }
    if (hlen == 0) {
        *why = "empty host";
        return APICC_ERR_INVALID_ARG;
    }
    *port = def_port;
    if (colon) {
        const char *p = colon + 1, *end = a + n;
        long v = 0;
        if (p == end || end - p > 5) {
            *why = "bad port";
            return APICC_ERR_INVALID_ARG;
        }
        for (; p < end; p++) {
            if (*p < '0' || *p > '9') {
                *why = "bad port";
                return APICC_ERR_INVALID_ARG;
            }
            v = v * 10 + (*p - '0');
        }
        if (v < 1 || v > 65535) {
            *why = "port out of range";
            return APICC_ERR_INVALID_ARG;
        }
        *port = (int)v;
    }
    *host = dup_n(h, hlen);
    return *host ? APICC_OK : APICC_ERR_NOMEM;
}

/* Fills the derived strings once host, port and resource are known. */
static apicc_status derive(apicc__ws_url *u, int v6, int def_port)
{
    const char *lb = v6 ? "[" : "", *rb = v6 ? "]" : "";
    size_t n = strlen(u->host) + 32;
    u->host_header = malloc(n);
    u->curl_url = malloc(n);
    if (!u->host_header || !u->curl_url)
        return APICC_ERR_NOMEM;
    /* The Host header names the port only when it is not the default
     * (RFC 6455 section 4.1, item 4). */
    if (u->port == def_port)
        snprintf(u->host_header, n, "%s%s%s", lb, u->host, rb);
    else
        snprintf(u->host_header, n, "%s%s%s:%d", lb, u->host, rb, u->port);
    snprintf(u->curl_url, n, "%s://%s%s%s:%d/", u->secure ? "https" : "http",
             lb, u->host, rb, u->port);
    return APICC_OK;
}

apicc_status apicc__ws_url_parse(const char *url, apicc__ws_url *out,
                                 const char **why)
{
    memset(out, 0, sizeof(*out));
    *why = "";
    if (!url) {
        *why = "no URL";
        return APICC_ERR_INVALID_ARG;
    }
    for (const char *p = url; *p; p++)
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f) {
            *why = "space, control or non-ASCII character in the URL";
            return APICC_ERR_INVALID_ARG;
        }
    const char *rest;
    if (strncasecmp(url, "ws://", 5) == 0) {
        rest = url + 5;
    } else if (strncasecmp(url, "wss://", 6) == 0) {
        out->secure = 1;
        rest = url + 6;
    } else {
        *why = "the URL must start with ws:// or wss://";
        return APICC_ERR_INVALID_ARG;
    }
    if (strchr(url, '#')) {
        *why = "a WebSocket URL has no fragment";
        return APICC_ERR_INVALID_ARG;
    }
    size_t alen = strcspn(rest, "/?");
    if (memchr(rest, '@', alen)) {
        *why = "user info in the URL is not supported";
        return APICC_ERR_INVALID_ARG;
    }
    int def_port = out->secure ? 443 : 80, v6 = 0;
    apicc_status st =
        parse_authority(rest, alen, def_port, &out->host, &out->port, &v6, why);
    if (st == APICC_OK) {
        const char *res = rest + alen;
        /* "ws://h?x" has the resource "/?x" (RFC 6455 section 3). */
        size_t rlen = strlen(res);
        out->resource = malloc(rlen + 2);
        if (!out->resource) {
            st = APICC_ERR_NOMEM;
        } else {
            size_t k = 0;
            if (res[0] != '/')
                out->resource[k++] = '/';
            memcpy(out->resource + k, res, rlen + 1);
            st = derive(out, v6, def_port);
        }
    }
    if (st == APICC_ERR_NOMEM)
        *why = "out of memory";
    if (st != APICC_OK)
        apicc__ws_url_free(out);
    return st;
}

void apicc__ws_url_free(apicc__ws_url *u)
{
    if (!u)
        return;
    free(u->host);
    free(u->host_header);
    free(u->resource);
    free(u->curl_url);
    memset(u, 0, sizeof(*u));
}
