/*
 * A bounded, exact JSON parser that builds cJSON trees (see json_parse.h
 * for what it promises and why).  Recursive descent over an explicit
 * [p, end) range, so the text needs no NUL and no byte past `len` is
 * read.  Every node and string comes from cJSON_malloc, so cJSON_Delete
 * frees the tree with whatever allocator cJSON was given, or, for a
 * parse into an arena, from the arena (json_arena.c), where nothing is
 * freed one by one.
 */
#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_parse.h"

#define TEXT_OF(n) #n
#define TEXT(n) TEXT_OF(n)
#define DEPTH_TEXT TEXT(APICC__JSON_MAX_DEPTH)

/* Integers with more digits than this may not survive a double. */
#define EXACT_DIGITS 15

typedef struct parser {
    const char *p;
    const char *end;
    size_t budget; /* values still allowed */
    int depth;
    apicc__json_arena *arena; /* where nodes and strings go; NULL: malloc */
    const char *limit; /* the bound a refused text broke, or NULL */
} parser;

/* Memory for the tree, and giving it back on failure (a no-op in an
 * arena, which drops what a failed parse took all at once). */
static inline void *take(parser *j, size_t n)
{
    void *p = j->arena ? apicc__json_arena_alloc(j->arena, n) : cJSON_malloc(n);
    if (!p)
        j->limit = "a body that could not be parsed for lack of memory";
    return p;
}

static const char too_many[] = "JSON with more values than its size allows";

static void give_back(parser *j, void *p)
{
    if (!j->arena)
        cJSON_free(p);
}

static void drop_tree(parser *j, cJSON *n)
{
    if (!j->arena)
        cJSON_Delete(n);
}

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
    if (j->budget == 0) {
        j->limit = too_many;
        return NULL;
    }
    j->budget--;
    cJSON *n = take(j, sizeof *n);
    if (n) {
        memset(n, 0, sizeof *n);
        n->type = type;
    }
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

/* The bytes that end a run of plain string text: the closing quote, a
 * backslash, and the control characters a string may not hold. */
static const unsigned char string_stop[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
    [0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0a] = 1, [0x0b] = 1,
    [0x0c] = 1, [0x0d] = 1, [0x0e] = 1, [0x0f] = 1, [0x10] = 1, [0x11] = 1,
    [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
    [0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1,
    [0x1e] = 1, [0x1f] = 1, ['"'] = 1, ['\\'] = 1,
};

/* A string at j->p (on its opening quote), decoded into a buffer from
 * take(); *has_nul tells whether it holds \u0000 (so strlen would cut
 * it short); NULL on bad syntax or no memory. */
static char *parse_string(parser *j, int *has_nul)
{
    const char *s = j->p + 1, *close = s;
    int plain = 1; /* no escapes and no control characters */
    for (;;) {
        while (close < j->end && !string_stop[(unsigned char)*close])
            close++;
        if (close >= j->end)
            return NULL;
        if (*close == '"')
            break;
        plain = 0; /* an escape (skipping what it escapes) or a control */
        close += *close == '\\' && close + 1 < j->end ? 2 : 1;
    }
    /* The decoded text is never longer than the escaped one. */
    char *out = take(j, (size_t)(close - s) + 1), *o = out;
    if (!out)
        return NULL;
    *has_nul = 0;
    if (plain) { /* most strings: copied whole */
        size_t n = (size_t)(close - s);
        memcpy(out, s, n);
        out[n] = '\0';
        j->p = close + 1;
        return out;
    }
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
            if (cp == 0)
                *has_nul = 1;
            o = put_utf8(o, (unsigned)cp);
            break;
        }
        default:
            goto bad;
        }
    }
    *o = '\0';
    j->p = close + 1;
    return out;
bad:
    give_back(j, out);
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
    cJSON *num = new_node(j, cJSON_Number);
    if (!num)
        return NULL;
    double d;
    if (integer && ndigits <= EXACT_DIGITS) {
        /* exact in a double, so no need for strtod's general case */
        int64_t v = 0;
        for (const char *c = digits; c < j->p; c++)
            v = v * 10 + (*c - '0');
        d = (double)v;
        if (*start == '-')
            d = -d; /* "-0" stays -0.0, as strtod reads it */
    } else {
        d = number_value(start, n);
    }
    /* valueint as cJSON sets it: saturated */
    num->valuedouble = d;
    num->valueint = d >= INT_MAX ? INT_MAX
                    : d <= (double)INT_MIN ? INT_MIN
                                           : (int)d;
    if (integer && ndigits > EXACT_DIGITS) {
        num->valuestring = take(j, n + 1);
        if (!num->valuestring) {
            drop_tree(j, num);
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
    if (j->depth >= APICC__JSON_MAX_DEPTH) {
        j->limit = "JSON nested more than " DEPTH_TEXT " levels deep";
        return NULL;
    }
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
    cJSON *last = NULL;
    for (;;) {
        char *key = NULL;
        int key_nul = 0;
        if (object) {
            if (j->p >= j->end || *j->p != '"' ||
                !(key = parse_string(j, &key_nul)))
                goto bad;
            skip_blanks(j);
            if (j->p >= j->end || *j->p != ':') {
                give_back(j, key);
                goto bad;
            }
            j->p++;
            skip_blanks(j);
        }
        cJSON *item = parse_value(j);
        if (!item) {
            give_back(j, key);
            goto bad;
        }
        item->string = key;
        /* linked as cJSON links it: the first child's prev is the last */
        if (last) {
            last->next = item;
            item->prev = last;
        } else {
            node->child = item;
        }
        node->child->prev = item;
        last = item;
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
    drop_tree(j, node);
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
        if (j->budget == 0) {
            j->limit = too_many;
            return NULL;
        }
        int has_nul = 0;
        char *s = parse_string(j, &has_nul);
        cJSON *n = s ? new_node(j, cJSON_String) : NULL;
        if (!n) {
            give_back(j, s);
            return NULL;
        }
        n->valuestring = s;
        if (has_nul)
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

static cJSON *parse_document(const char *text, size_t len,
                             apicc__json_arena *arena, const char **why)
{
    if (why)
        *why = "a body that is not JSON";
    if (!text)
        return NULL;
    parser j = {text, text + len,
                APICC__JSON_MIN_VALUES + len / APICC__JSON_BYTES_PER_VALUE, 0,
                arena, NULL};
    skip_blanks(&j);
    cJSON *root = parse_value(&j);
    skip_blanks(&j);
    if (root && j.p != j.end) {
        drop_tree(&j, root);
        return NULL;
    }
    if (!root && why && j.limit)
        *why = j.limit;
    return root;
}

cJSON *apicc__json_parse_bounded(const char *text, size_t len)
{
    return parse_document(text, len, NULL, NULL);
}

cJSON *apicc__json_parse_why(const char *text, size_t len, const char **why)
{
    return parse_document(text, len, NULL, why);
}

cJSON *apicc__json_arena_parse(apicc__json_arena *a, const char *text,
                               size_t len)
{
    if (a->root) /* a tree of it is still being read: one of its own */
        return parse_document(text, len, NULL, NULL);
    cJSON *root = parse_document(text, len, a, NULL);
    if (!root)
        apicc__json_arena_reset(a); /* what the failed parse took */
    a->root = root;
    return root;
}

void apicc__json_arena_release(apicc__json_arena *a, cJSON *tree)
{
    if (!tree)
        return;
    if (tree != a->root) {
        cJSON_Delete(tree);
        return;
    }
    apicc__json_arena_reset(a);
    a->root = NULL;
}

cJSON *apicc__json_arena_keep(apicc__json_arena *a, cJSON *tree)
{
    if (!tree || tree != a->root)
        return tree;
    cJSON *copy = cJSON_Duplicate(tree, 1);
    apicc__json_arena_release(a, tree);
    return copy;
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
