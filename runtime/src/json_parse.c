/*
 * A bounded, exact JSON parser that builds cJSON trees (see json_parse.h
 * for what it promises and why).  Recursive descent over an explicit
 * [p, end) range, so the text needs no NUL and no byte past `len` is
 * read.  Every node comes from cJSON's own constructors and every string
 * from cJSON_malloc, so cJSON_Delete frees the tree with whatever
 * allocator cJSON was given.
 */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_parse.h"

/* Integers with more digits than this may not survive a double. */
#define EXACT_DIGITS 15

typedef struct parser {
    const char *p;
    const char *end;
    size_t budget; /* values still allowed */
    int depth;
} parser;

static cJSON *parse_value(parser *j);

static void skip_blanks(parser *j)
{
    while (j->p < j->end &&
           (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
        j->p++;
}

/* A node for one more value, or NULL once the budget is spent. */
static cJSON *new_node(parser *j, int type)
{
    if (j->budget == 0)
        return NULL;
    j->budget--;
    cJSON *n = cJSON_CreateNull();
    if (n)
        n->type = type;
    return n;
}

static int hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return 0;
    }
    *out = v;
    return 1;
}

static char *put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        *o++ = (char)cp;
    } else if (cp < 0x800) {
        *o++ = (char)(0xC0 | (cp >> 6));
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *o++ = (char)(0xE0 | (cp >> 12));
        *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *o++ = (char)(0xF0 | (cp >> 18));
        *o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
        *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    }
    return o;
}

/* One \uXXXX escape (with its low surrogate when it is a high one), `s`
 * past the "\u"; returns the code point or -1. */
static long unicode_escape(const char **s, const char *end)
{
    unsigned hi, lo;
    if (end - *s < 4 || !hex4(*s, &hi))
        return -1;
    *s += 4;
    if (hi >= 0xDC00 && hi <= 0xDFFF)
        return -1;
    if (hi < 0xD800 || hi > 0xDBFF)
        return (long)hi;
    if (end - *s < 6 || (*s)[0] != '\\' || (*s)[1] != 'u' ||
        !hex4(*s + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF)
        return -1;
    *s += 6;
    return 0x10000L + (((long)hi - 0xD800) << 10) + ((long)lo - 0xDC00);
}

/* A string at j->p (on its opening quote), decoded into a cJSON_malloc'd
 * buffer, its length (which \u0000 makes longer than strlen's) in *len;
 * NULL on bad syntax or no memory. */
static char *parse_string(parser *j, size_t *len)
{
    const char *s = j->p + 1, *close = s;
    while (close < j->end && *close != '"') {
        if (*close == '\\' && close + 1 < j->end)
            close++;
        close++;
    }
    if (close >= j->end)
        return NULL;
    /* The decoded text is never longer than the escaped one. */
    char *out = cJSON_malloc((size_t)(close - s) + 1), *o = out;
    if (!out)
        return NULL;
    while (s < close) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20)
            goto bad;
        if (c != '\\') {
            *o++ = *s++;
            continue;
        }
        s++;
        switch (*s++) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '/': *o++ = '/'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            long cp = unicode_escape(&s, close);
            if (cp < 0)
                goto bad;
            o = put_utf8(o, (unsigned)cp);
            break;
        }
        default:
            goto bad;
        }
    }
    *o = '\0';
    j->p = close + 1;
    *len = (size_t)(o - out);
    return out;
bad:
    cJSON_free(out);
    return NULL;
}

/* Reads a number's text with strtod, whatever the locale's decimal point
 * (the same trick cJSON uses). */
static double number_value(const char *s, size_t n)
{
    char small[64];
    char *buf = n < sizeof small ? small : malloc(n + 1);
    if (!buf)
        return 0.0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    const struct lconv *lc = localeconv();
    char point = lc && lc->decimal_point && lc->decimal_point[0]
                     ? lc->decimal_point[0]
                     : '.';
    char *dot = memchr(buf, '.', n);
    if (dot)
        *dot = point;
    double d = strtod(buf, NULL);
    if (buf != small)
        free(buf);
    return d;
}

static int is_digit(const parser *j)
{
    return j->p < j->end && *j->p >= '0' && *j->p <= '9';
}

static cJSON *parse_number(parser *j)
{
    const char *start = j->p;
    int integer = 1;
    if (*j->p == '-')
        j->p++;
    const char *digits = j->p;
    if (!is_digit(j))
        return NULL;
    if (*j->p == '0')
        j->p++;
    else
        while (is_digit(j))
            j->p++;
    size_t ndigits = (size_t)(j->p - digits);
    if (j->p < j->end && *j->p == '.') {
        integer = 0;
        j->p++;
        if (!is_digit(j))
            return NULL;
        while (is_digit(j))
            j->p++;
    }
    if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
        integer = 0;
        j->p++;
        if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
            j->p++;
        if (!is_digit(j))
            return NULL;
        while (is_digit(j))
            j->p++;
    }
    size_t n = (size_t)(j->p - start);
    if (j->budget == 0)
        return NULL;
    j->budget--;
    cJSON *num = cJSON_CreateNumber(number_value(start, n));
    if (num && integer && ndigits > EXACT_DIGITS) {
        num->valuestring = cJSON_malloc(n + 1);
        if (!num->valuestring) {
            cJSON_Delete(num);
            return NULL;
        }
        memcpy(num->valuestring, start, n);
        num->valuestring[n] = '\0';
    }
    return num;
}

static cJSON *parse_literal(parser *j, const char *word, int type)
{
    size_t n = strlen(word);
    if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
        return NULL;
    j->p += n;
    return new_node(j, type);
}

/* An array or object at j->p (on its opening bracket). */
static cJSON *parse_container(parser *j, int object)
{
    char close = object ? '}' : ']';
    if (j->depth >= APICC__JSON_MAX_DEPTH)
        return NULL;
    cJSON *node = new_node(j, object ? cJSON_Object : cJSON_Array);
    if (!node)
        return NULL;
    j->depth++;
    j->p++;
    skip_blanks(j);
    if (j->p < j->end && *j->p == close) {
        j->p++;
        j->depth--;
        return node;
    }
    for (;;) {
        char *key = NULL;
        size_t klen = 0;
        if (object) {
            if (j->p >= j->end || *j->p != '"' ||
                !(key = parse_string(j, &klen)))
                goto bad;
            skip_blanks(j);
            if (j->p >= j->end || *j->p != ':') {
                cJSON_free(key);
                goto bad;
            }
            j->p++;
            skip_blanks(j);
        }
        cJSON *item = parse_value(j);
        if (!item) {
            cJSON_free(key);
            goto bad;
        }
        item->string = key;
        cJSON_AddItemToArray(node, item);
        skip_blanks(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            skip_blanks(j);
            continue;
        }
        if (j->p < j->end && *j->p == close) {
            j->p++;
            j->depth--;
            return node;
        }
        goto bad;
    }
bad:
    cJSON_Delete(node);
    return NULL;
}

static cJSON *parse_value(parser *j)
{
    if (j->p >= j->end)
        return NULL;
    switch (*j->p) {
    case '{':
        return parse_container(j, 1);
    case '[':
        return parse_container(j, 0);
    case '"': {
        if (j->budget == 0)
            return NULL;
        size_t len = 0;
        char *s = parse_string(j, &len);
        cJSON *n = s ? new_node(j, cJSON_String) : NULL;
        if (!n) {
            cJSON_free(s);
            return NULL;
        }
        n->valuestring = s;
        if (strlen(s) != len)
            n->type |= APICC__JSON_STRING_HAS_NUL;
        return n;
    }
    case 't':
        return parse_literal(j, "true", cJSON_True);
    case 'f':
        return parse_literal(j, "false", cJSON_False);
    case 'n':
        return parse_literal(j, "null", cJSON_NULL);
    default:
        return parse_number(j);
    }
}

cJSON *apicc__json_parse_bounded(const char *text, size_t len)
{
    if (!text)
        return NULL;
    parser j = {text, text + len,
                APICC__JSON_MIN_VALUES + len / APICC__JSON_BYTES_PER_VALUE, 0};
    skip_blanks(&j);
    cJSON *root = parse_value(&j);
    skip_blanks(&j);
    if (root && j.p != j.end) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

/* One allocation of n bytes as malloc rounds it. */
static size_t alloc_bytes(size_t n)
{
    size_t chunk = n + APICC__JSON_ALLOC_OVERHEAD;
    return chunk < 32 ? 32 : chunk;
}

/* One node with what hangs from it. */
static size_t node_bytes(const cJSON *n)
{
    size_t total = alloc_bytes(sizeof(cJSON));
    if (n->valuestring && !(n->type & cJSON_IsReference))
        total += alloc_bytes(strlen(n->valuestring) + 1);
    if (n->string && !(n->type & cJSON_StringIsConst))
        total += alloc_bytes(strlen(n->string) + 1);
    if (!(n->type & cJSON_IsReference))
        for (const cJSON *c = n->child; c; c = c->next)
            total += node_bytes(c);
    return total;
}

int apicc__json_string_has_nul(const cJSON *json)
{
    return json && (json->type & APICC__JSON_STRING_HAS_NUL) != 0;
}

size_t apicc__json_tree_bytes(const cJSON *json)
{
    return json ? node_bytes(json) : 0;
}
