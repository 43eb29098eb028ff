/*
 * Allocation functions that wipe what they free (wipe_alloc_internal.h).
 */
#include <stdlib.h>
#include <string.h>

#if defined(__GLIBC__)
#include <malloc.h>
#define BLOCK_SIZE(p) malloc_usable_size(p)
#endif

#include "apicc/sign.h"
#include "wipe_alloc_internal.h"

int apicc__wipe_alloc_available(void)
{
#ifdef BLOCK_SIZE
    return 1;
#else
    return 0;
#endif
}

void *apicc__wipe_malloc(size_t n)
{
    return malloc(n);
}

void *apicc__wipe_calloc(size_t count, size_t n)
{
    return calloc(count, n);
}

void apicc__wipe_free(void *p)
{
    if (!p)
        return;
#ifdef BLOCK_SIZE
    apicc_wipe(p, BLOCK_SIZE(p));
#endif
    free(p);
}

void *apicc__wipe_realloc(void *p, size_t n)
{
    if (!p)
        return malloc(n);
#ifdef BLOCK_SIZE
    size_t old = BLOCK_SIZE(p);
    if (n <= old)
        return p; /* the block already holds n bytes */
    void *q = malloc(n);
    if (!q)
        return NULL; /* p stays valid, as with realloc */
    memcpy(q, p, old);
    apicc__wipe_free(p);
    return q;
#else
    return realloc(p, n);
#endif
}

char *apicc__wipe_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}
