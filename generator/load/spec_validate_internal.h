/*
 * Shared by the validator's files: spec_validate.c (references,
 * duplicates, placeholders, transport rules), spec_validate_names.c
 * (C names: valid identifiers, keywords, and clashes between generated
 * names) and spec_validate_text.c (characters a field cannot hold).
 */
#ifndef APICC_GEN_SPEC_VALIDATE_INTERNAL_H
#define APICC_GEN_SPEC_VALIDATE_INTERNAL_H

#include <stddef.h>

#include "load/spec.h"

struct diag;

/* One generated C name and the spec item it comes from. */
typedef struct vd_name {
    char *name;           /* the C name (owned) */
    const char *kind;     /* "model", "enum value", "endpoint", ... */
    const char *item;     /* the item's spec name */
    const char *parent;   /* the enum of an enum value, else NULL */
    const void *owner;    /* identity of the item, to report a pair once */
    spec_pos pos;
    size_t seq;           /* order of adding: ties in position */
    size_t owner_seq;     /* order of the item among the table's items */
} vd_name;

typedef struct vd_names {
    vd_name *v;
    size_t n;
    size_t cap;
} vd_names;

typedef struct vd_ctx {
    spec *s;
    struct diag *d;
    const char *path;
    spec_model **by_name; /* models sorted by name, for lookups */
    size_t nby_name;
    /* 1 where an item repeats an earlier item's name: reported as a
     * duplicate, so its C names are not checked again */
    char *model_repeat;
    char *endpoint_repeat;
    int oom;
} vd_ctx;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void vd_error(vd_ctx *v, spec_pos pos, const char *fmt, ...);

/*
 * Flags (malloc'd, n entries; NULL when out of memory) marking each entry
 * whose name an earlier entry has.  When `what` is given, each repeat is
 * reported at its position as "duplicate <what> 'x' (first at line N)".
 * NULL names are never repeats.
 */
char *vd_repeats(vd_ctx *v, const char *const *names, const spec_pos *pos,
                 size_t n, const char *what);

/* The model called name, or NULL. */
spec_model *vd_model(vd_ctx *v, const char *name);

/*
 * Checks the C name of an item and returns it (malloc'd), or NULL after
 * reporting.  explicit_c_name is the `c_name:` given, or NULL to derive
 * one from name.  no_keyword: the name must not be a C keyword or
 * reserved identifier.  fix: what the message suggests ("set c_name").
 */
char *vd_cname(vd_ctx *v, const char *explicit_c_name, const char *name,
               spec_pos pos, int no_keyword, const char *fix);

/* Adds a name to a table; takes `name` (freed on failure). */
void vd_add(vd_ctx *v, vd_names *t, char *name, const char *kind,
            const char *item, const char *parent, const void *owner,
            spec_pos pos);

/* Reports every name of the table that an earlier item already has, at
 * the later item, once per pair of items; then empties the table. */
void vd_clashes(vd_ctx *v, vd_names *t);

void vd_names_free(vd_names *t);

/* Checks the struct members of an object model or a params struct.
 * skip (may be NULL) marks params reported as duplicates already. */
void vd_model_members(vd_ctx *v, const spec_model *m);
void vd_param_members(vd_ctx *v, const spec_endpoint *e, const char *skip);

/* Checks every generated global name of the spec for clashes. */
void vd_global_names(vd_ctx *v);

/* Refuses text that cannot be sent or shown where the spec puts it. */
void vd_text(vd_ctx *v);

#endif
