/*
 * The model walker's messages: the JSON path of the value at hand
 * ("Reply.items[3].id") and the first problem found there, shared by
 * model.c and model_union.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model_internal.h"

apicc_status apicc__shape_error(apicc__parse_ctx *p, const char *fmt, ...)
{
    if (!p->probing && p->msg[0] == '\0') {
        char what[160];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(what, sizeof what, fmt, ap);
        va_end(ap);
        /* Bounded parts: a long path loses its tail, never the reason. */
        snprintf(p->msg, sizeof p->msg, "%.100s: %.150s", p->path, what);
    }
    return APICC_ERR_RESPONSE;
}

apicc_status apicc__nomem(apicc__parse_ctx *p)
{
    if (p->msg[0] == '\0')
        snprintf(p->msg, sizeof p->msg, "out of memory");
    return APICC_ERR_NOMEM;
}

/* Appends `n` bytes of `s` to the path, cut where it is full. */
static void path_put(apicc__parse_ctx *p, const char *s, size_t n)
{
    size_t room = sizeof p->path - 1 - p->path_len;
    if (n > room)
        n = room;
    memcpy(p->path + p->path_len, s, n);
    p->path_len += n;
    p->path[p->path_len] = '\0';
}

/* It runs for every member read, so it copies rather than formats
 * (snprintf here was a tenth of a typed event's cost). */
size_t apicc__path_push(apicc__parse_ctx *p, const char *name, long index)
{
    size_t old = p->path_len;
    if (name) {
        path_put(p, ".", 1);
        path_put(p, name, strlen(name));
        return old;
    }
    char digits[24];
    size_t i = sizeof digits;
    unsigned long u = index < 0 ? 0UL : (unsigned long)index;
    digits[--i] = ']';
    do {
        digits[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u && i > 1);
    digits[--i] = '[';
    path_put(p, digits + i, sizeof digits - i);
    return old;
}

void apicc__path_pop(apicc__parse_ctx *p, size_t old)
{
    p->path_len = old;
    p->path[old] = '\0';
}
