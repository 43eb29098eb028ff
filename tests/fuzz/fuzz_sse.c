/*
 * Fuzz target: the server-sent events parser and the Link header finder,
 * on what a hostile server may send.  The input is fed in chunks whose
 * sizes come from its first byte, with a small limit so the limit paths
 * run too; every event handed over must be NUL-terminated at data_len
 * and nothing may crash, hang or leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "link_internal.h"
#include "sse_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check_event(const apicc__sse_event *e, void *user)
{
    (void)user;
    /* data may hold NUL bytes (any text may): data_len is its length */
    if (e->data[e->data_len] != '\0' || !e->type || !e->id)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t step = (size_t)(data[0] % 16) + 1;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    apicc__sse p;
    apicc__sse_init(&p, 256);
    for (size_t i = 0; i < len; i += step) {
        size_t n = len - i < step ? len - i : step;
        if (apicc__sse_feed(&p, text + i, n, check_event, NULL) != APICC_OK)
            break;
    }
    apicc__sse_free(&p);

    char *header = malloc(len + 1);
    if (!header)
        return 0;
    memcpy(header, text, len);
    header[len] = '\0';
    const char *uri = NULL;
    size_t ulen = 0;
    if (apicc__link_find(header, "next", &uri, &ulen) &&
        (uri < header || uri + ulen > header + strlen(header)))
        abort();
    free(header);
    return 0;
}
