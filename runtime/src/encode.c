/*
 * Byte-to-text encoders (lower-case hex, padded standard base64, RFC 3986
 * percent-encoding), the locale-independent number formatter signed
 * payloads use, and the wipe used for every secret the runtime holds.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "apicc/sign.h"
#include "encode_internal.h"

APICC_API char *apicc_hex_encode(const void *data, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    const unsigned char *p = data;
    if (!p && len > 0)
        return NULL;
    if (len > (SIZE_MAX - 1) / 2)
        return NULL;
    char *out = malloc(2 * len + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 0x0f];
    }
    out[2 * len] = '\0';
    return out;
}

APICC_API char *apicc_base64_encode(const void *data, size_t len)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *p = data;
    if (!p && len > 0)
        return NULL;
    size_t groups = len / 3 + (len % 3 != 0);
    if (groups > (SIZE_MAX - 1) / 4)
        return NULL;
    char *out = malloc(4 * groups + 1);
    if (!out)
        return NULL;
    char *o = out;
    size_t i = 0;
    for (; i + 3 <= len; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
        *o++ = alphabet[v >> 18 & 0x3f];
        *o++ = alphabet[v >> 12 & 0x3f];
        *o++ = alphabet[v >> 6 & 0x3f];
        *o++ = alphabet[v & 0x3f];
    }
    if (len - i == 1) {
        uint32_t v = (uint32_t)p[i] << 16;
        *o++ = alphabet[v >> 18 & 0x3f];
        *o++ = alphabet[v >> 12 & 0x3f];
        *o++ = '=';
        *o++ = '=';
    } else if (len - i == 2) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
        *o++ = alphabet[v >> 18 & 0x3f];
        *o++ = alphabet[v >> 12 & 0x3f];
        *o++ = alphabet[v >> 6 & 0x3f];
        *o++ = '=';
    }
    *o = '\0';
    return out;
}

/* A plain memset right before free() may be dropped as dead stores.
 * glibc's explicit_bzero is its vectorised memset behind a barrier the
 * compiler must respect; OPENSSL_cleanse (a volatile function pointer
 * elsewhere) keeps the same promise but writes a word at a time, which
 * measured several times slower on the kilobyte a parsed event takes. */
APICC_API void apicc_wipe(void *p, size_t len)
{
    if (!p || len == 0)
        return;
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 25)
    explicit_bzero(p, len);
#else
    OPENSSL_cleanse(p, len);
#endif
}

static int is_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
           c == '~';
}

size_t apicc__percent_encode_to(char *dst, const char *s, size_t len)
{
    static const char digits[] = "0123456789ABCDEF";
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_unreserved(c)) {
            if (dst)
                dst[n] = (char)c;
            n++;
        } else {
            if (dst) {
                dst[n] = '%';
                dst[n + 1] = digits[c >> 4];
                dst[n + 2] = digits[c & 0x0f];
            }
            n += 3;
        }
    }
    return n;
}

char *apicc__percent_encode(const char *s, size_t len)
{
    if (!s && len > 0)
        return NULL;
    if (len > (SIZE_MAX - 1) / 3)
        return NULL;
    size_t n = apicc__percent_encode_to(NULL, s, len);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    apicc__percent_encode_to(out, s, len);
    out[n] = '\0';
    return out;
}

/* Writes `n` zeros at `o`; returns the new end. */
static char *zeros(char *o, int n)
{
    while (n-- > 0)
        *o++ = '0';
    return o;
}

size_t apicc__format_number(double d, char *out)
{
    out[0] = '\0';
    if (!isfinite(d))
        return 0;
    if (d == 0) {
        out[0] = '0';
        out[1] = '\0';
        return 1;
    }
    /* The shortest precision that reads back the same.  "%e" and strtod
     * use the same locale, so the round trip is exact whatever it is; the
     * digits and exponent are then taken out of the text and laid out
     * again with a '.' below. */
    char tmp[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, d);
        if (strtod(tmp, NULL) == d)
            break;
    }
    const char *s = tmp;
    int neg = *s == '-';
    if (neg)
        s++;
    char dig[20];
    int k = 0;
    for (; *s && *s != 'e' && *s != 'E'; s++)
        if (*s >= '0' && *s <= '9' && k < (int)sizeof dig)
            dig[k++] = *s;
    int n = *s ? (int)strtol(s + 1, NULL, 10) + 1 : 1;
    while (k > 1 && dig[k - 1] == '0')
        k--;

    /* ECMAScript Number::toString: d = 0.dig * 10^n, k significant
     * digits. */
    char *o = out;
    if (neg)
        *o++ = '-';
    if (k <= n && n <= 21) {
        memcpy(o, dig, (size_t)k);
        o = zeros(o + k, n - k);
    } else if (0 < n && n <= 21) {
        memcpy(o, dig, (size_t)n);
        o += n;
        *o++ = '.';
        memcpy(o, dig + n, (size_t)(k - n));
        o += k - n;
    } else if (-6 < n && n <= 0) {
        *o++ = '0';
        *o++ = '.';
        o = zeros(o, -n);
        memcpy(o, dig, (size_t)k);
        o += k;
    } else {
        *o++ = dig[0];
        if (k > 1) {
            *o++ = '.';
            memcpy(o, dig + 1, (size_t)(k - 1));
            o += k - 1;
        }
        o += snprintf(o, 8, "e%c%d", n - 1 < 0 ? '-' : '+', abs(n - 1));
    }
    *o = '\0';
    return (size_t)(o - out);
}
