/*
 * The mustache engine's parsed form, shared by its parser and renderer.
 *
 * A template is parsed once into a tree of nodes; text nodes point into the
 * template source (which outlives the tree), so parsing copies only names.
 * Standalone lines (a line holding nothing but one section, comment,
 * partial or delimiter tag) are resolved at parse time: their whitespace
 * and newline never become text.
 */
#ifndef APICC_GEN_MUSTACHE_INTERNAL_H
#define APICC_GEN_MUSTACHE_INTERNAL_H

#include <stddef.h>

struct diag;

typedef enum mnode_kind {
    MN_TEXT,
    MN_VAR,      /* {{x}}: escaped as the render asks */
    MN_RAW,      /* {{{x}}} and {{&x}}: never escaped */
    MN_SECTION,  /* {{#x}} */
    MN_INVERTED, /* {{^x}} */
    MN_PARTIAL,  /* {{>x}} */
    MN_PARENT,   /* {{<x}}: a partial whose blocks can be overridden */
    MN_BLOCK     /* {{$x}} */
} mnode_kind;

typedef struct mnode mnode;

typedef struct mnode_list {
    mnode **items;
    size_t n;
    size_t cap;
} mnode_list;

struct mnode {
    mnode_kind kind;
    int line; /* of the tag, 1-based */
    int col;
    const char *text; /* MN_TEXT: a slice of the template source */
    size_t len;
    char *name;  /* tags: the name as written, trimmed */
    size_t first; /* length of the name's first part (0 for ".") */
    int dynamic; /* MN_PARTIAL, MN_PARENT: `name` is looked up in the data */
    int standalone_open; /* sections: the open tag's line stood alone */
    /* MN_PARTIAL, MN_PARENT on a standalone line: the whitespace before the
     * tag, put before every line of the included template.
     * MN_BLOCK: the indentation an overriding argument gets at this site. */
    char *indent;
    /* MN_BLOCK as an argument of a parent: its own indentation, taken off
     * every line when it replaces a block elsewhere. */
    char *strip;
    mnode_list kids;
};

/* Parses `src` (len bytes).  Problems are reported to `d` as
 * "name:LINE:COL: error: ..."; returns 0, or -1 when there was any.  On
 * success the caller frees `out` with mnode_list_free(). */
int mustache_parse(const char *src, size_t len, const char *name,
                   size_t max_depth, mnode_list *out, struct diag *d);

void mnode_list_free(mnode_list *l);

#endif
