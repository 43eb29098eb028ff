/*
 * Where a signing rule's values go, as text: in front of a query, or into
 * a body (a JSON object's member, a form's field, or the whole body).
 * Every transport that places values first or in the body uses these, so
 * the bytes are the same whichever carries the request.
 */
#include <stdlib.h>
#include <string.h>

#include "sign_internal.h"

int apicc__prepend_query(apicc__buf *query, const char *name,
                         const char *value, size_t len)
{
    apicc__buf b = {0};
    apicc__buf_put_encoded(&b, name, strlen(name));
    apicc__buf_put(&b, "=", 1);
    apicc__buf_put_encoded(&b, value, len);
    if (query->len > 0) {
        apicc__buf_put(&b, "&", 1);
        apicc__buf_put(&b, query->data, query->len);
    }
    apicc__buf_reset(query);
    apicc__buf_put(query, b.data ? b.data : "", b.len);
    int ok = !b.failed && !query->failed;
    apicc__buf_free(&b);
    return ok;
}

static void form_field(apicc__buf *out, const char *name, const char *value,
                       size_t len)
{
    apicc__buf_put_encoded(out, name, strlen(name));
    apicc__buf_put(out, "=", 1);
    apicc__buf_put_encoded(out, value, len);
}

int apicc__body_with(apicc__buf *out, const char *old, size_t oldlen,
                     const char *name, const char *value, size_t len,
                     int first, int number)
{
    if (!name) {
        apicc__buf_put(out, value, len);
    } else if (oldlen >= 2 && old[0] == '{' && old[oldlen - 1] == '}') {
        size_t inner = oldlen - 2;
        apicc__buf_put(out, "{", 1);
        if (!first && inner > 0) {
            apicc__buf_put(out, old + 1, inner);
            apicc__buf_put(out, ",", 1);
        }
        apicc__json_quote(out, name, strlen(name));
        apicc__buf_put(out, ":", 1);
        if (number)
            apicc__buf_put(out, value, len);
        else
            apicc__json_quote(out, value, len);
        if (first && inner > 0) {
            apicc__buf_put(out, ",", 1);
            apicc__buf_put(out, old + 1, inner);
        }
        apicc__buf_put(out, "}", 1);
    } else {
        if (!first && oldlen > 0) {
            apicc__buf_put(out, old, oldlen);
            apicc__buf_put(out, "&", 1);
        }
        form_field(out, name, value, len);
        if (first && oldlen > 0) {
            apicc__buf_put(out, "&", 1);
            apicc__buf_put(out, old, oldlen);
        }
    }
    if (!out->data)
        apicc__buf_puts(out, "");
    return !out->failed;
}

static int pair_cmp(const void *a, const void *b)
{
    const char *const *x = a, *const *y = b;
    size_t nx = strcspn(*x, "="), ny = strcspn(*y, "=");
    int c = strncmp(*x, *y, nx < ny ? nx : ny);
    if (c != 0)
        return c;
    if (nx != ny)
        return nx < ny ? -1 : 1;
    return *x < *y ? -1 : *x > *y; /* stable: the pairs' addresses rise */
}

int apicc__sort_query(apicc__buf *query)
{
    if (query->len == 0)
        return 1;
    apicc__buf copy = {0};
    apicc__buf_put(&copy, query->data, query->len);
    size_t n = 1;
    for (size_t i = 0; i < copy.len; i++)
        n += copy.data[i] == '&';
    char **pairs = copy.failed ? NULL : malloc(n * sizeof *pairs);
    if (pairs) {
        size_t k = 0;
        pairs[k++] = copy.data;
        for (size_t i = 0; i < copy.len; i++)
            if (copy.data[i] == '&') {
                copy.data[i] = '\0';
                pairs[k++] = copy.data + i + 1;
            }
        qsort(pairs, n, sizeof *pairs, pair_cmp);
        apicc__buf_reset(query);
        for (size_t i = 0; i < n; i++) {
            if (i > 0)
                apicc__buf_put(query, "&", 1);
            apicc__buf_puts(query, pairs[i]);
        }
    }
    int ok = pairs && !query->failed;
    free(pairs);
    apicc__buf_free(&copy);
    return ok;
}
