/*
 * Allocation functions that wipe what they free (wipe_alloc_internal.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

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

#ifdef BLOCK_SIZE
/* Blocks this large are wiped page by page, and a page that was never
 * touched is left alone: it is not in memory at all, so it holds nothing
 * (mincore(2) tells; a page swapped out is not in memory either, and is
 * left too: what it held went to the swap device when it was written
 * out, which wiping now could not undo).  libcurl makes buffers of 16 and 64 KiB for every
 * transfer and often writes a few hundred bytes of them; clearing the
 * rest would map every page of it only to zero it, and with many
 * transfers the C library gives freed heap back to the kernel and takes
 * it again, so that cost comes back on every call. */
#define LARGE_BLOCK (16u * 1024)

static void wipe_touched(unsigned char *p, size_t n)
{
    if (n < LARGE_BLOCK) { /* most blocks: no system call */
        apicc_wipe(p, n);
        return;
    }
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0) {
        apicc_wipe(p, n);
        return;
    }
    size_t ps = (size_t)page;
    uintptr_t start = (uintptr_t)p, end = start + n;
    uintptr_t first = (start + ps - 1) & ~(uintptr_t)(ps - 1);
    uintptr_t last = end & ~(uintptr_t)(ps - 1);
    size_t pages = (last - first) / ps;
    unsigned char vec[64];
    if (first >= last || pages > sizeof vec ||
        mincore((void *)first, last - first, vec) != 0) {
        apicc_wipe(p, n); /* cannot tell: wipe it all */
        return;
    }
    apicc_wipe(p, first - start); /* the partial pages at both ends */
    apicc_wipe((void *)last, end - last);
    for (size_t i = 0; i < pages; i++)
        if (vec[i] & 1)
            apicc_wipe((void *)(first + i * ps), ps);
}
#endif

void apicc__wipe_free(void *p)
{
    if (!p)
        return;
#ifdef BLOCK_SIZE
    wipe_touched(p, BLOCK_SIZE(p));
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
