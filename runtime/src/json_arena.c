/*
 * The memory of an arena (json_parse.h, "Parsing into an arena"), the
 * region a parse builds its tree in when the tree is read and dropped at
 * once; json_parse.c puts trees in it.  A stream of small events would
 * otherwise cost a malloc and a wiping free for every value of every
 * event, which measured more than half of the CPU an event takes; here
 * an event costs a bump of a pointer per value and one wipe of the bytes
 * it used.
 *
 * Chunks are kept newest (and largest) first.  Between trees only the
 * newest is kept, with its used bytes wiped, so bytes past `used` are
 * always clean; a chunk over KEEP_MAX is not kept, so one huge message
 * does not pin its memory for the life of the connection.
 */
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "apicc/sign.h"
#include "json_parse.h"

#define FIRST_CHUNK 4096u
#define KEEP_MAX (256u * 1024)
#define ALIGN APICC__JSON_ARENA_ALIGN

_Static_assert(ALIGN >= alignof(cJSON) && ALIGN % alignof(cJSON) == 0,
               "arena blocks hold cJSON nodes");

struct apicc__json_chunk {
    apicc__json_chunk *next;
    size_t size; /* of data */
    size_t used; /* of data; for the newest chunk, a->next says */
    alignas(ALIGN) unsigned char data[];
};

static void wipe_free_chunk(apicc__json_chunk *k)
{
    apicc_wipe(k->data, k->used);
    free(k);
}

/* Writes down how much of the newest chunk is used. */
static void settle(apicc__json_arena *a)
{
    if (a->chunks)
        a->chunks->used = (size_t)(a->next - a->chunks->data);
}

void *apicc__json_arena_grow(apicc__json_arena *a, size_t n)
{
    if (n > SIZE_MAX / 2 - ALIGN)
        return NULL;
    size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    settle(a);
    apicc__json_chunk *k = a->chunks;
    size_t size = k ? k->size * 2 : FIRST_CHUNK;
    if (size < need)
        size = need;
    apicc__json_chunk *fresh = malloc(sizeof *fresh + size);
    if (!fresh)
        return NULL;
    fresh->next = k;
    fresh->size = size;
    fresh->used = need;
    a->chunks = fresh;
    a->next = fresh->data + need;
    a->limit = fresh->data + size;
    return fresh->data;
}

void apicc__json_arena_reset(apicc__json_arena *a)
{
    apicc__json_chunk *keep = a->chunks;
    if (!keep)
        return;
    settle(a);
    for (apicc__json_chunk *k = keep->next, *next; k; k = next) {
        next = k->next;
        wipe_free_chunk(k);
    }
    if (keep->size > KEEP_MAX) {
        wipe_free_chunk(keep);
        a->chunks = NULL;
        a->next = a->limit = NULL;
        return;
    }
    apicc_wipe(keep->data, keep->used);
    keep->used = 0;
    keep->next = NULL;
    a->next = keep->data;
    a->limit = keep->data + keep->size;
}

void apicc__json_arena_free(apicc__json_arena *a)
{
    settle(a);
    for (apicc__json_chunk *k = a->chunks, *next; k; k = next) {
        next = k->next;
        wipe_free_chunk(k);
    }
    a->chunks = NULL;
    a->next = a->limit = NULL;
    a->root = NULL;
}
