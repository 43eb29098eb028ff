/*
 * Process-wide set-up: the only global state in the runtime is what
 * libcurl (and, through it, OpenSSL) needs, and one lock for cJSON.
 *
 * curl_global_init is not safe to run twice at once, and
 * apicc_client_new calls apicc_global_init for programs that never do,
 * so a mutex makes concurrent first calls harmless.
 */
#include <pthread.h>

#include <curl/curl.h>

#include "apicc/client.h"
#include "json_internal.h"
#include "json_parse.h"

static pthread_mutex_t global_lock = PTHREAD_MUTEX_INITIALIZER;
static int global_ready;

APICC_API apicc_status apicc_global_init(void)
{
    apicc_status st = APICC_OK;
    pthread_mutex_lock(&global_lock);
    if (!global_ready) {
        CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
        if (rc == CURLE_OK)
            global_ready = 1;
        else
            st = rc == CURLE_OUT_OF_MEMORY ? APICC_ERR_NOMEM
                                           : APICC_ERR_TRANSPORT;
    }
    pthread_mutex_unlock(&global_lock);
    return st;
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
    pthread_mutex_unlock(&global_lock);
}

static pthread_mutex_t json_lock = PTHREAD_MUTEX_INITIALIZER;

/* cJSON's parser writes a process-wide error pointer on every parse (the
 * hazard its README names), so clients parsing in different threads would
 * race on it; the lock costs tens of nanoseconds when nobody waits. */
cJSON *apicc__json_parse(const char *data, size_t len)
{
    pthread_mutex_lock(&json_lock);
    cJSON *json = apicc__json_parse_bounded(data, len);
    pthread_mutex_unlock(&json_lock);
    return json;
}
