/*
 * Diagnostics collection and printing; see diag.h.
 */
#include "base/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

void diag_init(diag *d)
{
    memset(d, 0, sizeof(*d));
}

void diag_free(diag *d)
{
    for (size_t i = 0; i < d->count; i++) {
        free(d->items[i].file);
        free(d->items[i].message);
    }
    free(d->items);
    memset(d, 0, sizeof(*d));
}

#if defined(__GNUC__)
__attribute__((format(printf, 6, 0)))
#endif
static void add(diag *d, diag_level level, const char *file, int line,
                int col, const char *fmt, va_list ap)
{
    size_t limit = d->limit ? d->limit : 1000;
    if (level == DIAG_ERROR)
        d->errors++; /* counted even past the limit: callers test it */
    if (d->count >= limit)
        return;
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        diag_item *items = realloc(d->items, cap * sizeof(*items));
        if (!items)
            return;
        d->items = items;
        d->cap = cap;
    }
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    diag_item *it = &d->items[d->count];
    it->level = level;
    it->file = str_dup(file ? file : "<input>");
    it->message = str_dup(msg);
    it->line = line;
    it->col = col;
    if (!it->file || !it->message) {
        free(it->file);
        free(it->message);
        return;
    }
    d->count++;
}

void diag_error(diag *d, const char *file, int line, int col,
                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(d, DIAG_ERROR, file, line, col, fmt, ap);
    va_end(ap);
}

void diag_warning(diag *d, const char *file, int line, int col,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(d, DIAG_WARNING, file, line, col, fmt, ap);
    va_end(ap);
}

/* Orders two items by file, line, column. */
static int item_order(const diag_item *a, const diag_item *b)
{
    int c = strcmp(a->file, b->file);
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return 0;
}

void diag_print(diag *d, FILE *out)
{
    /* A stable insertion sort: diagnostics are few and mostly in order
     * already, and problems at one position keep the order found. */
    for (size_t i = 1; i < d->count; i++) {
        diag_item t = d->items[i];
        size_t j = i;
        while (j > 0 && item_order(&d->items[j - 1], &t) > 0) {
            d->items[j] = d->items[j - 1];
            j--;
        }
        d->items[j] = t;
    }
    for (size_t i = 0; i < d->count; i++) {
        char *s = diag_format(d, i);
        if (s)
            fprintf(out, "%s\n", s);
        free(s);
    }
}

char *diag_format(const diag *d, size_t i)
{
    if (i >= d->count)
        return NULL;
    const diag_item *it = &d->items[i];
    const char *lvl = it->level == DIAG_ERROR ? "error" : "warning";
    size_t n = strlen(it->file) + strlen(it->message) + 64;
    char *s = malloc(n);
    if (!s)
        return NULL;
    if (it->line > 0)
        snprintf(s, n, "%s:%d:%d: %s: %s", it->file, it->line, it->col, lvl,
                 it->message);
    else
        snprintf(s, n, "%s: %s: %s", it->file, lvl, it->message);
    return s;
}

void diag_take(diag *into, diag *from)
{
    size_t limit = into->limit ? into->limit : 1000;
    into->errors += from->errors;
    for (size_t i = 0; i < from->count; i++) {
        diag_item *it = &from->items[i];
        int moved = 0;
        if (into->count < limit) {
            if (into->count == into->cap) {
                size_t cap = into->cap ? into->cap * 2 : 16;
                diag_item *items = realloc(into->items, cap * sizeof(*items));
                if (items) {
                    into->items = items;
                    into->cap = cap;
                }
            }
            if (into->count < into->cap) {
                into->items[into->count++] = *it;
                moved = 1;
            }
        }
        if (!moved) {
            free(it->file);
            free(it->message);
        }
    }
    free(from->items);
    memset(from, 0, sizeof(*from));
}
