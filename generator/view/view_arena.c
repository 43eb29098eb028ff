/*
 * Bump allocator behind cJSON while a view exists; see view_arena.h.
 */
#include "view/view_arena.h"

#include <stddef.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#define BLOCK_SIZE ((size_t)1 << 20)
#define ALIGN (sizeof(max_align_t))

typedef struct block {
    struct block *next;
    size_t used;
    size_t cap;
    max_align_t data[];
} block;

/* Each thread fills its own list (the view's endpoints are built on a
 * second thread); a finished thread hands its list to the one that ends
 * the arena. */
static _Thread_local block *blocks;

static void *arena_alloc(size_t n)
{
    n = (n + ALIGN - 1) / ALIGN * ALIGN;
    if (n == 0)
        n = ALIGN;
    if (!blocks || blocks->cap - blocks->used < n) {
        size_t cap = n > BLOCK_SIZE ? n : BLOCK_SIZE;
        block *b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->next = blocks;
        b->used = 0;
        b->cap = cap;
        blocks = b;
    }
    void *p = (char *)blocks->data + blocks->used;
    blocks->used += n;
    return p;
}

/* Memory comes back all at once in view_arena_end(). */
static void arena_free(void *p)
{
    (void)p;
}

void *view_arena_release(void)
{
    block *mine = blocks;
    blocks = NULL;
    return mine;
}

void view_arena_adopt(void *list)
{
    block *b = list;
    if (!b)
        return;
    block *last = b;
    while (last->next)
        last = last->next;
    /* behind the current block, which may still have room */
    if (blocks) {
        last->next = blocks->next;
        blocks->next = b;
    } else {
        blocks = b;
    }
}

void view_arena_begin(void)
{
    cJSON_Hooks hooks = {arena_alloc, arena_free};
    cJSON_InitHooks(&hooks);
}

void view_arena_end(void)
{
    cJSON_InitHooks(NULL);
    while (blocks) {
        block *next = blocks->next;
        free(blocks);
        blocks = next;
    }
}
