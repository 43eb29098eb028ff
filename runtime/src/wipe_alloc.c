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

/* Blocks larger than this are wiped page by page, and a page that was
 * never touched is left alone: it is not in memory at all, so it holds
 * nothing (mincore(2) tells; a page swapped out is not in memory either,
 * and is left too: what it held went to the swap device when it was
 * written out, which wiping now could not undo).  A buffer of 1 MiB
 * that held a few hundred bytes would otherwise be mapped page by page
 * only to be zeroed, and with many transfers the C library gives freed
 * heap back to the kernel and takes it again, so that cost would come
 * back on every call.  Blocks up to 32 KiB, among them the two 16 KiB
 * buffers libcurl makes and frees for every transfer, are wiped whole:
 * the mincore calls for those two cost about 4 µs a transfer (a fifth
 * of a keep-alive call's CPU), more than the few page faults wiping
 * their untouched pages costs once, after which the heap reuses them. */
#define LARGE_BLOCK (32u * 1024 + 1)
#define PAGES_PER_ASK 64

void apicc__wipe_block(void *block, size_t n)
{
    unsigned char *p = block;
    if (!p || n == 0)
        return;
    long page = n < LARGE_BLOCK ? 0 : sysconf(_SC_PAGESIZE);
    if (page <= 0) { /* most blocks: no system call */
        apicc_wipe(p, n);
        return;
    }
    size_t ps = (size_t)page;
    uintptr_t start = (uintptr_t)p, end = start + n;
    uintptr_t first = (start + ps - 1) & ~(uintptr_t)(ps - 1);
    uintptr_t last = end & ~(uintptr_t)(ps - 1);
    if (first >= last) {
        apicc_wipe(p, n);
        return;
    }
    apicc_wipe(p, first - start); /* the partial pages at both ends */
    apicc_wipe((void *)last, end - last);
    unsigned char vec[PAGES_PER_ASK];
    for (uintptr_t at = first; at < last;) {
        size_t pages = (last - at) / ps;
        if (pages > PAGES_PER_ASK)
            pages = PAGES_PER_ASK;
        if (mincore((void *)at, pages * ps, vec) != 0) {
            apicc_wipe((void *)at, pages * ps); /* cannot tell: all */
        } else {
            for (size_t i = 0; i < pages; i++)
                if (vec[i] & 1)
                    apicc_wipe((void *)(at + i * ps), ps);
        }
        at += pages * ps;
    }
}

void apicc__wipe_free(void *p)
{
    if (!p)
        return;
#ifdef BLOCK_SIZE
    apicc__wipe_block(p, BLOCK_SIZE(p));
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
