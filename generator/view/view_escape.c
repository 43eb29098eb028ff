/*
 * The view's side of the C text rules: see view_escape.h.
 */
#include "view/view_escape.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/c_text.h"

void view_comment(view_ctx *v, cJSON *obj, const char *key, const char *s)
{
    if (!s) {
        view_str(v, obj, key, NULL);
        return;
    }
    char *safe = c_comment_text(s, strlen(s));
    if (!safe) {
        v->failed = 1;
        return;
    }
    view_str(v, obj, key, safe);
    free(safe);
}

void view_comment_fmt(view_ctx *v, cJSON *obj, const char *key,
                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    view_vfmt_with(v, obj, key, view_comment, fmt, ap);
    va_end(ap);
}

void view_spec_str(view_ctx *v, cJSON *obj, const char *key, const char *s)
{
    char twin[64];
    view_str(v, obj, key, s);
    snprintf(twin, sizeof twin, "%s_comment", key);
    view_comment(v, obj, twin, s);
}
