/*
 * Comment text: see c_text.h for the rule and why each part of it exists.
 */
#include "base/c_text.h"

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if none;
 * overlong forms, surrogates and code points past U+10FFFF are invalid. */
static size_t utf8_len(const unsigned char *s, size_t n, unsigned *cp)
{
    unsigned c = s[0];
    size_t len;
    unsigned min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2, min = 0x80, c &= 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3, min = 0x800, c &= 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4, min = 0x10000, c &= 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

/* Unicode format characters that change how the text around them is
 * shown (bidirectional embeddings, overrides and isolates, the Arabic
 * letter mark, zero-width joiners), or break a line in some editors (C1
 * controls, line and paragraph separators). */
static int is_invisible(unsigned cp)
{
    return (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || (cp >= 0x200b && cp <= 0x200f) ||
           (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
           cp == 0xfeff;
}

size_t c_text_invisible(const char *s, size_t n)
{
    unsigned cp = 0;
    size_t len = utf8_len((const unsigned char *)s, n, &cp);
    return len > 1 && is_invisible(cp) ? len : 0;
}

void c_comment_append(buf *out, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    while (n > 0 && (u[n - 1] == ' ' || u[n - 1] == '\t'))
        n--;
    size_t i = 0;
    while (i < n) {
        /* Plain printable ASCII needs no care: it is copied as one run
         * (descriptions are mostly that, and this is called for every
         * line of every one of them). */
        size_t run = i;
        while (run < n && u[run] >= 0x20 && u[run] < 0x7f && u[run] != '*' &&
               u[run] != '/' && u[run] != '?' && u[run] != '\\')
            run++;
        if (run > i) {
            buf_append(out, s + i, run - i);
            i = run;
            continue;
        }
        unsigned cp = 0;
        size_t len = utf8_len(u + i, n - i, &cp);
        if (len == 0 || (cp < 0x20 && cp != '\t') || cp == 0x7f) {
            buf_printf(out, "\\x%02X", u[i]);
            i++;
            continue;
        }
        if (is_invisible(cp)) {
            buf_printf(out, "<U+%04X>", cp);
            i += len;
            continue;
        }
        char c = (char)u[i];
        i += len;
        if (len > 1) {
            buf_append(out, s + i - len, len);
            continue;
        }
        char next = i < n ? (char)u[i] : '\0';
        if (c == '\t') {
            buf_putc(out, ' ');
        } else if ((c == '*' && next == '/') || (c == '/' && next == '*') ||
                   (c == '?' && next == '?')) {
            /* A space between the pair: no comment end or start, no
             * trigraph. */
            buf_putc(out, c);
            buf_putc(out, ' ');
        } else if (c == '\\' && i == n) {
            /* A final backslash would splice the line after it. */
            buf_puts(out, "\\x5C");
        } else {
            buf_putc(out, c);
        }
    }
}

char *c_comment_text(const char *s, size_t n)
{
    buf b;
    buf_init(&b);
    c_comment_append(&b, s, n);
    return buf_take(&b);
}
