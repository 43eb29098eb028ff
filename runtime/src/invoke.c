/*
 * Operations: the one function every generated endpoint function calls.
 * It turns the generated params struct (invoke_params.c) and the body
 * into a call, and parses the response into the generated
 * response struct (see apicc/model.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "apicc/model.h"
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
    apicc_status st = apicc_model_from_json(op->response, json, out, &err);
    if (st != APICC_OK) {
        char msg[320];
        snprintf(msg, sizeof msg, "%s: response does not match the model: %s",
                 op->endpoint.name, err.message);
        return apicc_client_fail(c, st, msg);
    }
    return APICC_OK;
}

apicc_status apicc_invoke(apicc_client *c, const apicc_operation *op,
                          const void *params, const void *body, void **out)
{
    if (out)
        *out = NULL;
    if (!c || !op)
        return APICC_ERR_INVALID_ARG;
    if (op->body && !body && op->body_required) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s: a request body is required",
                 op->endpoint.name);
        return apicc_client_fail(c, APICC_ERR_INVALID_ARG, msg);
    }
    apicc__call_args args;
    apicc_status st = apicc__params_to_args(c, op, params, &args);
    if (st != APICC_OK)
        return st;
    cJSON *body_json = NULL;
    if (op->body && body) {
        body_json = apicc_model_to_json(op->body, body);
        if (!body_json) {
            apicc__call_args_free(&args);
            return apicc_client_fail(c, APICC_ERR_NOMEM, "out of memory");
        }
    }
    cJSON *resp = NULL;
    st = apicc_call(c, &op->endpoint, args.args, args.nargs, body_json,
                    &resp);
    apicc__call_args_free(&args);
    cJSON_Delete(body_json);
    if (st == APICC_OK && op->response && out)
        st = parse_response(c, op, resp, out);
    cJSON_Delete(resp);
    return st;
}
