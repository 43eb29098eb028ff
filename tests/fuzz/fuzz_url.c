/*
 * Fuzz target: building a request's URL from a path template and
 * arguments (path, query, header and cookie values), and parsing
 * WebSocket URLs.  The input is split at NUL bytes: base URL, template,
 * then argument values; whatever they hold, a built URL must stay one URL
 * (no raw space, CR, LF or '#') and nothing may crash or leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http_internal.h"
#include "ws_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_PARTS 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    const char *part[MAX_PARTS];
    size_t nparts = 0;
    for (char *p = copy; nparts < MAX_PARTS;) {
        part[nparts++] = p;
        char *end = memchr(p, '\0', (size_t)(copy + size - p));
        if (!end || end == copy + size)
            break;
        p = end + 1;
    }
    const char *base = part[0];
    const char *tmpl = nparts > 1 ? part[1] : "/{a}";
    static const char *const names[] = {"a", "b", "c", "d", "e", "f"};
    static const apicc_location where[] = {APICC_IN_PATH, APICC_IN_QUERY,
                                           APICC_IN_HEADER, APICC_IN_COOKIE,
                                           APICC_IN_PATH, APICC_IN_QUERY};
    apicc_arg args[6];
    size_t nargs = 0;
    for (size_t i = 2; i < nparts && nargs < 6; i++, nargs++) {
        memset(&args[nargs], 0, sizeof args[nargs]);
        args[nargs].name = names[nargs];
        args[nargs].in = where[nargs];
        args[nargs].type = APICC_T_STRING;
        args[nargs].s = part[i];
        args[nargs].array = (part[i][0] & 1) != 0;
    }
    apicc_endpoint ep;
    memset(&ep, 0, sizeof ep);
    ep.name = "fuzz";
    ep.transport = APICC_TRANSPORT_HTTP;
    ep.method = "GET";
    ep.path = tmpl;
    apicc__request r;
    apicc__req_init(&r, "GET");
    if (apicc__req_args(&r, base, &ep, args, nargs) == APICC_OK) {
        /* values are percent-encoded: what they add can never break out
         * of the path or the query */
        if (r.query.data &&
            strpbrk(r.query.data, " \r\n#"))
            abort();
        if (!strpbrk(base, " \r\n#") && !strpbrk(tmpl, " \r\n#") &&
            r.path.data && strpbrk(r.path.data, " \r\n#"))
            abort();
        apicc__buf url;
        memset(&url, 0, sizeof url);
        apicc__req_url(&r, base, &url);
        apicc__buf_free(&url);
    }
    apicc__req_free(&r);
    apicc__ws_url u;
    const char *why = NULL;
    apicc__ws_url_parse(base, &u, &why);
    apicc__ws_url_free(&u);
    free(copy);
    return 0;
}
