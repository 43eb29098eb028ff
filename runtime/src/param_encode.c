/*
 * Param values as text on the wire (param_encode_internal.h): the
 * OpenAPI 3.1 styles, with the percent-encoding each location needs.
 *
 * The delimiters a style puts between items (',' '.' ';' '&' and the
 * encoded space and pipe) are written as they are, and every byte of a
 * value that could be read as one of them is percent-encoded: a comma
 * inside an item of a non-exploded array is "%2C", the comma between two
 * items is ','.  That is what tells "a,b" (two items) from "a%2Cb" (one).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "header_syntax_internal.h"
#include "param_encode_internal.h"

apicc_status apicc__arg_text(const apicc_arg *a, char num[APICC__NUMBER_MAX],
                             const char **text, size_t *len)
{
    switch (a->type) {
    case APICC_T_STRING:
        if (!a->s)
            return APICC_ERR_INVALID_ARG;
        *text = a->s;
        *len = strlen(a->s);
        return APICC_OK;
    case APICC_T_INT:
        *len = (size_t)snprintf(num, APICC__NUMBER_MAX, "%" PRId64, a->i);
        *text = num;
        return APICC_OK;
    case APICC_T_NUMBER:
        *len = apicc__format_number(a->d, num);
        *text = num;
        return *len ? APICC_OK : APICC_ERR_INVALID_ARG;
    case APICC_T_BOOL:
        *text = a->b ? "true" : "false";
        *len = strlen(*text);
        return APICC_OK;
    }
    return APICC_ERR_INVALID_ARG;
}

size_t apicc__param_group(const apicc_arg *args, size_t i, size_t nargs)
{
    const apicc_arg *a = &args[i];
    if (!a->array && !a->key)
        return 1;
    size_t n = 1;
    while (i + n < nargs) {
        const apicc_arg *b = &args[i + n];
        if (b->in != a->in || !b->name || strcmp(b->name, a->name) != 0 ||
            (a->array ? !b->array : !b->key))
            break;
        n++;
    }
    return n;
}

/* How the bytes of a value are written. */
typedef enum enc_mode {
    ENC_URI,      /* RFC 3986 unreserved kept, the rest %XX */
    ENC_RESERVED, /* allowReserved: the reserved set kept as well, but for
                     '#' (it would end the URL), '&' and '=' (they would
                     add a query pair) */
    ENC_COOKIE,   /* RFC 6265 cookie-octet kept, but for '%' */
    ENC_RAW       /* header values: as they are */
} enc_mode;

static int keep(unsigned char c, enc_mode m)
{
    int unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                     (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                     c == '_' || c == '~';
    switch (m) {
    case ENC_URI:
        return unreserved;
    case ENC_RESERVED:
        return unreserved || (c && strchr(":/?[]@!$'()*+,;", c));
    case ENC_COOKIE:
        /* cookie-octet: %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E */
        return c >= 0x21 && c <= 0x7e && c != '"' && c != ',' &&
               c != ';' && c != '\\' && c != '%';
    case ENC_RAW:
        return 1;
    }
    return 0;
}

static void put_text(apicc__buf *b, const char *s, size_t n, enc_mode m)
{
    static const char digits[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (keep(c, m)) {
            apicc__buf_put(b, (const char *)&c, 1);
        } else {
            char e[3] = {'%', digits[c >> 4], digits[c & 0x0f]};
            apicc__buf_put(b, e, 3);
        }
    }
}

typedef struct enc {
    apicc__buf *out;
    const apicc_arg *args;
    size_t n;
    int object;
    enc_mode value_mode; /* values */
    enc_mode name_mode;  /* names and keys */
    const char **why;
} enc;

static apicc_status put_value(enc *e, size_t i)
{
    char num[APICC__NUMBER_MAX];
    const char *text;
    size_t len;
    if (apicc__arg_text(&e->args[i], num, &text, &len) != APICC_OK) {
        *e->why = "no text for param";
        return APICC_ERR_INVALID_ARG;
    }
    put_text(e->out, text, len, e->value_mode);
    return APICC_OK;
}

static void put_name(enc *e, const char *name)
{
    put_text(e->out, name, strlen(name), e->name_mode);
}

/* The items joined with `sep`: values, or for an object "k,v" pairs
 * (kv_sep NULL) or "k=v" pairs. */
static apicc_status put_joined(enc *e, const char *sep, const char *kv_sep)
{
    for (size_t i = 0; i < e->n; i++) {
        if (i > 0)
            apicc__buf_puts(e->out, sep);
        if (e->object) {
            put_name(e, e->args[i].key);
            apicc__buf_puts(e->out, kv_sep ? kv_sep : sep);
        }
        apicc_status st = put_value(e, i);
        if (st != APICC_OK)
            return st;
    }
    return APICC_OK;
}

/* Each item its own "name=value" pair (an object's members named by
 * their keys; deep: "name[key]"), the pairs joined with `sep`. */
static apicc_status put_pairs(enc *e, const char *sep, int deep)
{
    for (size_t i = 0; i < e->n; i++) {
        if (i > 0)
            apicc__buf_puts(e->out, sep);
        if (deep) {
            put_name(e, e->args[0].name);
            apicc__buf_puts(e->out, "%5B");
            put_name(e, e->args[i].key);
            apicc__buf_puts(e->out, "%5D");
        } else {
            put_name(e, e->object ? e->args[i].key : e->args[0].name);
        }
        apicc__buf_puts(e->out, "=");
        apicc_status st = put_value(e, i);
        if (st != APICC_OK)
            return st;
    }
    return APICC_OK;
}

static apicc_status bad(enc *e, const char *why)
{
    *e->why = why;
    return APICC_ERR_INVALID_ARG;
}

static apicc_status encode_path(enc *e, apicc_param_style style,
                                int explode)
{
    int scalar = !e->object && !e->args[0].array;
    switch (style) {
    case APICC_STYLE_DEFAULT:
    case APICC_STYLE_SIMPLE:
        return put_joined(e, ",", explode ? "=" : NULL);
    case APICC_STYLE_LABEL:
        apicc__buf_puts(e->out, ".");
        if (e->object)
            return put_joined(e, explode ? "." : ",", explode ? "=" : NULL);
        return put_joined(e, explode ? "." : ",", NULL);
    case APICC_STYLE_MATRIX:
        if (scalar || !explode) {
            char num[APICC__NUMBER_MAX];
            const char *text;
            size_t len;
            apicc__buf_puts(e->out, ";");
            put_name(e, e->args[0].name);
            /* ";color" for an empty value, as the table writes it */
            if (scalar && (apicc__arg_text(e->args, num, &text, &len) ||
                           len == 0))
                return APICC_OK;
            apicc__buf_puts(e->out, "=");
            return put_joined(e, ",", NULL);
        }
        apicc__buf_puts(e->out, ";");
        return put_pairs(e, ";", 0);
    default:
        return bad(e, "style not allowed in a path for param");
    }
}

static apicc_status encode_query(enc *e, apicc_param_style style,
                                 int explode, const char *pair_sep)
{
    int scalar = !e->object && !e->args[0].array;
    const char *sep = ",";
    switch (style) {
    case APICC_STYLE_DEFAULT:
        explode = 1;
        break;
    case APICC_STYLE_FORM:
        break;
    case APICC_STYLE_SPACE_DELIMITED:
        sep = "%20";
        break;
    case APICC_STYLE_PIPE_DELIMITED:
        sep = "%7C";
        break;
    case APICC_STYLE_DEEP_OBJECT:
        if (!e->object)
            return bad(e, "deepObject needs an object for param");
        return put_pairs(e, pair_sep, 1);
    default:
        return bad(e, "style not allowed in a query or cookie for param");
    }
    if (scalar || explode)
        return put_pairs(e, pair_sep, 0);
    put_name(e, e->args[0].name);
    apicc__buf_puts(e->out, "=");
    return put_joined(e, sep, NULL);
}

apicc_status apicc__encode_param(apicc__buf *out, const apicc_arg *args,
                                 size_t n, const char **why)
{
    static const char *unused;
    enc e = {out, args, n, args[0].key != NULL, ENC_URI, ENC_URI,
             why ? why : &unused};
    apicc_param_style style = args[0].style;
    int explode = args[0].explode;
    switch (args[0].in) {
    case APICC_IN_PATH:
        return encode_path(&e, style, explode);
    case APICC_IN_QUERY:
    case APICC_IN_PARAM:
        if (args[0].allow_reserved)
            e.value_mode = ENC_RESERVED;
        return encode_query(&e, style, explode, "&");
    case APICC_IN_HEADER:
        if (style != APICC_STYLE_DEFAULT && style != APICC_STYLE_SIMPLE)
            return bad(&e, "style not allowed in a header for param");
        e.value_mode = e.name_mode = ENC_RAW;
        return put_joined(&e, ",", explode ? "=" : NULL);
    case APICC_IN_COOKIE:
        if (style != APICC_STYLE_DEFAULT && style != APICC_STYLE_FORM)
            return bad(&e, "style not allowed in a cookie for param");
        /* Names stay as they are: they are checked as tokens. */
        e.value_mode = ENC_COOKIE;
        e.name_mode = ENC_RAW;
        for (size_t i = 0; i < n; i++)
            if (!apicc__header_name_ok(e.object ? args[i].key : args[0].name))
                return bad(&e, "cookie name is not a token in param");
        return encode_query(&e, style, explode, "; ");
    case APICC_IN_NONE:
        break;
    }
    return bad(&e, "no location for param");
}
