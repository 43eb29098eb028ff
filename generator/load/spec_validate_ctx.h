/*
 * The validator's context, shared by spec_validate.c,
 * spec_validate_names.c and spec_validate_pagination.c, with the helpers
 * they use (spec_validate_ctx.c).
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

/* Whether p is a dotted path of non-empty member names ("meta.next"). */
int vd_dotted_path_ok(const char *p);

/* An endpoint's `pagination:` (spec_validate_pagination.c), after its
 * params and response are resolved. */
void vd_pagination(vd_ctx *v, spec_endpoint *e);

/* Endpoints' `subscribe:` and `survives_reconnect:`
 * (spec_validate_subscribe.c), after the events are checked. */
void vd_subscriptions(vd_ctx *v);

#endif
