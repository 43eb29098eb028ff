/*
 * The helpers every part of the view uses to add keys (view_util.h).
 */
#include "base/c_text.h"
#include "view/view_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/cname.h"
#include "base/global_names.h"

void view_str(view_ctx *v, cJSON *obj, const char *key, const char *s)
{
    cJSON *item = s ? cJSON_CreateString(s) : cJSON_CreateFalse();
    if (!item || !cJSON_AddItemToObject(obj, key, item)) {
        cJSON_Delete(item);
        v->failed = 1;
    }
}

void view_text(view_ctx *v, cJSON *obj, const char *key, const char *s)
{
    if (!s) {
        view_str(v, obj, key, NULL);
        return;
    }
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t' ||
                 s[n - 1] == '\r'))
        n--;
    char *t = malloc(n + 1);
    if (!t) {
        v->failed = 1;
        return;
    }
    memcpy(t, s, n);
    t[n] = '\0';
    view_str(v, obj, key, t);
    free(t);
}

void view_bool(view_ctx *v, cJSON *obj, const char *key, int b)
{
    if (!cJSON_AddBoolToObject(obj, key, b ? 1 : 0))
        v->failed = 1;
}

void view_num(view_ctx *v, cJSON *obj, const char *key, double n)
{
    if (!cJSON_AddNumberToObject(obj, key, n))
        v->failed = 1;
}

void view_vfmt_with(view_ctx *v, cJSON *obj, const char *key,
                    view_add_fn add, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    /* most keys fit on the stack; only long ones cost a malloc */
    char small[512];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0) {
        v->failed = 1;
    } else if ((size_t)n < sizeof small) {
        add(v, obj, key, small);
    } else {
        char *big = malloc((size_t)n + 1);
        if (big) {
            vsnprintf(big, (size_t)n + 1, fmt, again);
            add(v, obj, key, big);
            free(big);
        } else {
            v->failed = 1;
        }
    }
    va_end(again);
}

void view_fmt(view_ctx *v, cJSON *obj, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    view_vfmt_with(v, obj, key, view_str, fmt, ap);
    va_end(ap);
}

/* Copies one line of text made safe for a C comment (base/c_text.h). */
static char *safe_line(const char *start, size_t len)
{
    while (len > 0 && (start[len - 1] == ' ' || start[len - 1] == '\t' ||
                       start[len - 1] == '\r'))
        len--;
    return c_comment_text(start, len);
}

void view_lines(view_ctx *v, cJSON *obj, const char *key, const char *text)
{
    cJSON *arr = view_array(v, obj, key);
    if (!arr || !text)
        return;
    /* Trailing empty lines say nothing; drop them. */
    size_t total = strlen(text);
    while (total > 0 && (text[total - 1] == '\n' || text[total - 1] == ' ' ||
                         text[total - 1] == '\r' || text[total - 1] == '\t'))
        total--;
    const char *p = text;
    const char *end = text + total;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        char *line = safe_line(p, len);
        cJSON *item = view_push(v, arr);
        if (!line || !item) {
            free(line);
            v->failed = 1;
            return;
        }
        view_str(v, item, "line", line[0] ? line : NULL);
        free(line);
        p += len + (nl ? 1 : 0);
    }
}

void view_one_line(view_ctx *v, cJSON *obj, const char *key, const char *text)
{
    if (!text || !text[0]) {
        view_str(v, obj, key, NULL);
        return;
    }
    const char *nl = strchr(text, '\n');
    char *line = safe_line(text, nl ? (size_t)(nl - text) : strlen(text));
    if (!line) {
        v->failed = 1;
        return;
    }
    view_str(v, obj, key, line[0] ? line : NULL);
    free(line);
}

void view_mark_ends(view_ctx *v, cJSON *arr)
{
    int n = cJSON_GetArraySize(arr);
    int i = 0;
    cJSON *item;
    cJSON_ArrayForEach(item, arr)
    {
        view_bool(v, item, "first", i == 0);
        view_bool(v, item, "last", i == n - 1);
        i++;
    }
}

cJSON *view_array(view_ctx *v, cJSON *obj, const char *key)
{
    cJSON *arr = cJSON_AddArrayToObject(obj, key);
    if (!arr)
        v->failed = 1;
    return arr;
}

cJSON *view_push(view_ctx *v, cJSON *arr)
{
    cJSON *item = cJSON_CreateObject();
    if (!item || !cJSON_AddItemToArray(arr, item)) {
        cJSON_Delete(item);
        v->failed = 1;
        return NULL;
    }
    return item;
}

char *view_global(view_ctx *v, const char *explicit_c_name, const char *name)
{
    char *c = cname_derive(explicit_c_name, name);
    if (!c) {
        v->failed = 1;
        return NULL;
    }
    char *g = gname_stem(v->prefix, c);
    if (!g)
        v->failed = 1;
    free(c);
    return g;
}

void view_names(view_ctx *v, cJSON *obj, const gname_forms *forms,
                const char *stem)
{
    for (size_t i = 0; i < forms->n; i++) {
        char *name = gname_join(stem, forms->v[i].suffix, "");
        if (!name)
            v->failed = 1;
        view_str(v, obj, forms->v[i].view_key, name);
        free(name);
    }
}

char *view_model_ctype(view_ctx *v, const spec_model *m)
{
    return view_global(v, m->c_name, m->name);
}

const char *view_location_const(spec_location in)
{
    const vocab_word *w = vocab_of(&vocab_locations, (int)in);
    return w ? w->constant : "APICC_IN_NONE";
}

const char *view_location_word(spec_location in)
{
    const vocab_word *w = vocab_of(&vocab_locations, (int)in);
    return w ? w->doc : "none";
}

int view_param_is_arg(const spec_param *p)
{
    return p->in == SPEC_IN_PATH && p->required && !p->const_value &&
           p->type->kind != SPEC_KIND_ARRAY;
}

int view_param_is_member(const spec_param *p)
{
    return !p->const_value;
}
