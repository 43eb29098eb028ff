/*
 * Allocation functions that wipe what they free (never installed), for
 * the libraries that keep copies of secrets in memory apicc does not own:
 * libcurl (its request buffer holds the Authorization header, the URL
 * with a key in its query, the cookies; its receive buffer the answers)
 * and cJSON (request and response trees, printed bodies).  global.c
 * hands them to curl_global_init_mem and cJSON_InitHooks.  Bottom layer:
 * depends on nothing.
 *
 * The size of a block is asked of the allocator (glibc's
 * malloc_usable_size), so blocks from plain malloc, made before these
 * were installed, are wiped and freed alike.  Where no such call exists,
 * apicc__wipe_alloc_available() is 0 and nothing is installed.
 */
#ifndef APICC_WIPE_ALLOC_INTERNAL_H
#define APICC_WIPE_ALLOC_INTERNAL_H

#include <stddef.h>

/* 1 when the functions below wipe (the C library tells block sizes). */
int apicc__wipe_alloc_available(void);

void *apicc__wipe_malloc(size_t n);
void *apicc__wipe_calloc(size_t count, size_t n);
/* Never frees without wiping: a block that must grow is copied to a new
 * one and the old one wiped, since realloc could free it unwiped. */
void *apicc__wipe_realloc(void *p, size_t n);
char *apicc__wipe_strdup(const char *s);
/* Wipes the whole block, then frees it; NULL is fine. */
void apicc__wipe_free(void *p);

/* Wipes n bytes at `block` as apicc__wipe_free does before freeing: a
 * large block only on its pages that are in memory (the others hold
 * nothing; wiping them would only map them). */
void apicc__wipe_block(void *block, size_t n);

#endif
