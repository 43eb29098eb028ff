/*
 * The validator's context, shared by spec_validate.c and
 * spec_validate_names.c, with the helpers both use (spec_validate_ctx.c).
 */
#ifndef APICC_GEN_SPEC_VALIDATE_CTX_H
#define APICC_GEN_SPEC_VALIDATE_CTX_H

#include <stddef.h>

#include "load/spec.h"

struct diag;

typedef struct vd_ctx {
    spec *s;
    struct diag *d;
    const char *path;
    /* 1 where an item repeats an earlier item's name: reported as a
     * duplicate, so its C names are not checked again */
    char *model_repeat;
    char *endpoint_repeat;
    int oom;
} vd_ctx;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void vd_error(vd_ctx *v, spec_pos pos, const char *fmt, ...);

/*
 * Flags (malloc'd, n entries; NULL when out of memory) marking each entry
 * whose name an earlier entry has.  When `what` is given, each repeat is
 * reported at its position as "duplicate <what> 'x' (first at line N)".
 * NULL names are never repeats.
 */
char *vd_repeats(vd_ctx *v, const char *const *names, const spec_pos *pos,
                 size_t n, const char *what);

#endif
