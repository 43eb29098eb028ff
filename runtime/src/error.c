/*
 * The client's last error (error_internal.h) and the public calls that
 * read or set it.
 *
 * Every text in the record that is meant for people (the message, the
 * provider's code and message, the transport's text) passes through
 * apicc__printable() here, so a server cannot reach the caller's
 * terminal with escape sequences through an error; the body alone is
 * kept as it came.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apicc/sign.h"
#include "client_state_internal.h"
#include "defaults_internal.h"
#include "encode_internal.h"
#include "error_internal.h"
#include "json_internal.h"

/* Bytes of the valid UTF-8 sequence at p (at most n bytes), or 0. */
static size_t utf8_sequence(const unsigned char *p, size_t n)
{
    size_t len = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC2 ? 2 : 0;
    if (len == 0 || len > n || p[0] > 0xF4)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    /* overlong forms, surrogates and code points past U+10FFFF */
    if ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] >= 0xA0) ||
        (p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] >= 0x90))
        return 0;
    return len;
}

/* C0 controls, DEL and bytes that are not UTF-8 become \xHH; the C1
 * controls U+0080..U+009F (which some terminals obey like ESC [) become
 * \u0080. */
void apicc__printable(char *dst, size_t cap, const char *src)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)src;
    size_t n = strlen(src), o = 0;
    while (n > 0) {
        char esc[8];
        const char *piece = esc;
        size_t len, used;
        size_t seq = p[0] >= 0x80 ? utf8_sequence(p, n) : 1;
        if (p[0] < 0x20 || p[0] == 0x7f || seq == 0) {
            esc[0] = '\\', esc[1] = 'x';
            esc[2] = hex[p[0] >> 4], esc[3] = hex[p[0] & 15];
            len = 4, used = 1;
        } else if (seq == 2 && p[0] == 0xC2 && p[1] < 0xA0) {
            memcpy(esc, "\\u00", 4);
            esc[4] = hex[p[1] >> 4], esc[5] = hex[p[1] & 15];
            len = 6, used = 2;
        } else {
            piece = (const char *)p;
            len = used = seq;
        }
        if (o + len >= cap)
            break;
        memcpy(dst + o, piece, len);
        o += len;
        p += used;
        n -= used;
    }
    dst[o] = '\0';
}

/* A printable copy of `src` (NULL for NULL or no memory); an escape takes
 * at most 4 times the bytes it stands for. */
static char *printable_dup(const char *src)
{
    if (!src)
        return NULL;
    size_t cap = 4 * strlen(src) + 1;
    char *out = malloc(cap);
    if (out)
        apicc__printable(out, cap, src);
    return out;
}

static void drop_body(apicc__error_record *r)
{
    if (r->body) {
        apicc_wipe(r->body, r->body_len);
        free(r->body);
        r->body = NULL;
    }
}

void apicc__error_free(apicc_client *c)
{
    apicc__error_record *r = &c->rec;
    free(r->provider_code);
    free(r->provider_message);
    drop_body(r);
    free(r->transport);
    r->provider_code = r->provider_message = r->transport = NULL;
}

void apicc__error_reset(apicc_client *c)
{
    apicc__error_free(c);
    c->rec.message[0] = '\0';
    c->rec.err = (apicc_error){.status = APICC_OK,
                               .message = apicc_strerror(APICC_OK)};
}

apicc_status apicc__fail(apicc_client *c, apicc_status st, const char *fmt,
                         ...)
{
    apicc__error_record *r = &c->rec;
    char raw[sizeof r->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    apicc__printable(r->message, sizeof r->message, raw);
    r->err.status = st;
    r->err.message = r->message[0] ? r->message : apicc_strerror(st);
    return st;
}

void apicc__error_set_http_status(apicc_client *c, long http_status)
{
    c->rec.err.http_status = http_status;
}

void apicc__error_set_response(apicc_client *c, long http_status,
                               const char *body, size_t len)
{
    apicc__error_record *r = &c->rec;
    r->err.http_status = http_status;
    drop_body(r);
    r->err.body = NULL;
    if (!body || len == 0)
        return;
    if (len > APICC__ERROR_BODY_MAX)
        len = APICC__ERROR_BODY_MAX;
    r->body = malloc(len + 1);
    if (!r->body)
        return; /* the body is a courtesy; the status still says why */
    memcpy(r->body, body, len);
    r->body[len] = '\0';
    r->body_len = len;
    r->err.body = r->body;
}

void apicc__error_set_transport(apicc_client *c, const char *text)
{
    apicc__error_record *r = &c->rec;
    free(r->transport);
    r->transport = text && *text ? printable_dup(text) : NULL;
    r->err.transport_message = r->transport;
}

/* A scalar's text ("-1022", "invalid_argument", "true"), printable, or
 * NULL. */
static char *scalar_text(const cJSON *v)
{
    if (cJSON_IsString(v) && v->valuestring)
        return printable_dup(v->valuestring);
    if (cJSON_IsBool(v))
        return strdup(cJSON_IsTrue(v) ? "true" : "false");
    if (cJSON_IsNumber(v) && v->valuestring) /* digits past a double's */
        return printable_dup(v->valuestring);
    if (cJSON_IsNumber(v)) {
        char num[APICC__NUMBER_MAX];
        return apicc__format_number(v->valuedouble, num) ? strdup(num) : NULL;
    }
    return NULL;
}

void apicc__error_set_provider(apicc_client *c, const cJSON *json,
                               const apicc_error_shape *shape)
{
    if (!json || !shape)
        return;
    apicc__error_record *r = &c->rec;
    free(r->provider_code);
    free(r->provider_message);
    r->provider_code = scalar_text(apicc__json_at(json, shape->code_path));
    r->provider_message =
        scalar_text(apicc__json_at(json, shape->message_path));
    r->err.provider_code = r->provider_code;
    r->err.provider_message = r->provider_message;
}

APICC_API const apicc_error *apicc_client_error(const apicc_client *c)
{
    static const apicc_error no_client = {
        .status = APICC_ERR_INVALID_ARG,
        .message = "no client (NULL)",
    };
    return c ? &c->rec.err : &no_client;
}

APICC_API apicc_status apicc_client_fail(apicc_client *c, apicc_status st,
                                         const char *message)
{
    if (!c)
        return st;
    return apicc__fail(c, st, "%s", message ? message : apicc_strerror(st));
}
