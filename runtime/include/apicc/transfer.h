/*
 * Bytes that are not JSON: a file or a block of memory a request sends
 * (a raw or text body, or a file part of a multipart form), and the
 * download a response fills (text or binary: into memory, into a file,
 * or through a callback).
 *
 * Large transfers never sit in memory: a file given by path is read as
 * libcurl sends it, and a download with a path or a callback is written
 * as it arrives, so only a body kept in memory is bounded by
 * apicc_client_set_max_response_bytes.
 */
#ifndef APICC_TRANSFER_H
#define APICC_TRANSFER_H

#include <stddef.h>

#include "export.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A file to send: either `path` (read while sending, never whole) or
 * `data` with `len` bytes (borrowed).  `filename` is what a multipart
 * part says (NULL: the last segment of `path`, else "file");
 * `content_type` NULL sends the endpoint's declared type, else
 * "application/octet-stream".  A literal fills it:
 *   apicc_file f = {.path = "photo.png", .content_type = "image/png"};
 */
typedef struct apicc_file {
    const char *path;
    const void *data;
    size_t len;
    const char *filename;
    const char *content_type;
} apicc_file;

/*
 * Receives a response body of bytes.  Before the call, choose where it
 * goes: `to_path` (a file, created or truncated when the answer starts),
 * or `to_fn` (called with each chunk as it arrives; it returns 0 to go
 * on, anything else aborts the call), or neither (memory).  After the
 * call: `data` holds a body kept in memory (NUL-terminated, so text is a
 * C string; free with apicc_download_free), `len` the bytes received in
 * every case, and `content_type` the answer's Content-Type (or "").
 * The choice is kept by apicc_download_free, so one download serves
 * several calls.
 */
typedef int (*apicc_chunk_fn)(const char *data, size_t len, void *user);

typedef struct apicc_download {
    const char *to_path;
    apicc_chunk_fn to_fn;
    void *user;
    char *data;
    size_t len;
    char content_type[128];
} apicc_download;

/* Frees `data` and clears the results; keeps to_path, to_fn and user. */
APICC_API void apicc_download_free(apicc_download *d);

#ifdef __cplusplus
}
#endif
#endif
