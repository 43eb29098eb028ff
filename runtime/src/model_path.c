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

size_t apicc__path_push(apicc__parse_ctx *p, const char *name, long index)
{
    size_t old = strlen(p->path);
    size_t room = sizeof p->path - old;
    if (name)
        snprintf(p->path + old, room, ".%s", name);
    else
        snprintf(p->path + old, room, "[%ld]", index);
    return old;
}

void apicc__path_pop(apicc__parse_ctx *p, size_t old)
{
    p->path[old] = '\0';
}

