/*
 * A growable text buffer that wipes what it held (never installed).
 * Bottom layer: depends only on the encoders (encode_internal.h).
 *
 * Every buffer may hold a secret (an API key in a query, an Authorization
 * header, "user:password"), so its contents are wiped before its memory
 * is released or reused, growth included.
 */
#ifndef APICC_BUF_INTERNAL_H
#define APICC_BUF_INTERNAL_H

#include <stddef.h>

/* A growable NUL-terminated string.  After a failed allocation every
 * append is ignored and `failed` stays set, so builders check once. */
typedef struct apicc__buf {
    char *data;
    size_t len;
    size_t cap;
    int failed;
} apicc__buf;

/* Makes room for `n` more bytes and a NUL, for a writer that fills the
 * buffer in place; 0 (and `failed` set) when it cannot. */
int apicc__buf_reserve(apicc__buf *b, size_t n);
void apicc__buf_put(apicc__buf *b, const char *s, size_t n);
void apicc__buf_puts(apicc__buf *b, const char *s);
/* Appends `n` bytes percent-encoded (RFC 3986 unreserved kept). */
void apicc__buf_put_encoded(apicc__buf *b, const char *s, size_t n);
/* Wipes the contents and empties the buffer, keeping its memory. */
void apicc__buf_reset(apicc__buf *b);
/* Wipes and frees; the buffer is empty afterwards. */
void apicc__buf_free(apicc__buf *b);

#endif
