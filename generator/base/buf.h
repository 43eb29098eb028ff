/*
 * A growable byte buffer, always NUL-terminated, for building output text.
 *
 * Allocation failure is sticky: after one, every append is ignored and
 * buf_failed() reports it, so callers check once at the end.
 */
#ifndef APICC_GEN_BUF_H
#define APICC_GEN_BUF_H

#include <stddef.h>

typedef struct buf {
    char *data; /* NUL-terminated when len > 0 or after any append */
    size_t len;
    size_t cap;
    int failed;
} buf;

void buf_init(buf *b);
void buf_free(buf *b);
void buf_append(buf *b, const char *s, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void buf_printf(buf *b, const char *fmt, ...);
int buf_failed(const buf *b);
/* Hands the data to the caller (who frees it) and resets the buffer;
 * returns "" copied when empty, NULL on allocation failure. */
char *buf_take(buf *b);

/* A malloc'd copy of s; NULL when out of memory. */
char *str_dup(const char *s);

#endif
