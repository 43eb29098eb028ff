/*
 * The wiping text buffer (buf_internal.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "apicc/sign.h"
#include "buf_internal.h"
#include "encode_internal.h"

/* Makes room for `n` more bytes and a NUL.  Grows by copying into a new
 * block and wiping the old one, because realloc may leave a copy of a
 * secret in freed memory. */
int apicc__buf_reserve(apicc__buf *b, size_t n)
{
    if (b->failed)
        return 0;
    if (n > SIZE_MAX / 2 - b->len - 1) {
        b->failed = 1;
        return 0;
    }
    size_t need = b->len + n + 1;
    if (need <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 128;
    while (cap < need)
        cap *= 2;
    char *p = malloc(cap);
    if (!p) {
        b->failed = 1;
        return 0;
    }
    if (b->data) {
        memcpy(p, b->data, b->len + 1);
        apicc_wipe(b->data, b->cap);
        free(b->data);
    }
    b->data = p;
    b->cap = cap;
    return 1;
}

void apicc__buf_put(apicc__buf *b, const char *s, size_t n)
{
    if (!apicc__buf_reserve(b, n))
        return;
    if (n > 0)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void apicc__buf_puts(apicc__buf *b, const char *s)
{
    apicc__buf_put(b, s, strlen(s));
}

void apicc__buf_put_encoded(apicc__buf *b, const char *s, size_t n)
{
    size_t need = apicc__percent_encode_to(NULL, s, n);
    if (!apicc__buf_reserve(b, need))
        return;
    apicc__percent_encode_to(b->data + b->len, s, n);
    b->len += need;
    b->data[b->len] = '\0';
}

void apicc__buf_reset(apicc__buf *b)
{
    if (b->data) {
        apicc_wipe(b->data, b->len);
        b->data[0] = '\0';
    }
    b->len = 0;
    b->failed = 0;
}

void apicc__buf_free(apicc__buf *b)
{
    if (b->data) {
        apicc_wipe(b->data, b->cap);
        free(b->data);
    }
    memset(b, 0, sizeof *b);
}
