/*
 * Open-addressing hash maps; see import_map.h.
 */
#include "import/import_map.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void imp_map_init(imp_map *m)
{
    memset(m, 0, sizeof(*m));
}

void imp_map_free(imp_map *m)
{
    free(m->slots);
    free(m->text);
    imp_map_init(m);
}

void imp_map_clear(imp_map *m)
{
    if (m->slots)
        memset(m->slots, 0, m->cap * sizeof(*m->slots));
    m->count = 0;
    m->text_len = 0;
}

/* FNV-1a: short keys, no adversary that profits from collisions here
 * (a slow import is the worst a crafted document gets). */
static size_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211u;
    }
    return (size_t)(h ^ (h >> 29));
}

static size_t hash_ptr(const void *p)
{
    uint64_t h = (uint64_t)(uintptr_t)p;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    return (size_t)h;
}

static int used(const imp_map_slot *s)
{
    return s->key != 0 || s->ptr != NULL;
}

static const char *key_of(const imp_map *m, const imp_map_slot *s)
{
    return m->text + s->key - 1;
}

static size_t slot_of(const imp_map *m, const char *key, const void *ptr,
                      size_t h)
{
    size_t mask = m->cap - 1;
    size_t i = h & mask;
    while (used(&m->slots[i])) {
        const imp_map_slot *s = &m->slots[i];
        if (key ? strcmp(key_of(m, s), key) == 0 : s->ptr == ptr)
            return i;
        i = (i + 1) & mask;
    }
    return i;
}

static size_t hash(const char *key, const void *ptr)
{
    return key ? hash_str(key) : hash_ptr(ptr);
}

static int rehash_to(imp_map *m, size_t cap)
{
    imp_map_slot *old = m->slots;
    size_t old_cap = m->cap;
    m->slots = calloc(cap, sizeof(*m->slots));
    if (!m->slots) {
        m->slots = old;
        return 0;
    }
    m->cap = cap;
    for (size_t i = 0; i < old_cap; i++) {
        if (!used(&old[i]))
            continue;
        const char *key = old[i].key ? key_of(m, &old[i]) : NULL;
        m->slots[slot_of(m, key, old[i].ptr, hash(key, old[i].ptr))] =
            old[i];
    }
    free(old);
    return 1;
}

static int rehash(imp_map *m)
{
    return rehash_to(m, m->cap ? m->cap * 2 : 64);
}

int imp_map_reserve(imp_map *m, size_t n)
{
    size_t cap = m->cap ? m->cap : 64;
    while (n * 4 > cap * 3) {
        if (cap > SIZE_MAX / 2 / sizeof(imp_map_slot))
            return 0;
        cap *= 2;
    }
    return cap == m->cap || rehash_to(m, cap);
}

/* Copies key into the key text; its offset + 1, or 0 when out of
 * memory. */
static size_t store_key(imp_map *m, const char *key)
{
    size_t n = strlen(key) + 1;
    if (n > m->text_cap - m->text_len) {
        size_t cap = m->text_cap ? m->text_cap : 1024;
        while (cap - m->text_len < n) {
            if (cap > SIZE_MAX / 2)
                return 0;
            cap *= 2;
        }
        char *t = realloc(m->text, cap);
        if (!t)
            return 0;
        m->text = t;
        m->text_cap = cap;
    }
    memcpy(m->text + m->text_len, key, n);
    m->text_len += n;
    return m->text_len - n + 1;
}

static size_t get(const imp_map *m, const char *key, const void *ptr,
                  size_t missing)
{
    if (m->cap == 0)
        return missing;
    const imp_map_slot *s = &m->slots[slot_of(m, key, ptr, hash(key, ptr))];
    return used(s) ? s->value : missing;
}

static int put(imp_map *m, const char *key, const void *ptr, size_t value)
{
    if ((m->count + 1) * 4 > m->cap * 3 && !rehash(m))
        return 0;
    imp_map_slot *s = &m->slots[slot_of(m, key, ptr, hash(key, ptr))];
    if (!used(s)) {
        if (key) {
            s->key = store_key(m, key);
            if (!s->key)
                return 0;
        } else {
            s->ptr = ptr;
        }
        m->count++;
    }
    s->value = value;
    return 1;
}

size_t imp_map_get(const imp_map *m, const char *key, size_t missing)
{
    return get(m, key, NULL, missing);
}

int imp_map_put(imp_map *m, const char *key, size_t value)
{
    return put(m, key, NULL, value);
}

size_t imp_pmap_get(const imp_map *m, const void *key, size_t missing)
{
    return get(m, NULL, key, missing);
}

int imp_pmap_put(imp_map *m, const void *key, size_t value)
{
    return put(m, NULL, key, value);
}
