/*
 * Small hash maps for the importers: from a string (copied) or from a
 * pointer to a size_t.  Lookups only: nothing iterates a map, so its order
 * never reaches the output.
 */
#ifndef APICC_GEN_IMPORT_MAP_H
#define APICC_GEN_IMPORT_MAP_H

#include <stddef.h>

typedef struct imp_map_slot {
    size_t key;      /* string maps: offset of the key in `text` + 1;
                        0: empty slot */
    const void *ptr; /* pointer maps: the key; NULL: empty slot */
    size_t value;
} imp_map_slot;

typedef struct imp_map {
    imp_map_slot *slots;
    size_t cap; /* a power of two, or 0 */
    size_t count;
    char *text; /* the string keys, one after another: one allocation
                   for all of them, where a large import has a million */
    size_t text_len, text_cap;
} imp_map;

void imp_map_init(imp_map *m);
void imp_map_free(imp_map *m);
/* Makes room for n keys without rehashing; 0 when out of memory. */
int imp_map_reserve(imp_map *m, size_t n);
/* Empties the map, keeping its memory for reuse. */
void imp_map_clear(imp_map *m);

/* The value under key, or `missing`. */
size_t imp_map_get(const imp_map *m, const char *key, size_t missing);
/* Sets key to value (replacing); 0 when out of memory. */
int imp_map_put(imp_map *m, const char *key, size_t value);

/* The same keyed by pointer (never NULL); do not mix with string keys
 * in one map. */
size_t imp_pmap_get(const imp_map *m, const void *key, size_t missing);
int imp_pmap_put(imp_map *m, const void *key, size_t value);

#endif
