/*
 * The YAML tree: libyaml events folded into nodes with positions; see
 * yaml_tree.h.
 *
 * Problems come in two weights.  A syntax error, nesting past the limit or
 * a non-scalar key ends the parse (the events after it mean nothing).  A
 * duplicate key, an anchor, an alias or a tag is reported and parsing goes
 * on, with the offending part left out, so the loader still sees the rest
 * of the file and can report its problems too; the caller learns of these
 * from the diag's error count.
 *
 * Nodes, texts and arrays come from an arena that the root owns: a spec
 * of thousands of endpoints has a few hundred thousand nodes, and one
 * malloc and free each would cost more than parsing them.
 */
#include "load/yaml_tree.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/diag.h"

/* A chunk of the arena.  Blocks are chained newest first. */
typedef struct ytree_block {
    struct ytree_block *next;
    size_t used;
    size_t cap;
    max_align_t data[]; /* aligned for any node or pointer array */
} ytree_block;

#define BLOCK_BYTES (64u * 1024u)

typedef struct builder {
    ytree_block *blocks;
    const char *path;
    const char *text;
    size_t len;
    struct diag *d;
    ytree_node *stack[YTREE_MAX_DEPTH];
    size_t depth;
    ytree_node *root;
    int documents;
    int failed; /* a hard error was reported */
} builder;

static void free_blocks(ytree_block *b)
{
    while (b) {
        ytree_block *next = b->next;
        free(b);
        b = next;
    }
}

void ytree_free(ytree_node *n)
{
    if (n)
        free_blocks(n->blocks);
}

/* size bytes of zeroed, aligned memory from the arena; NULL when out of
 * memory.  Requests too big for a block get a block of their own. */
static void *arena_alloc(builder *b, size_t size)
{
    const size_t align = sizeof(max_align_t);
    if (size > SIZE_MAX - align)
        return NULL;
    size = (size + align - 1) / align * align;
    ytree_block *blk = b->blocks;
    if (!blk || blk->cap - blk->used < size) {
        size_t cap = size > BLOCK_BYTES / 4 ? size : BLOCK_BYTES;
        blk = malloc(sizeof(*blk) + cap);
        if (!blk)
            return NULL;
        blk->used = 0;
        blk->cap = cap;
        if (b->blocks && cap != BLOCK_BYTES) {
            /* Keep filling the current block: put the big one behind. */
            blk->next = b->blocks->next;
            b->blocks->next = blk;
        } else {
            blk->next = b->blocks;
            b->blocks = blk;
        }
    }
    void *p = (char *)blk->data + blk->used;
    blk->used += size;
    memset(p, 0, size);
    return p;
}

/* Makes room in an array that holds n elements for one more: capacities
 * are powers of two (at least 4), so the count alone says when to grow.
 * The old array stays in the arena until the tree is freed. */
static int grow(builder *b, void **arr, size_t n, size_t elem)
{
    size_t cap;
    if (n == 0)
        cap = 4;
    else if (n >= 4 && (n & (n - 1)) == 0)
        cap = n * 2;
    else
        return 0;
    if (cap > SIZE_MAX / elem)
        return -1;
    void *p = arena_alloc(b, cap * elem);
    if (!p)
        return -1;
    if (n)
        memcpy(p, *arr, n * elem);
    *arr = p;
    return 0;
}

static void hard_error(builder *b, int line, int col, const char *msg)
{
    if (!b->failed)
        diag_error(b->d, b->path, line, col, "%s", msg);
    b->failed = 1;
}

static ytree_node *new_node(builder *b, ytree_kind kind,
                            const yaml_event_t *ev)
{
    ytree_node *n = arena_alloc(b, sizeof(*n));
    if (!n) {
        hard_error(b, 0, 0, "out of memory");
        return NULL;
    }
    n->kind = kind;
    n->line = (int)ev->start_mark.line + 1;
    n->col = (int)ev->start_mark.column + 1;
    return n;
}

/* Whether a map's next child is a key (rather than the last key's value). */
static int wants_key(const ytree_node *map)
{
    return map->npairs == 0 || map->pairs[map->npairs - 1].value != NULL;
}

/* Links a new node under the innermost open collection (or makes it the
 * root). */
static int attach(builder *b, ytree_node *n)
{
    if (b->depth == 0) {
        b->root = n;
        return 0;
    }
    ytree_node *top = b->stack[b->depth - 1];
    if (top->kind == YTREE_SEQ) {
        if (grow(b, (void **)&top->items, top->nitems, sizeof(*top->items))) {
            hard_error(b, 0, 0, "out of memory");
            return -1;
        }
        top->items[top->nitems++] = n;
        return 0;
    }
    if (!wants_key(top)) {
        top->pairs[top->npairs - 1].value = n;
        return 0;
    }
    if (n->kind != YTREE_SCALAR) {
        hard_error(b, n->line, n->col, "mapping keys must be scalars");
        return -1;
    }
    if (grow(b, (void **)&top->pairs, top->npairs, sizeof(*top->pairs))) {
        hard_error(b, 0, 0, "out of memory");
        return -1;
    }
    top->pairs[top->npairs].key = n;
    top->pairs[top->npairs].value = NULL;
    top->npairs++;
    return 0;
}

/* Reports an anchor or a tag on a node: specs use neither. */
static void check_props(builder *b, const yaml_event_t *ev,
                        const yaml_char_t *anchor, const yaml_char_t *tag)
{
    int line = (int)ev->start_mark.line + 1;
    int col = (int)ev->start_mark.column + 1;
    if (anchor)
        diag_error(b->d, b->path, line, col,
                   "YAML anchors are not supported");
    if (tag && strcmp((const char *)tag, YAML_STR_TAG) != 0)
        diag_error(b->d, b->path, line, col, "YAML tags are not supported");
}

static void on_scalar(builder *b, const yaml_event_t *ev)
{
    check_props(b, ev, ev->data.scalar.anchor, ev->data.scalar.tag);
    ytree_node *n = new_node(b, YTREE_SCALAR, ev);
    if (!n)
        return;
    n->len = ev->data.scalar.length;
    n->text = arena_alloc(b, n->len + 1);
    if (!n->text) {
        hard_error(b, 0, 0, "out of memory");
        return;
    }
    memcpy(n->text, ev->data.scalar.value, n->len);
    n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
               !ev->data.scalar.tag;
    /* Only a "\0" escape can put a NUL in a scalar: the reader refuses
     * control characters everywhere else. */
    if (ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE &&
        memchr(n->text, '\0', n->len))
        diag_error(b->d, b->path, n->line, n->col,
                   "a NUL character is not allowed in a string");
    attach(b, n);
}

/* An alias stands for a node defined elsewhere; it is reported and read
 * as null so the rest of the mapping keeps its shape. */
static void on_alias(builder *b, const yaml_event_t *ev)
{
    diag_error(b->d, b->path, (int)ev->start_mark.line + 1,
               (int)ev->start_mark.column + 1,
               "YAML aliases are not supported");
    ytree_node *n = new_node(b, YTREE_SCALAR, ev);
    if (!n)
        return;
    n->text = arena_alloc(b, 1);
    n->plain = 1;
    n->refused = 1;
    if (!n->text) {
        hard_error(b, 0, 0, "out of memory");
        return;
    }
    attach(b, n);
}

static void on_start(builder *b, const yaml_event_t *ev, ytree_kind kind)
{
    if (kind == YTREE_MAP)
        check_props(b, ev, ev->data.mapping_start.anchor,
                    ev->data.mapping_start.tag);
    else
        check_props(b, ev, ev->data.sequence_start.anchor,
                    ev->data.sequence_start.tag);
    if (b->depth == YTREE_MAX_DEPTH) {
        char msg[64];
        snprintf(msg, sizeof msg, "nesting deeper than %d levels",
                 YTREE_MAX_DEPTH);
        hard_error(b, (int)ev->start_mark.line + 1,
                   (int)ev->start_mark.column + 1, msg);
        return;
    }
    ytree_node *n = new_node(b, kind, ev);
    if (!n || attach(b, n) != 0)
        return;
    b->stack[b->depth++] = n;
}

/* A key of a map being checked for repeats, with its place in the map. */
typedef struct key_ref {
    const char *text;
    size_t index;
} key_ref;

static int cmp_key_ref(const void *pa, const void *pb)
{
    const key_ref *a = pa, *b = pb;
    int c = strcmp(a->text, b->text);
    if (c)
        return c;
    return a->index < b->index ? -1 : a->index > b->index;
}

static void report_repeat(builder *b, const ytree_node *key,
                          const ytree_node *first)
{
    diag_error(b->d, b->path, key->line, key->col,
               "duplicate key '%s' (first at line %d)", key->text,
               first->line);
}

/* Marks in drop[] every key that repeats an earlier one, reporting it.
 * Sorting keeps this n log n for the big maps (models, properties) a
 * hostile file could make huge. */
static int mark_repeats_sorted(builder *b, const ytree_node *map, char *drop)
{
    key_ref *refs = malloc(map->npairs * sizeof(*refs));
    if (!refs)
        return -1;
    for (size_t i = 0; i < map->npairs; i++) {
        refs[i].text = map->pairs[i].key->text;
        refs[i].index = i;
    }
    qsort(refs, map->npairs, sizeof(*refs), cmp_key_ref);
    size_t first = 0; /* the first of the current run of equal keys */
    for (size_t i = 1; i < map->npairs; i++) {
        if (strcmp(refs[first].text, refs[i].text) != 0) {
            first = i;
            continue;
        }
        report_repeat(b, map->pairs[refs[i].index].key,
                      map->pairs[refs[first].index].key);
        drop[refs[i].index] = 1;
    }
    free(refs);
    return 0;
}

/* The same for small maps (nearly all of them), pairwise. */
static void mark_repeats_small(builder *b, const ytree_node *map, char *drop)
{
    for (size_t i = 1; i < map->npairs; i++) {
        for (size_t k = 0; k < i; k++) {
            if (!drop[k] &&
                strcmp(map->pairs[k].key->text, map->pairs[i].key->text) == 0) {
                report_repeat(b, map->pairs[i].key, map->pairs[k].key);
                drop[i] = 1;
                break;
            }
        }
    }
}

#define SMALL_MAP 16

/* Reports every repeated key of a finished map at the repeat, and drops
 * the repeats so each key reads once. */
static void check_duplicates(builder *b, ytree_node *map)
{
    if (map->npairs < 2)
        return;
    char small[SMALL_MAP] = {0};
    char *drop = small;
    if (map->npairs <= SMALL_MAP) {
        mark_repeats_small(b, map, drop);
    } else {
        drop = calloc(map->npairs, 1);
        if (!drop || mark_repeats_sorted(b, map, drop) != 0) {
            free(drop);
            hard_error(b, 0, 0, "out of memory");
            return;
        }
    }
    size_t o = 0;
    for (size_t i = 0; i < map->npairs; i++)
        if (!drop[i])
            map->pairs[o++] = map->pairs[i]; /* dropped: left in the arena */
    map->npairs = o;
    if (drop != small)
        free(drop);
}

static void on_end(builder *b)
{
    if (b->depth == 0)
        return;
    ytree_node *n = b->stack[--b->depth];
    if (n->kind == YTREE_MAP)
        check_duplicates(b, n);
}

static void on_document(builder *b, const yaml_event_t *ev)
{
    if (++b->documents > 1)
        hard_error(b, (int)ev->start_mark.line + 1,
                   (int)ev->start_mark.column + 1,
                   "more than one YAML document in the file");
}

/* Line and column of a byte offset, for reader errors (bad encoding),
 * which libyaml reports by offset only. */
static void offset_position(const builder *b, size_t off, int *line,
                            int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off && i < b->len; i++) {
        if (b->text[i] == '\n') {
            ++*line;
            *col = 1;
        } else {
            ++*col;
        }
    }
}

static void syntax_error(builder *b, const yaml_parser_t *p)
{
    int line, col;
    const char *problem = p->problem ? p->problem : "invalid YAML";
    if (p->error == YAML_MEMORY_ERROR) {
        hard_error(b, 0, 0, "out of memory");
        return;
    }
    if (p->error == YAML_READER_ERROR) {
        offset_position(b, p->problem_offset, &line, &col);
    } else {
        line = (int)p->problem_mark.line + 1;
        col = (int)p->problem_mark.column + 1;
    }
    hard_error(b, line, col, problem);
}

static void on_event(builder *b, const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        on_document(b, ev);
        break;
    case YAML_ALIAS_EVENT:
        on_alias(b, ev);
        break;
    case YAML_SCALAR_EVENT:
        on_scalar(b, ev);
        break;
    case YAML_SEQUENCE_START_EVENT:
        on_start(b, ev, YTREE_SEQ);
        break;
    case YAML_MAPPING_START_EVENT:
        on_start(b, ev, YTREE_MAP);
        break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        on_end(b);
        break;
    default:
        break;
    }
}

ytree_node *ytree_parse(const char *path, const char *text, size_t len,
                        struct diag *d)
{
    builder b;
    memset(&b, 0, sizeof b);
    b.path = path;
    b.text = text;
    b.len = len;
    b.d = d;
    if (len > YTREE_MAX_BYTES) {
        diag_error(d, path, 1, 1, "the file is larger than %u bytes",
                   YTREE_MAX_BYTES);
        return NULL;
    }
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        diag_error(d, path, 0, 0, "out of memory");
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    int done = 0;
    while (!done && !b.failed) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            syntax_error(&b, &parser);
            break;
        }
        on_event(&b, &ev);
        done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    if (!b.failed && !b.root) {
        b.root = arena_alloc(&b, sizeof(*b.root));
        if (b.root)
            b.root->text = arena_alloc(&b, 1);
        if (!b.root || !b.root->text)
            hard_error(&b, 0, 0, "out of memory");
        else {
            b.root->kind = YTREE_SCALAR;
            b.root->line = 1;
            b.root->col = 1;
            b.root->plain = 1;
        }
    }
    if (b.failed) {
        free_blocks(b.blocks);
        return NULL;
    }
    b.root->blocks = b.blocks;
    return b.root;
}

const ytree_node *ytree_get(const ytree_node *map, const char *key)
{
    if (!map || map->kind != YTREE_MAP)
        return NULL;
    for (size_t i = 0; i < map->npairs; i++) {
        const char *k = map->pairs[i].key->text;
        if (k[0] == key[0] && strcmp(k, key) == 0)
            return map->pairs[i].value;
    }
    return NULL;
}

static int all_digits(const char *s, int (*ok)(int))
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!ok((unsigned char)*s))
            return 0;
    return 1;
}

static int is_dec(int c) { return c >= '0' && c <= '9'; }
static int is_oct(int c) { return c >= '0' && c <= '7'; }
static int is_hex(int c)
{
    return is_dec(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? with at least one
 * '.' or exponent (plain integers are matched before). */
static int is_float(const char *s)
{
    int digits = 0;
    if (*s == '-' || *s == '+')
        s++;
    if (strcmp(s, ".inf") == 0 || strcmp(s, ".Inf") == 0 ||
        strcmp(s, ".INF") == 0)
        return 1;
    while (is_dec((unsigned char)*s)) {
        s++;
        digits++;
    }
    if (*s == '.') {
        s++;
        while (is_dec((unsigned char)*s)) {
            s++;
            digits++;
        }
    }
    if (!digits)
        return 0;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '-' || *s == '+')
            s++;
        if (!all_digits(s, is_dec))
            return 0;
        return 1;
    }
    return *s == '\0';
}

ytree_scalar_type ytree_resolve(const ytree_node *n)
{
    if (!n || n->kind != YTREE_SCALAR || !n->plain)
        return YTREE_STR;
    const char *s = n->text;
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
    static const char *const bools[] = {"true", "True", "TRUE",
                                        "false", "False", "FALSE"};
    for (size_t i = 0; i < sizeof nulls / sizeof nulls[0]; i++)
        if (strcmp(s, nulls[i]) == 0)
            return YTREE_NULL;
    for (size_t i = 0; i < sizeof bools / sizeof bools[0]; i++)
        if (strcmp(s, bools[i]) == 0)
            return YTREE_BOOL;
    const char *digits = (*s == '-' || *s == '+') ? s + 1 : s;
    if (all_digits(digits, is_dec))
        return YTREE_INT;
    if (strncmp(s, "0o", 2) == 0 && all_digits(s + 2, is_oct))
        return YTREE_INT;
    if (strncmp(s, "0x", 2) == 0 && all_digits(s + 2, is_hex))
        return YTREE_INT;
    if (strcmp(s, ".nan") == 0 || strcmp(s, ".NaN") == 0 ||
        strcmp(s, ".NAN") == 0)
        return YTREE_FLOAT;
    return is_float(s) ? YTREE_FLOAT : YTREE_STR;
}
