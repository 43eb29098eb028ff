/*
 * Values for the mustache engine: lookup, truthiness, text and escaping.
 */
#include "mustache_value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The child of object `o` named by the first `n` bytes of `key`. */
static const cJSON *member(const cJSON *o, const char *key, size_t n)
{
    if (!cJSON_IsObject(o))
        return NULL;
    for (const cJSON *c = o->child; c; c = c->next)
        if (c->string && strlen(c->string) == n &&
            memcmp(c->string, key, n) == 0)
            return c;
    return NULL;
}

const cJSON *mvalue_lookup(const cJSON *const *ctx, size_t n,
                           const char *name)
{
    if (n == 0)
        return NULL;
    if (strcmp(name, ".") == 0)
        return ctx[n - 1];
    const char *dot = strchr(name, '.');
    size_t first = dot ? (size_t)(dot - name) : strlen(name);
    const cJSON *v = NULL;
    for (size_t i = n; i-- > 0 && !v;)
        v = member(ctx[i], name, first);
    while (v && dot) {
        const char *part = dot + 1;
        dot = strchr(part, '.');
        size_t plen = dot ? (size_t)(dot - part) : strlen(part);
        v = member(v, part, plen);
    }
    return v;
}

int mvalue_truthy(const cJSON *v)
{
    if (!v || cJSON_IsFalse(v) || cJSON_IsNull(v))
        return 0;
    if (cJSON_IsArray(v))
        return v->child != NULL;
    return 1;
}

/* The shortest "%.Ng" that reads back as the same double. */
static void put_number(double d, buf *out)
{
    char tmp[64];
    if (isnan(d) || isinf(d)) {
        buf_puts(out, isnan(d) ? "nan" : (d > 0 ? "inf" : "-inf"));
        return;
    }
    if (d == floor(d) && fabs(d) < 9007199254740992.0) {
        snprintf(tmp, sizeof tmp, "%.0f", d);
        buf_puts(out, strcmp(tmp, "-0") == 0 ? "0" : tmp);
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, d);
        if (strtod(tmp, NULL) == d)
            break;
    }
    buf_puts(out, tmp);
}

void mvalue_text(const cJSON *v, buf *out)
{
    if (!v)
        return;
    if (cJSON_IsString(v) && v->valuestring)
        buf_puts(out, v->valuestring);
    else if (cJSON_IsNumber(v))
        put_number(v->valuedouble, out);
    else if (cJSON_IsTrue(v))
        buf_puts(out, "true");
    else if (cJSON_IsFalse(v))
        buf_puts(out, "false");
}

static void escape_html(const char *s, size_t n, buf *out)
{
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        default: continue;
        }
        buf_append(out, s + from, i - from);
        buf_puts(out, rep);
        from = i + 1;
    }
    buf_append(out, s + from, n - from);
}

/* Escapes for the inside of a C string literal.  Control bytes become
 * three-digit octal escapes (a hex escape would swallow a following hex
 * digit), and "??" is broken up so no trigraph can form under -std=c11.
 * Bytes from 0x80 up are kept: UTF-8 is valid in a C11 literal. */
static void escape_c(const char *s, size_t n, buf *out)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '\\': buf_puts(out, "\\\\"); continue;
        case '"': buf_puts(out, "\\\""); continue;
        case '\n': buf_puts(out, "\\n"); continue;
        case '\r': buf_puts(out, "\\r"); continue;
        case '\t': buf_puts(out, "\\t"); continue;
        case '?':
            buf_puts(out, i > 0 && s[i - 1] == '?' ? "\\?" : "?");
            continue;
        default: break;
        }
        if (c < 0x20 || c == 0x7f)
            buf_printf(out, "\\%03o", c);
        else
            buf_putc(out, (char)c);
    }
}

void mvalue_escape(const char *s, size_t n, tmpl_escape how, buf *out)
{
    switch (how) {
    case TMPL_ESCAPE_HTML: escape_html(s, n, out); break;
    case TMPL_ESCAPE_C: escape_c(s, n, out); break;
    case TMPL_ESCAPE_NONE: buf_append(out, s, n); break;
    }
}
