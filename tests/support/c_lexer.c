/*
 * The lexer of c_lexer.h.  It is deliberately strict: generated code is
 * plain, so anything unusual is reported rather than understood.
 */
#include "support/c_lexer.h"

#include <stdlib.h>
#include <string.h>

typedef struct out {
    char *data;
    size_t len, cap;
    int failed;
} out;

static void put(out *o, const char *s, size_t n)
{
    if (o->failed)
        return;
    if (o->len + n + 2 > o->cap) {
        size_t cap = o->cap ? o->cap : 4096;
        while (o->len + n + 2 > cap)
            cap *= 2;
        char *p = realloc(o->data, cap);
        if (!p) {
            o->failed = 1;
            return;
        }
        o->data = p;
        o->cap = cap;
    }
    memcpy(o->data + o->len, s, n);
    o->len += n;
    o->data[o->len++] = '\n';
    o->data[o->len] = '\0';
}

static int is_ident(unsigned char c, int first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (!first && c >= '0' && c <= '9');
}

static int is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
           (c >= 'A' && c <= 'F');
}

/* Phases 1 and 2 are never needed by generated code: refuse them.  A
 * bidirectional control anywhere fails a -Werror build (-Wbidi-chars). */
static const char *splices_or_trigraphs(const char *s, size_t n, size_t *at)
{
    for (size_t i = 0; i < n; i++) {
        const unsigned char *u = (const unsigned char *)s + i;
        if (u[0] == 0xe2 && i + 2 < n &&
            ((u[1] == 0x80 && u[2] >= 0xaa && u[2] <= 0xae) ||
             (u[1] == 0x81 && u[2] >= 0xa6 && u[2] <= 0xa9))) {
            *at = i;
            return "a bidirectional control character";
        }
        if (s[i] == '?' && i + 2 < n && s[i + 1] == '?' &&
            strchr("=(/)'<!>-", s[i + 2]) && s[i + 2]) {
            *at = i;
            return "a trigraph";
        }
        if (s[i] == '\\') {
            size_t j = i + 1;
            while (j < n && (s[j] == ' ' || s[j] == '\t'))
                j++; /* gcc splices across trailing blanks too */
            if (j < n && (s[j] == '\n' || s[j] == '\r')) {
                *at = i;
                return "a backslash at a line end";
            }
        }
    }
    return NULL;
}

/* Skips a literal that starts at s[*i] (the quote); NULL or why not. */
static const char *literal(const char *s, size_t n, size_t *i)
{
    char q = s[*i];
    size_t k = *i + 1;
    for (;;) {
        if (k >= n || s[k] == '\n' || s[k] == '\r')
            return "a literal that does not close on its line";
        if (s[k] == q)
            break;
        if (s[k] == '\\') {
            unsigned char e = (unsigned char)(k + 1 < n ? s[k + 1] : 0);
            if (e == 'x') {
                if (k + 2 >= n || !is_hex((unsigned char)s[k + 2]))
                    return "\\x without a hex digit";
            } else if (e == 'u' || e == 'U') {
                size_t need = e == 'u' ? 4 : 8;
                for (size_t d = 0; d < need; d++)
                    if (k + 2 + d >= n || !is_hex((unsigned char)s[k + 2 + d]))
                        return "a short universal character name";
            } else if (!e || !strchr("'\"?\\abfnrtv01234567", e)) {
                return "an escape sequence C does not know";
            }
            k += 2;
            continue;
        }
        k++;
    }
    *i = k + 1;
    return NULL;
}

char *c_token_stream(const char *src, size_t n, const char **why, size_t *at)
{
    out o = {0};
    *why = splices_or_trigraphs(src, n, at);
    if (*why)
        return NULL;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)src[i];
        size_t start = i;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
            c == '\v') {
            i++;
        } else if (c == '/' && i + 1 < n && src[i + 1] == '*') {
            size_t k = i + 2;
            while (k + 1 < n && !(src[k] == '*' && src[k + 1] == '/')) {
                if (src[k] == '/' && src[k + 1] == '*') {
                    *why = "a comment opener inside a comment";
                    *at = k;
                    goto fail;
                }
                k++;
            }
            if (k + 1 >= n) {
                *why = "a comment that does not close";
                *at = i;
                goto fail;
            }
            i = k + 2;
        } else if (c == '/' && i + 1 < n && src[i + 1] == '/') {
            while (i < n && src[i] != '\n')
                i++;
        } else if (c == '"' || c == '\'') {
            *why = literal(src, n, &i);
            if (*why) {
                *at = start;
                goto fail;
            }
            put(&o, c == '"' ? "\"S\"" : "'C'", 3);
        } else if (is_ident(c, 1)) {
            while (i < n && is_ident((unsigned char)src[i], 0))
                i++;
            put(&o, src + start, i - start);
        } else if (c >= '0' && c <= '9') {
            /* A preprocessing number: digits, letters, '.', and a sign
             * after an exponent letter. */
            while (i < n) {
                unsigned char d = (unsigned char)src[i];
                if ((d == '+' || d == '-') && strchr("eEpP", src[i - 1]))
                    i++;
                else if (is_ident(d, 0) || d == '.')
                    i++;
                else
                    break;
            }
            put(&o, src + start, i - start);
        } else if (c < 0x20 || c >= 0x7f) {
            *why = "a control or non-ASCII byte outside comments and "
                   "literals";
            *at = i;
            goto fail;
        } else {
            i++;
            put(&o, src + start, 1);
        }
    }
    if (o.failed)
        goto fail;
    if (!o.data)
        put(&o, "", 0);
    if (o.failed)
        goto fail;
    return o.data;
fail:
    free(o.data);
    return NULL;
}
