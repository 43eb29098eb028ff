/*
 * Streaming a successful answer to where an apicc_download says: a file
 * (opened when the first byte of a successful answer arrives, so an
 * error answer never truncates it, and opened again by a retry) or the
 * caller's callback.  No size cap applies: the bytes never sit in
 * memory.  An error answer is buffered as usual, for the error record.
 *
 * Layer: the HTTP transport (http_internal.h).
 */
#include <stdio.h>
#include <string.h>

#include "http_internal.h"

int apicc__http_streams(const struct apicc__http_state *s)
{
    const apicc_download *d = s->recv ? s->recv->download : NULL;
    return d && (d->to_path || d->to_fn);
}

int apicc__http_success(const apicc_endpoint *ep, long status)
{
    if (!ep->success || ep->nsuccess == 0)
        return status >= 200 && status < 300;
    for (size_t i = 0; i < ep->nsuccess; i++)
        if (ep->success[i] == status)
            return 1;
    return 0;
}

/* Whether this chunk belongs to a successful answer being streamed. */
static int streaming_now(struct apicc__http_state *s)
{
    if (!apicc__http_streams(s))
        return 0;
    long status = 0;
    curl_easy_getinfo(s->h, CURLINFO_RESPONSE_CODE, &status);
    return apicc__http_success(s->ep, status);
}

static int open_sink(struct apicc__http_state *s)
{
    if (s->sink)
        return 1;
    s->sink = fopen(s->recv->download->to_path, "wb");
    if (!s->sink)
        s->sink_failed = 1;
    return s->sink != NULL;
}

int apicc__http_stream_chunk(struct apicc__http_state *s, const char *data,
                             size_t len, int *handled)
{
    *handled = streaming_now(s);
    if (!*handled)
        return 1;
    apicc_download *d = s->recv->download;
    s->streamed += len;
    if (d->to_path) {
        if (!open_sink(s) || fwrite(data, 1, len, s->sink) != len) {
            s->sink_failed = 1;
            return 0;
        }
        return 1;
    }
    if (d->to_fn(data, len, d->user) != 0) {
        s->sink_aborted = 1;
        return 0;
    }
    return 1;
}

int apicc__http_stream_end(struct apicc__http_state *s, int success)
{
    int ok = !s->sink_failed;
    /* a successful empty answer still leaves its (empty) file */
    if (success && ok && apicc__http_streams(s) &&
        s->recv->download->to_path)
        ok = open_sink(s);
    if (s->sink && fclose(s->sink) != 0)
        ok = 0;
    s->sink = NULL;
    return ok;
}

void apicc__http_stream_reset(struct apicc__http_state *s)
{
    if (s->sink)
        fclose(s->sink);
    s->sink = NULL;
    s->sink_failed = 0;
    s->sink_aborted = 0;
    s->streamed = 0;
}
