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
        char path[192];
        apicc__path_format(p, path, sizeof path);
        /* Bounded parts: a long path loses its tail, never the reason. */
        snprintf(p->msg, sizeof p->msg, "%.100s: %.150s", path, what);
    }
    return APICC_ERR_RESPONSE;
}

apicc_status apicc__nomem(apicc__parse_ctx *p)
{
    if (p->msg[0] == '\0')
        snprintf(p->msg, sizeof p->msg, "out of memory");
    return APICC_ERR_NOMEM;
}

/* Appends `n` bytes of `s` to buf (holding *len bytes), cut where it is
 * full. */
static void put(char *buf, size_t cap, size_t *len, const char *s, size_t n)
{
    size_t room = cap - 1 - *len;
    if (n > room)
        n = room;
    memcpy(buf + *len, s, n);
    *len += n;
    buf[*len] = '\0';
}

void apicc__path_format(const apicc__parse_ctx *p, char *buf, size_t cap)
{
    size_t len = 0;
    buf[0] = '\0';
    put(buf, cap, &len, p->root, strlen(p->root));
    size_t n = p->nsteps < APICC__PATH_STEPS ? p->nsteps : APICC__PATH_STEPS;
    for (size_t i = 0; i < n; i++) {
        const char *name = p->step[i].name;
        if (name) {
            put(buf, cap, &len, ".", 1);
            put(buf, cap, &len, name, strlen(name));
            continue;
        }
        char digits[24];
        size_t d = sizeof digits;
        unsigned long u =
            p->step[i].index < 0 ? 0UL : (unsigned long)p->step[i].index;
        digits[--d] = ']';
        do {
            digits[--d] = (char)('0' + u % 10);
            u /= 10;
        } while (u && d > 1);
        digits[--d] = '[';
        put(buf, cap, &len, digits + d, sizeof digits - d);
    }
}
