/*
 * Answers that are not one JSON model: bytes into an apicc_download
 * (text or binary), and the per-status result structs of endpoints that
 * document several answers (see apicc_invoke_into in apicc/model.h).
 *
 * A result struct starts with `long status`; each documented answer has
 * a member at its descriptor's offset.  Only the member of the answer
 * that came is set, so reading another one finds NULL (or an empty
 * download) rather than a value of the wrong type: the shape is a
 * tagged struct the compiler checks, not a union the caller must not
 * misread.
 *
 * Layer: dispatch (with invoke.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apicc/model.h"
#include "call_internal.h"
#include "http_internal.h"

#define AT(base, off) ((void *)((char *)(base) + (off)))

void apicc_download_free(apicc_download *d)
{
    if (!d)
        return;
    free(d->data);
    d->data = NULL;
    d->len = 0;
    d->content_type[0] = '\0';
}

apicc_status apicc__download_fill(apicc_client *c, apicc_download *d,
                                  const char *what)
{
    const char *data, *ct;
    size_t len;
    apicc__http_last_body(c, &data, &len, &ct);
    apicc_download_free(d);
    snprintf(d->content_type, sizeof d->content_type, "%s", ct);
    if (d->to_path || d->to_fn) {
        d->len = apicc__http_streamed(c);
        return APICC_OK;
    }
    d->data = malloc(len + 1);
    if (!d->data) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s: out of memory", what);
        return apicc_client_fail(c, APICC_ERR_NOMEM, msg);
    }
    memcpy(d->data, data, len);
    d->data[len] = '\0';
    d->len = len;
    return APICC_OK;
}

const apicc_response_desc *apicc__response_for(const apicc_operation *op,
                                               long status)
{
    const apicc_response_desc *range = NULL, *dflt = NULL;
    for (size_t i = 0; i < op->nresponses; i++) {
        const apicc_response_desc *r = &op->responses[i];
        if (r->status == status)
            return r;
        if (r->status >= 1 && r->status <= 5 && r->status == status / 100)
            range = range ? range : r;
        if (r->status == 0)
            dflt = r;
    }
    return range ? range : dflt;
}

void apicc_result_free(const apicc_operation *op, void *result)
{
    if (!op || !result)
        return;
    for (size_t i = 0; i < op->nresponses; i++) {
        const apicc_response_desc *r = &op->responses[i];
        if (r->media == APICC_MEDIA_BYTES || r->media == APICC_MEDIA_TEXT) {
            apicc_download_free(AT(result, r->offset));
        } else if (r->model) {
            void **slot = AT(result, r->offset);
            apicc_model_free(r->model, *slot);
            *slot = NULL;
        }
    }
    *(long *)result = 0;
}
