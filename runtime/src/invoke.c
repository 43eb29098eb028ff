/*
 * Operations: the one function every generated endpoint function calls.
 * It turns the generated params struct (invoke_params.c) and the body
 * into a call, and parses the response into the generated
 * response struct (see apicc/model.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apicc/model.h"
#include "apicc/sign.h"
#include "call_internal.h"
#include "client_internal.h"
#include "json_parse.h"
#include "http_internal.h"
#include "invoke_params_internal.h"

/* Parses the response body into op->response. */
static apicc_status parse_response(apicc_client *c, const apicc_operation *op,
                                   const cJSON *json, void **out)
{
    if (!json) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s: expected a JSON %s, got an empty body",
                 op->endpoint.name, op->response->name);
        return apicc_client_fail(c, APICC_ERR_RESPONSE, msg);
    }
    apicc_json_error err;
    apicc_status st = apicc__decode_response(c, op->response, json, out, &err);
    if (st != APICC_OK) {
        char msg[320];
        snprintf(msg, sizeof msg, "%s: response does not match the model: %s",
                 op->endpoint.name, err.message);
        return apicc_client_fail(c, st, msg);
    }
    return APICC_OK;
}

apicc_status apicc__invoke_payload(apicc_client *c, const apicc_operation *op,
                                   const void *body, apicc__payload *p,
                                   apicc__buf *text, int *has)
{
    memset(p, 0, sizeof *p);
    *has = 0;
    if (!body)
        return APICC_OK;
    *has = 1;
    p->content_type = op->body_type;
    switch (op->body_media) {
    case APICC_MEDIA_BYTES:
    case APICC_MEDIA_TEXT: {
        const apicc_file *f = body;
        if (f->content_type)
            p->content_type = f->content_type;
        if (!p->content_type)
            p->content_type = op->body_media == APICC_MEDIA_TEXT
                                  ? "text/plain"
                                  : "application/octet-stream";
        p->kind = f->path ? APICC__PAYLOAD_FILE : APICC__PAYLOAD_MEMORY;
        p->path = f->path;
        p->data = f->data ? f->data : "";
        p->len = f->data ? f->len : 0;
        return APICC_OK;
    }
    case APICC_MEDIA_MULTIPART:
        p->kind = APICC__PAYLOAD_MULTIPART;
        p->model = op->body;
        p->value = body;
        p->encoding = op->encoding;
        p->nencoding = op->nencoding;
        return APICC_OK;
    case APICC_MEDIA_FORM: {
        char err[160];
        apicc_status st = apicc__form_encode(op->body, body, op->encoding,
                                             op->nencoding, text, err,
                                             sizeof err);
        if (st != APICC_OK) {
            char msg[240];
            snprintf(msg, sizeof msg, "%s: %s", op->endpoint.name,
                     st == APICC_ERR_NOMEM ? "out of memory" : err);
            return apicc_client_fail(c, st, msg);
        }
        if (!p->content_type)
            p->content_type = "application/x-www-form-urlencoded";
        break;
    }
    case APICC_MEDIA_JSON: {
        cJSON *json = apicc_model_to_json(op->body, body);
        char *s = json ? cJSON_PrintUnformatted(json) : NULL;
        cJSON_Delete(json);
        if (s)
            apicc__buf_puts(text, s);
        if (s) {
            apicc_wipe(s, strlen(s)); /* a login body carries a password */
            cJSON_free(s);
        }
        if (!s || text->failed)
            return apicc_client_fail(c, APICC_ERR_NOMEM, "out of memory");
        if (!p->content_type)
            p->content_type = "application/json";
        break;
    }
    }
    p->kind = APICC__PAYLOAD_MEMORY;
    p->data = text->data ? text->data : "";
    p->len = text->len;
    return APICC_OK;
}

/* Whether the operation's answer is read as bytes and dispatched here
 * rather than parsed by the transport. */
static int reads_raw(const apicc_operation *op)
{
    return op->nresponses > 0 || op->response_media == APICC_MEDIA_BYTES ||
           op->response_media == APICC_MEDIA_TEXT;
}

static int is_bytes(apicc_media m)
{
    return m == APICC_MEDIA_BYTES || m == APICC_MEDIA_TEXT;
}

/* The download a successful answer streams into: the operation's own,
 * or in a result struct the member of its first success answer read as
 * bytes. */
static apicc_download *download_of(const apicc_operation *op, void *out)
{
    if (!out)
        return NULL;
    if (op->nresponses == 0)
        return is_bytes(op->response_media) ? out : NULL;
    for (size_t i = 0; i < op->nresponses; i++) {
        const apicc_response_desc *r = &op->responses[i];
        int ok = r->status == 2 || (r->status >= 200 && r->status < 300);
        if (ok && is_bytes(r->media))
            return (apicc_download *)(void *)((char *)out + r->offset);
    }
    return NULL;
}

/* A stream's longest silence: the call's timeout, else the client's. */
static long stream_wait_ms(apicc_client *c, const apicc_operation *op)
{
    if (!op->stream)
        return 0;
    const apicc__config *cfg = apicc__client_config(c);
    return cfg->next.timeout_ms > 0 ? cfg->next.timeout_ms : cfg->timeout_ms;
}

/* Parses the last answer's body into the model at `slot`. */
static apicc_status parse_into(apicc_client *c, const apicc_operation *op,
                               const apicc_model_desc *m, void **slot)
{
    const char *data, *ct;
    size_t len;
    apicc__http_last_body(c, &data, &len, &ct);
    const char *why = "an empty body";
    cJSON *json = len ? apicc__json_parse_why(data, len, &why) : NULL;
    apicc_json_error err;
    apicc_status st = APICC_OK;
    if (!json) {
        char msg[200];
        snprintf(msg, sizeof msg, "%s: expected a JSON %s, got %s",
                 op->endpoint.name, m->name, why);
        st = apicc_client_fail(c, APICC_ERR_RESPONSE, msg);
    } else if ((st = apicc__decode_response(c, m, json, slot, &err)) !=
               APICC_OK) {
        char msg[320];
        snprintf(msg, sizeof msg, "%s: response does not match the model: %s",
                 op->endpoint.name, err.message);
        apicc_client_fail(c, st, msg);
    }
    cJSON_Delete(json);
    return st;
}

/* Fills the result struct from the answer that came; `st` is the call's
 * outcome, kept when the answer was an error status. */
static apicc_status fill_result(apicc_client *c, const apicc_operation *op,
                                apicc_status st, void *out)
{
    long status = apicc_client_last_http_status(c);
    if (st != APICC_OK && st != APICC_ERR_HTTP && st != APICC_ERR_AUTH &&
        st != APICC_ERR_PROVIDER)
        return st;
    *(long *)out = status;
    const apicc_response_desc *r = apicc__response_for(op, status);
    if (!r)
        return st;
    apicc_status got = APICC_OK;
    if (is_bytes(r->media))
        got = apicc__download_fill(c, (apicc_download *)(void *)
                                          ((char *)out + r->offset),
                                   op->endpoint.name);
    else if (r->model)
        got = parse_into(c, op, r->model,
                         (void **)(void *)((char *)out + r->offset));
    /* an error answer stays the call's result; its model is a bonus */
    return st != APICC_OK ? st : got;
}

static int has_body_kind(const apicc_operation *op)
{
    return op->body || is_bytes(op->body_media);
}

apicc_status apicc__invoke_check_body(apicc_client *c,
                                      const apicc_operation *op,
                                      const void *body)
{
    if (has_body_kind(op) && !body && op->body_required) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s: a request body is required",
                 op->endpoint.name);
        return apicc_client_fail(c, APICC_ERR_INVALID_ARG, msg);
    }
    return APICC_OK;
}

apicc__receive apicc__invoke_receive(apicc_client *c,
                                     const apicc_operation *op, void *out)
{
    apicc__receive recv = {op->accept, reads_raw(op), download_of(op, out),
                           stream_wait_ms(c, op)};
    return recv;
}

apicc_status apicc__invoke_answer(apicc_client *c, const apicc_operation *op,
                                  apicc_status st, const cJSON *resp,
                                  void *out, void **model_out)
{
    if (out && op->nresponses > 0)
        st = fill_result(c, op, st, out);
    else if (out && st == APICC_OK && is_bytes(op->response_media))
        st = apicc__download_fill(c, out, op->endpoint.name);
    if (st == APICC_OK && op->response && model_out)
        st = parse_response(c, op, resp, model_out);
    return st;
}

static apicc_status run(apicc_client *c, const apicc_operation *op,
                        const void *params, const void *body, void *out,
                        void **model_out)
{
    if (!c || !op)
        return APICC_ERR_INVALID_ARG;
    apicc_status st0 = apicc__invoke_check_body(c, op, body);
    if (st0 != APICC_OK)
        return st0;
    apicc__call_args args;
    apicc_status st = apicc__params_to_args(c, op, params, &args);
    if (st != APICC_OK)
        return st;
    cJSON *resp = NULL;
    if (op->endpoint.transport == APICC_TRANSPORT_WEBSOCKET) {
        cJSON *body_json = NULL;
        if (op->body && body) {
            body_json = apicc_model_to_json(op->body, body);
            if (!body_json) {
                apicc__call_args_free(&args);
                return apicc_client_fail(c, APICC_ERR_NOMEM,
                                         "out of memory");
            }
        }
        st = apicc_call(c, &op->endpoint, args.args, args.nargs, body_json,
                        &resp);
        cJSON_Delete(body_json);
    } else {
        apicc__payload payload;
        apicc__buf text = {0};
        int has = 0;
        st = apicc__invoke_payload(c, op, has_body_kind(op) ? body : NULL,
                                   &payload, &text, &has);
        apicc__receive recv = apicc__invoke_receive(c, op, out);
        if (st == APICC_OK)
            st = apicc__call_http(c, &op->endpoint, args.args, args.nargs,
                                  has ? &payload : NULL, &recv, &resp);
        apicc__buf_free(&text);
        apicc__call_args_free(&args);
        st = apicc__invoke_answer(c, op, st, resp, out, model_out);
        cJSON_Delete(resp);
        return st;
    }
    apicc__call_args_free(&args);
    if (st == APICC_OK && op->response && model_out)
        st = parse_response(c, op, resp, model_out);
    cJSON_Delete(resp);
    return st;
}

apicc_status apicc_invoke(apicc_client *c, const apicc_operation *op,
                          const void *params, const void *body, void **out)
{
    if (out)
        *out = NULL;
    return run(c, op, params, body, NULL, out);
}

apicc_status apicc_invoke_into(apicc_client *c, const apicc_operation *op,
                               const void *params, const void *body,
                               void *out)
{
    if (out && op && op->nresponses > 0) {
        /* a result struct reused for another call starts empty */
        apicc_result_free(op, out);
    }
    return run(c, op, params, body, out, NULL);
}
