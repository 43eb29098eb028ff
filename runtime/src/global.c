/*
 * Process-wide set-up: the only global state in the runtime is what
 * libcurl (and, through it, OpenSSL) needs, the allocation functions
 * given to libcurl and cJSON, and one lock for cJSON.
 *
 * curl_global_init is not safe to run twice at once, and
 * apicc_client_new calls apicc_global_init for programs that never do,
 * so a mutex makes concurrent first calls harmless.
 *
 * Secrets live on in libcurl's and cJSON's own buffers (the request
 * libcurl writes out, the bodies cJSON prints, the trees of a login
 * request and of its answer), which apicc cannot reach to wipe; so by
 * default both libraries get allocation functions that wipe every block
 * they free (wipe_alloc.c).
 */
#include <pthread.h>

#include <curl/curl.h>

#include "apicc/client.h"
#include "json_internal.h"
#include "json_parse.h"
#include "wipe_alloc_internal.h"

static pthread_mutex_t global_lock = PTHREAD_MUTEX_INITIALIZER;
static int global_ready;
static int hooks_installed;

static CURLcode init_libraries(unsigned flags)
{
    if ((flags & APICC_GLOBAL_KEEP_ALLOCATORS) ||
        !apicc__wipe_alloc_available())
        return curl_global_init(CURL_GLOBAL_DEFAULT);
    /* libcurl takes these only on its first initialisation in the
     * process; client.h says so. */
    CURLcode rc = curl_global_init_mem(
        CURL_GLOBAL_DEFAULT, apicc__wipe_malloc, apicc__wipe_free,
        apicc__wipe_realloc, apicc__wipe_strdup, apicc__wipe_calloc);
    if (rc == CURLE_OK) {
        cJSON_Hooks hooks = {apicc__wipe_malloc, apicc__wipe_free};
        cJSON_InitHooks(&hooks);
        hooks_installed = 1;
    }
    return rc;
}

APICC_API apicc_status apicc_global_init_flags(unsigned flags)
{
    apicc_status st = APICC_OK;
    pthread_mutex_lock(&global_lock);
    if (!global_ready) {
        CURLcode rc = init_libraries(flags);
        if (rc == CURLE_OK)
            global_ready = 1;
        else
            st = rc == CURLE_OUT_OF_MEMORY ? APICC_ERR_NOMEM
                                           : APICC_ERR_TRANSPORT;
    }
    pthread_mutex_unlock(&global_lock);
    return st;
}

APICC_API apicc_status apicc_global_init(void)
{
    return apicc_global_init_flags(0);
}

/* Only after every client is freed and every other thread is done with
 * the runtime, like curl_global_cleanup. */
APICC_API void apicc_global_cleanup(void)
{
    pthread_mutex_lock(&global_lock);
    if (global_ready) {
        curl_global_cleanup();
        global_ready = 0;
    }
    if (hooks_installed) {
        /* blocks made with the hooks are plain malloc blocks: freeing
         * them later with free() is still right, only no longer wiped */
        cJSON_InitHooks(NULL);
        hooks_installed = 0;
    }
    pthread_mutex_unlock(&global_lock);
}

/* Every parse of what a server sent goes through here, so its bounds are
 * the same everywhere.  No lock: the parser keeps no global state. */
cJSON *apicc__json_parse(const char *data, size_t len)
{
    return apicc__json_parse_bounded(data, len);
}
