/*
 * The Link header (RFC 8288), as paginated APIs use it to point at the
 * next page: `<https://...?page=2>; rel="next", <...>; rel="last"`.
 * See link_internal.h.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "link_internal.h"

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

/* Whether the space-separated relation list [v, v+n) holds `rel`
 * (relation types compare case-insensitively). */
static int has_rel(const char *v, size_t n, const char *rel)
{
    size_t rl = strlen(rel);
    const char *end = v + n;
    while (v < end) {
        while (v < end && *v == ' ')
            v++;
        const char *w = v;
        while (w < end && *w != ' ')
            w++;
        if ((size_t)(w - v) == rl && strncasecmp(v, rel, rl) == 0)
            return 1;
        v = w;
    }
    return 0;
}

/* Reads one parameter value at p: a quoted string (with \-escapes,
 * which the relation types never need and are kept as they are) or a
 * token.  Sets [*v, *v + *n) and returns the position after it. */
static const char *param_value(const char *p, const char *end,
                               const char **v, size_t *n)
{
    if (p < end && *p == '"') {
        const char *q = ++p;
        while (q < end && *q != '"') {
            if (*q == '\\' && q + 1 < end)
                q++;
            q++;
        }
        *v = p;
        *n = (size_t)(q - p);
        return q < end ? q + 1 : q;
    }
    const char *q = p;
    while (q < end && *q != ';' && *q != ',' && *q != ' ' && *q != '\t')
        q++;
    *v = p;
    *n = (size_t)(q - p);
    return q;
}

int apicc__link_find(const char *header, const char *rel, const char **uri,
                     size_t *len)
{
    if (!header || !rel)
        return 0;
    const char *p = header, *end = header + strlen(header);
    while (p < end) {
        p = skip_ws(p, end);
        if (p >= end || *p != '<')
            return 0; /* not a link-value: nothing to trust after it */
        const char *u = p + 1;
        const char *close = memchr(u, '>', (size_t)(end - u));
        if (!close)
            return 0;
        size_t ulen = (size_t)(close - u);
        p = close + 1;
        int match = 0;
        /* the link's parameters, up to the comma before the next link */
        for (;;) {
            p = skip_ws(p, end);
            if (p >= end || *p == ',')
                break;
            if (*p != ';')
                return 0;
            p = skip_ws(p + 1, end);
            const char *name = p;
            while (p < end && *p != '=' && *p != ';' && *p != ',' &&
                   *p != ' ' && *p != '\t')
                p++;
            size_t nlen = (size_t)(p - name);
            p = skip_ws(p, end);
            const char *v = "";
            size_t vn = 0;
            if (p < end && *p == '=')
                p = param_value(skip_ws(p + 1, end), end, &v, &vn);
            if (nlen == 3 && strncasecmp(name, "rel", 3) == 0 &&
                has_rel(v, vn, rel))
                match = 1;
        }
        if (match) {
            *uri = u;
            *len = ulen;
            return 1;
        }
        if (p < end)
            p++; /* the comma */
    }
    return 0;
}
