/*
 * The client's decoding mode (apicc_client_set_decoding) and what
 * lenient decoding of the last response left out, with that response's
 * JSON, for a caller who wants to look at what the model could not hold.
 */
#include <stdlib.h>
#include <string.h>

#include "client_internal.h"

struct apicc__decoding {
    apicc_decoding mode;
    apicc_json_mismatches mm; /* of the last decoded response */
    cJSON *json;              /* that response, when mm.count > 0 */
};

static void forget_last(struct apicc__decoding *dc)
{
    dc->mm.count = 0;
    cJSON_Delete(dc->json);
    dc->json = NULL;
}

apicc_status apicc_client_set_decoding(apicc_client *c, apicc_decoding mode)
{
    if (!c || (mode != APICC_DECODE_STRICT && mode != APICC_DECODE_LENIENT))
        return APICC_ERR_INVALID_ARG;
    struct apicc__decoding **slot = apicc__decoding_slot(c);
    if (!*slot) {
        if (mode == APICC_DECODE_STRICT)
            return APICC_OK; /* the default: nothing to keep */
        *slot = calloc(1, sizeof **slot);
        if (!*slot)
            return APICC_ERR_NOMEM;
    }
    (*slot)->mode = mode;
    return APICC_OK;
}

void apicc__decoding_free(apicc_client *c)
{
    struct apicc__decoding **slot = apicc__decoding_slot(c);
    if (*slot)
        forget_last(*slot);
    free(*slot);
    *slot = NULL;
}

const apicc_json_mismatches *apicc_client_mismatches(const apicc_client *c)
{
    static const apicc_json_mismatches none;
    const struct apicc__decoding *dc = apicc__decoding_of(c);
    return dc ? &dc->mm : &none;
}

const cJSON *apicc_client_mismatched_json(const apicc_client *c)
{
    const struct apicc__decoding *dc = apicc__decoding_of(c);
    return dc ? dc->json : NULL;
}

apicc_status apicc__decode_response(apicc_client *c, const apicc_model_desc *d,
                                    const cJSON *json, void **out,
                                    apicc_json_error *err)
{
    struct apicc__decoding *dc = *apicc__decoding_slot(c);
    if (!dc || dc->mode == APICC_DECODE_STRICT)
        return apicc_model_from_json(d, json, out, err);
    forget_last(dc);
    apicc_status st = apicc_model_from_json_ex(d, json, APICC_DECODE_LENIENT,
                                               out, err, &dc->mm);
    /* The JSON as received, for what the struct could not hold; losing
     * it to memory is no reason to fail a call that decoded. */
    if (st == APICC_OK && dc->mm.count > 0)
        dc->json = cJSON_Duplicate(json, 1);
    return st;
}
