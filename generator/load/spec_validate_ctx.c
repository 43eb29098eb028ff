/*
 * The validator's context and what both of its parts use: error reports
 * and the search for repeated names.  spec_validate.c (references and
 * transport rules) and spec_validate_names.c (C names) sit above it, and
 * spec_validate.c calls spec_validate_names.c, never the other way round.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "load/spec_validate_ctx.h"

void vd_error(vd_ctx *v, spec_pos pos, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_error(v->d, v->path, pos.line, pos.col, "%s", msg);
}

/* ---- duplicates and lookups ---------------------------------------- */

typedef struct name_ref {
    const char *name;
    size_t index;
} name_ref;

static int cmp_name_ref(const void *pa, const void *pb)
{
    const name_ref *a = pa, *b = pb;
    int c = strcmp(a->name, b->name);
    if (c)
        return c;
    return a->index < b->index ? -1 : a->index > b->index;
}

char *vd_repeats(vd_ctx *v, const char *const *names, const spec_pos *pos,
                 size_t n, const char *what)
{
    char *flags = calloc(n ? n : 1, 1);
    name_ref *refs = malloc((n ? n : 1) * sizeof(*refs));
    if (!flags || !refs) {
        free(flags);
        free(refs);
        v->oom = 1;
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (names[i])
            refs[k++] = (name_ref){names[i], i};
    qsort(refs, k, sizeof(*refs), cmp_name_ref);
    size_t first = 0;
    for (size_t i = 1; i < k; i++) {
        if (strcmp(refs[first].name, refs[i].name) != 0) {
            first = i;
            continue;
        }
        flags[refs[i].index] = 1;
        if (what)
            vd_error(v, pos[refs[i].index],
                     "duplicate %s '%s' (first at line %d)", what,
                     refs[i].name, pos[refs[first].index].line);
    }
    free(refs);
    return flags;
}

int vd_dotted_path_ok(const char *p)
{
    if (!p || !*p || *p == '.')
        return 0;
    for (; *p; p++)
        if (*p == '.' && (p[1] == '.' || p[1] == '\0'))
            return 0;
    return 1;
}
