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
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *text = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!text) {
        v->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(text, (size_t)n + 1, fmt, ap);
    va_end(ap);
    view_comment(v, obj, key, text);
    free(text);
}

void view_spec_str(view_ctx *v, cJSON *obj, const char *key, const char *s)
{
    char twin[64];
    view_str(v, obj, key, s);
    snprintf(twin, sizeof twin, "%s_comment", key);
    view_comment(v, obj, twin, s);
}
