/*
 * The client's last error (error_internal.h) and the public calls that
 * read or set it.
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
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->message, sizeof r->message, fmt, ap);
    va_end(ap);
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
    r->transport = text && *text ? strdup(text) : NULL;
    r->err.transport_message = r->transport;
}

/* A scalar's text ("-1022", "invalid_argument", "true"), or NULL. */
static char *scalar_text(const cJSON *v)
{
    if (cJSON_IsString(v) && v->valuestring)
        return strdup(v->valuestring);
    if (cJSON_IsBool(v))
        return strdup(cJSON_IsTrue(v) ? "true" : "false");
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
