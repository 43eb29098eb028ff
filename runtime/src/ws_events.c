/*
 * The queue of WebSocket events a client keeps until the caller takes
 * them (apicc_client_ws_next_event).  It is bounded twice: by count, and
 * by the memory of the queued trees, because a count alone lets a server
 * park thousands of multi-megabyte messages in memory, and the length of
 * the text alone says too little (a small "[0,0,...]" message becomes
 * forty times its size in cJSON nodes).  When either bound would be
 * passed, the oldest events go (and are counted as dropped): the newest
 * is what a caller catching up wants; it is kept even when it alone is
 * over the budget (it has already been parsed, within the message cap).
 */
#include <stdlib.h>

#include "json_parse.h"
#include "ws_internal.h"

/* Drops the oldest event. */
static void drop_oldest(apicc__ws_events *q)
{
    cJSON_Delete(q->items[q->head]);
    q->items[q->head] = NULL;
    q->bytes -= q->sizes[q->head];
    q->head = (q->head + 1) % APICC__WS_EVENT_MAX;
    q->count--;
}

int apicc__ws_events_push(apicc__ws_events *q, cJSON *ev, long *dropped)
{
    size_t bytes = apicc__json_tree_bytes(ev);
    if (!q->items) {
        q->items = calloc(APICC__WS_EVENT_MAX, sizeof *q->items);
        q->sizes = calloc(APICC__WS_EVENT_MAX, sizeof *q->sizes);
        if (!q->items || !q->sizes) {
            free(q->items);
            free(q->sizes);
            q->items = NULL;
            q->sizes = NULL;
            cJSON_Delete(ev);
            (*dropped)++;
            return 0;
        }
    }
    while (q->count > 0 &&
           (q->count == APICC__WS_EVENT_MAX ||
            q->bytes + bytes > APICC__WS_EVENT_BYTES)) {
        drop_oldest(q);
        (*dropped)++;
    }
    size_t at = (q->head + q->count) % APICC__WS_EVENT_MAX;
    q->items[at] = ev;
    q->sizes[at] = bytes;
    q->bytes += bytes;
    q->count++;
    return 1;
}

cJSON *apicc__ws_events_pop(apicc__ws_events *q)
{
    if (q->count == 0)
        return NULL;
    cJSON *ev = q->items[q->head];
    q->items[q->head] = NULL;
    q->bytes -= q->sizes[q->head];
    q->head = (q->head + 1) % APICC__WS_EVENT_MAX;
    q->count--;
    return ev;
}

void apicc__ws_events_clear(apicc__ws_events *q)
{
    while (q->count)
        drop_oldest(q);
    free(q->items);
    free(q->sizes);
    q->items = NULL;
    q->sizes = NULL;
    q->head = 0;
    q->bytes = 0;
}
