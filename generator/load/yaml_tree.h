/*
 * A YAML document as a small tree that remembers where every node was.
 *
 * libyaml's own document API drops the positions of mapping keys, and the
 * spec loader wants "file:line:col" for every key and value it complains
 * about, so this module builds its own tree from libyaml's events.  It
 * refuses what a spec never needs and a hostile file could abuse: anchors
 * and aliases, tags (other than !!str), more than one document, duplicate
 * mapping keys, non-scalar keys, inputs over YTREE_MAX_BYTES and nesting
 * deeper than YTREE_MAX_DEPTH.
 */
#ifndef APICC_GEN_YAML_TREE_H
#define APICC_GEN_YAML_TREE_H

#include <stddef.h>

struct diag;

#define YTREE_MAX_BYTES (16u * 1024u * 1024u)
#define YTREE_MAX_DEPTH 64

typedef enum ytree_kind { YTREE_SCALAR, YTREE_MAP, YTREE_SEQ } ytree_kind;

typedef struct ytree_node ytree_node;
struct ytree_block;

typedef struct ytree_pair {
    ytree_node *key; /* always a scalar */
    ytree_node *value;
} ytree_pair;

struct ytree_node {
    ytree_kind kind;
    int line; /* 1-based position of the node's first character */
    int col;
    /* SCALAR: the value, NUL-terminated (a NUL inside is refused) */
    char *text;
    size_t len;
    int plain; /* SCALAR: unquoted, so it may read as null, bool or number */
    int refused; /* stands for something already reported (an alias): the
                    reader should say nothing more about it */
    ytree_pair *pairs; /* MAP: in file order, keys distinct */
    size_t npairs;
    ytree_node **items; /* SEQ */
    size_t nitems;
    /* Root only: the memory every node, text and array of the tree lives
     * in, freed at once by ytree_free. */
    struct ytree_block *blocks;
};

/* How a scalar reads under the YAML 1.2 core schema.  Quoted and block
 * scalars are always strings. */
typedef enum ytree_scalar_type {
    YTREE_STR,
    YTREE_NULL,  /* "", ~, null, Null, NULL */
    YTREE_BOOL,  /* true, True, TRUE, false, False, FALSE */
    YTREE_INT,   /* [-+]?[0-9]+, 0o.., 0x.. */
    YTREE_FLOAT  /* decimals, exponents, .inf, .nan */
} ytree_scalar_type;

/*
 * Parses one YAML document.  Problems go to `d` as "path:line:col: error:
 * message" (for syntax errors the message is libyaml's own); on any
 * problem the tree is freed and NULL returned.  An input without a
 * document gives an empty plain scalar (null) at 1:1.
 */
ytree_node *ytree_parse(const char *path, const char *text, size_t len,
                        struct diag *d);

/* Frees a tree (given its root); NULL is fine. */
void ytree_free(ytree_node *n);

/* The value under `key` in a mapping, or NULL (also when n is no map). */
const ytree_node *ytree_get(const ytree_node *map, const char *key);

/* How a scalar reads; YTREE_STR for anything that is not a scalar. */
ytree_scalar_type ytree_resolve(const ytree_node *n);

#endif
