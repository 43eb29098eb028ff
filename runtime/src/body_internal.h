/*
 * Request bodies other than a printed JSON tree, and answers read as
 * bytes, as the dispatch layer (invoke.c) hands them to the HTTP
 * transport (never installed).
 *
 * Layer: bottom (see client_internal.h).  form_encode.c writes a model
 * as application/x-www-form-urlencoded here; the transport turns a
 * payload into libcurl's body (http_body.c) and streams a download
 * (http_download.c).
 */
#ifndef APICC_BODY_INTERNAL_H
#define APICC_BODY_INTERNAL_H

#include <stddef.h>

#include "apicc/model.h"
#include "apicc/transfer.h"
#include "buf_internal.h"
#include "encode_internal.h"

typedef enum apicc__payload_kind {
    APICC__PAYLOAD_NONE = 0,
    APICC__PAYLOAD_MEMORY,   /* data, len */
    APICC__PAYLOAD_FILE,     /* path, streamed */
    APICC__PAYLOAD_MULTIPART /* model and value, a part per member */
} apicc__payload_kind;

/* A request body.  Everything is borrowed for the call. */
typedef struct apicc__payload {
    apicc__payload_kind kind;
    const char *content_type; /* sent as Content-Type (not for MULTIPART,
                                 whose boundary libcurl adds) */
    const char *data;
    size_t len;
    const char *path;
    const apicc_model_desc *model;
    const void *value;
    const apicc_body_encoding *encoding;
    size_t nencoding;
} apicc__payload;

/* How the answer is read. */
typedef struct apicc__receive {
    const char *accept; /* the Accept header, or NULL */
    int raw;            /* keep the body as bytes, never parse it */
    /* A successful answer is written here as it arrives when to_path or
     * to_fn is set (no size cap); else it is buffered as usual. */
    apicc_download *download;
    /* A stream (stream.c): no limit on the whole answer, and the call
     * ends when no byte came for this long (ms); 0: not a stream. */
    long idle_ms;
} apicc__receive;

/*
 * Writes the present members of `v` (model `d`) as
 * application/x-www-form-urlencoded pairs (WHATWG URL, "urlencoded
 * serializing": a space is '+', and only ASCII alphanumerics and *-._
 * stay as they are), following each member's style and explode
 * (`enc`, see apicc_body_encoding).  On failure (a file member, an enum
 * without a value, NaN) `err` names the member and the status is
 * APICC_ERR_INVALID_ARG, or APICC_ERR_NOMEM.
 */
apicc_status apicc__form_encode(const apicc_model_desc *d, const void *v,
                                const apicc_body_encoding *enc, size_t nenc,
                                apicc__buf *out, char *err, size_t errlen);

/* Appends `n` bytes of `s` form-urlencoded (the rule above). */
void apicc__buf_put_form(apicc__buf *b, const char *s, size_t n);

/* The text of one scalar member value (string, integer, number,
 * boolean, enum) at `slot`, for form fields and multipart parts: `num`
 * is scratch.  0 when it has none (NULL string, NaN, unknown enum). */
int apicc__field_text(const apicc_field_desc *f, const void *slot,
                      char num[APICC__NUMBER_MAX], const char **text,
                      size_t *len);

/* Whether member `f` of `v` is sent: required ones, optional scalars
 * whose has_x is set, pointers that are not NULL. */
int apicc__field_present(const apicc_field_desc *f, const void *v);

#endif
