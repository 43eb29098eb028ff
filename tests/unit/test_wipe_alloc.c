/*
 * The wiping allocator's block wipe (runtime/src/wipe_alloc.c): a small
 * block is zeroed whole; a large one on every page that is in memory,
 * while its pages that never were stay out of memory (mincore tells
 * both), so a huge buffer that held a few bytes is not mapped only to
 * be zeroed.  The memory comes from mmap, so which pages are in memory
 * is under the test's control.
 */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "harness.h"
#include "wipe_alloc_internal.h"

static size_t page_size(void)
{
    long p = sysconf(_SC_PAGESIZE);
    return p > 0 ? (size_t)p : 4096;
}

/* Fresh anonymous pages: none in memory until written. */
static unsigned char *fresh(size_t pages)
{
    void *m = mmap(NULL, pages * page_size(), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return m == MAP_FAILED ? NULL : m;
}

static int resident(unsigned char *m, size_t page)
{
    unsigned char v = 0;
    size_t ps = page_size();
    return mincore(m + page * ps, ps, &v) == 0 && (v & 1);
}

static int all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

TEST(small_blocks_wiped_whole)
{
    unsigned char block[300];
    memset(block, 0xA5, sizeof block);
    apicc__wipe_block(block, sizeof block);
    CHECK(all_zero(block, sizeof block));
    apicc__wipe_block(NULL, 10); /* nothing to do, no crash */
}

/* 16 KiB buffers, as libcurl frees two per transfer: wiped whole, the
 * pages never written included (no system call per free). */
TEST(buffers_up_to_32k_wiped_whole)
{
    size_t ps = page_size(), pages = 16384 / ps ? 16384 / ps : 1;
    unsigned char *m = fresh(pages);
    if (!m) {
        FAIL("mmap failed");
        return;
    }
    memset(m, 0x5A, 100);
    apicc__wipe_block(m, pages * ps);
    CHECK(all_zero(m, pages * ps));
    munmap(m, pages * ps);
}

/* 300 pages (more than one mincore call asks about): the written pages,
 * the partial ends and a page past the first 64 are zeroed; the pages
 * never written are still not in memory afterwards. */
TEST(large_blocks_wiped_where_in_memory)
{
    size_t ps = page_size(), pages = 300;
    unsigned char *m = fresh(pages);
    if (!m) {
        FAIL("mmap failed");
        return;
    }
    static const size_t written[] = {0, 1, 70, 299};
    for (size_t i = 0; i < sizeof written / sizeof written[0]; i++)
        memset(m + written[i] * ps, 0xC3, ps);
    /* a block starting inside page 0 and ending inside page 299 */
    unsigned char *block = m + 10;
    size_t n = pages * ps - 20;
    apicc__wipe_block(block, n);
    for (size_t i = 0; i < sizeof written / sizeof written[0]; i++)
        if (!all_zero(m + written[i] * ps, ps) &&
            !(written[i] == 0 && all_zero(m + 10, ps - 10)) &&
            !(written[i] == 299 && all_zero(m + 299 * ps, ps - 10)))
            FAIL("page %zu not wiped", written[i]);
    CHECK(m[9] == 0xC3 && m[pages * ps - 10] == 0xC3); /* outside */
    size_t mapped = 0;
    for (size_t i = 0; i < pages; i++)
        mapped += (size_t)resident(m, i);
    if (mapped != sizeof written / sizeof written[0])
        FAIL("%zu pages in memory after the wipe, want 4", mapped);
    munmap(m, pages * ps);
}

int main(void)
{
    RUN(small_blocks_wiped_whole);
    RUN(buffers_up_to_32k_wiped_whole);
    RUN(large_blocks_wiped_where_in_memory);
    return harness_report();
}
