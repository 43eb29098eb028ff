/*
 * Values for the mustache engine: lookup, truthiness, text and escaping.
 */
#include "mustache/mustache_value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/c_text.h"

/* The child of object `o` named by the first `n` bytes of `key`. */
static const cJSON *member(const cJSON *o, const char *key, size_t n)
{
    if (!cJSON_IsObject(o))
        return NULL;
    /* An inline compare: this loop is the renderer's hottest, and keys
     * are short.  `key` has no NUL in its first n bytes, so the compare
     * stops at the end of a shorter member name. */
    for (const cJSON *c = o->child; c; c = c->next) {
        const char *k = c->string;
        if (!k || k[0] != key[0])
            continue;
        size_t i = 1;
        while (i < n && k[i] == key[i])
            i++;
        if (i == n && k[n] == '\0')
            return c;
    }
    return NULL;
}

size_t mvalue_first_part(const char *name)
{
    if (name[0] == '.' && name[1] == '\0')
        return 0; /* the implicit iterator */
    const char *dot = strchr(name, '.');
    return dot ? (size_t)(dot - name) : strlen(name);
}

const cJSON *mvalue_lookup(const cJSON *const *ctx, size_t n,
                           const char *name, size_t first)
{
    if (n == 0)
        return NULL;
    if (first == 0)
        return ctx[n - 1];
    const char *dot = name[first] == '.' ? name + first : NULL;
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

/* Writes d into tmp (64 bytes): integers exactly, other numbers in the
 * shortest "%.Ng" that reads back as the same double.  Returns the
 * length. */
static size_t number_text(double d, char tmp[64])
{
    if (isnan(d) || isinf(d))
        return (size_t)snprintf(tmp, 64, "%s",
                                isnan(d) ? "nan" : (d > 0 ? "inf" : "-inf"));
    if (d == floor(d) && fabs(d) < 9007199254740992.0) {
        /* integers are most numbers a view holds (offsets, counts):
         * written by hand, as printf's float path costs ten times more */
        long long v = (long long)d;
        char digits[24];
        size_t n = sizeof digits;
        unsigned long long u = v < 0 ? (unsigned long long)-v
                                     : (unsigned long long)v;
        do {
            digits[--n] = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (v < 0)
            digits[--n] = '-';
        memcpy(tmp, digits + n, sizeof digits - n);
        tmp[sizeof digits - n] = '\0';
        return sizeof digits - n;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, 64, "%.*g", prec, d);
        if (strtod(tmp, NULL) == d)
            break;
    }
    return strlen(tmp);
}

size_t mvalue_scalar(const cJSON *v, char *tmp, size_t cap, const char **text)
{
    *text = "";
    if (!v)
        return 0;
    if (cJSON_IsString(v) && v->valuestring) {
        *text = v->valuestring;
        return strlen(v->valuestring);
    }
    if (cJSON_IsTrue(v)) {
        *text = "true";
        return 4;
    }
    if (cJSON_IsFalse(v)) {
        *text = "false";
        return 5;
    }
    if (cJSON_IsNumber(v) && cap >= 64) {
        *text = tmp;
        return number_text(v->valuedouble, tmp);
    }
    return 0;
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
 * Bytes from 0x80 up are kept (UTF-8 is valid in a C11 literal), except
 * the invisible format characters of base/c_text.h. */
static void escape_c(const char *s, size_t n, buf *out)
{
    size_t from = 0; /* start of the run of bytes that need no escape */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *rep;
        char oct[5];
        switch (c) {
        case '\\': rep = "\\\\"; break;
        case '"': rep = "\\\""; break;
        case '\n': rep = "\\n"; break;
        case '\r': rep = "\\r"; break;
        case '\t': rep = "\\t"; break;
        case '?':
            if (i == 0 || s[i - 1] != '?')
                continue;
            rep = "\\?";
            break;
        default:
            if (c >= 0x80 && c_text_invisible(s + i, n - i)) {
                /* A bidirectional control breaks a -Werror build
                 * (-Wbidi-chars) and hides what the text says: its
                 * bytes are written as octal escapes. */
                size_t len = c_text_invisible(s + i, n - i);
                buf_append(out, s + from, i - from);
                for (size_t k = 0; k < len; k++)
                    buf_printf(out, "\\%03o", (unsigned char)s[i + k]);
                i += len - 1;
                from = i + 1;
                continue;
            }
            if (c >= 0x20 && c != 0x7f)
                continue;
            oct[0] = '\\';
            oct[1] = (char)('0' + (c >> 6));
            oct[2] = (char)('0' + ((c >> 3) & 7));
            oct[3] = (char)('0' + (c & 7));
            oct[4] = '\0';
            rep = oct;
            break;
        }
        buf_append(out, s + from, i - from);
        buf_puts(out, rep);
        from = i + 1;
    }
    buf_append(out, s + from, n - from);
}

void mvalue_escape(const char *s, size_t n, tmpl_escape how, buf *out)
{
    switch (how) {
    case TMPL_ESCAPE_HTML: escape_html(s, n, out); break;
    case TMPL_ESCAPE_C: escape_c(s, n, out); break;
    case TMPL_ESCAPE_NONE: buf_append(out, s, n); break;
    }
}
