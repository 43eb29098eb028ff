/*
 * The model walker's insides, shared by model.c (objects, arrays, maps,
 * scalars), model_union.c (union models), model_path.c (messages with
 * the JSON path) and model_decoding.c (the client's decoding mode).
 * Never installed.  Bottom layer.
 */
#ifndef APICC_MODEL_INTERNAL_H
#define APICC_MODEL_INTERNAL_H

#include <stddef.h>

#include "apicc/model.h"

/* Deeper than this a parse stops: cJSON bounds the nesting of what it
 * parses, this bounds recursive models fed a tree built some other way,
 * and keeps the walker's stack small against hostile input. */
#define APICC__MAX_MODEL_DEPTH 512

/* Steps of the path kept; a deeper value's message shows the first ones
 * (a path that long loses its tail in the message anyway). */
#define APICC__PATH_STEPS 32

/* One parse: the path to the value at hand ("Reply.items[3].id"), kept
 * as the parse descends, and the first problem found.  The path is kept
 * as steps and written out only for a message: every member read pushes
 * a step, and almost no parse fails. */
typedef struct apicc__parse_ctx {
    const char *root; /* the model's name, first in the path */
    struct {
        const char *name; /* a member's (borrowed), or NULL: an index */
        long index;
    } step[APICC__PATH_STEPS];
    size_t nsteps; /* may pass APICC__PATH_STEPS; those are not kept */
    size_t depth;
    /* The first problem of the value being parsed ("" when none yet). */
    char msg[sizeof(((apicc_json_error *)0)->message)];
    int lenient;   /* leave out what does not fit, recording it in mm */
    apicc_json_mismatches *mm;
    /* Trying a union's alternative: no messages are formatted (a miss is
     * expected), and an enum value must be one of those listed. */
    int probing;
    /* Values visited while probing, over the whole parse: nested unions
     * whose alternatives fail deep down would otherwise try
     * exponentially many parses of a hostile document.  Past the budget
     * every probe fails, so values read as UNKNOWN (or an error). */
    size_t probe_work;
} apicc__parse_ctx;

#define APICC__MAX_PROBE_WORK ((size_t)1 << 20)

#define APICC__AT(base, off) ((void *)((char *)(base) + (off)))
#define APICC__CAT(base, off) ((const void *)((const char *)(base) + (off)))

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
apicc_status apicc__shape_error(apicc__parse_ctx *p, const char *fmt, ...);
apicc_status apicc__nomem(apicc__parse_ctx *p);

/* Appends ".name" (name not NULL, and alive until popped) or "[index]"
 * to the path; returns the old depth for apicc__path_pop.  Inline: it
 * runs for every member read. */
/* The path as text ("Reply.items[3].id"), cut to fit cap bytes. */
void apicc__path_format(const apicc__parse_ctx *p, char *buf, size_t cap);

static inline size_t apicc__path_push(apicc__parse_ctx *p, const char *name,
                                      long index)
{
    size_t old = p->nsteps;
    if (old < APICC__PATH_STEPS) {
        p->step[old].name = name;
        p->step[old].index = index;
    }
    p->nsteps = old + 1;
    return old;
}

static inline void apicc__path_pop(apicc__parse_ctx *p, size_t old)
{
    p->nsteps = old;
}

/*
 * What model_union.c needs of model.c, handed down as functions so the
 * union code sits below the walker instead of calling back up into it
 * (an alternative is a field, and a field may hold a union again).
 */
typedef struct apicc__field_ops {
    /* Parses j into field f of struct v: by f's shape, a single value at
     * f->offset, or an array (element block and count).  On failure what
     * was stored is freed by free_field. */
    apicc_status (*parse_into)(apicc__parse_ctx *p, const apicc_field_desc *f,
                               const cJSON *j, void *v);
    /* The JSON of field f of v; NULL when out of memory. */
    cJSON *(*print_field)(const apicc_field_desc *f, const void *v);
    /* Frees what field f of v owns (not v). */
    void (*free_field)(const apicc_field_desc *f, void *v);
} apicc__field_ops;

/* ---- union models (model_union.c) ------------------------------------- */

/* Parses j as union d into a new struct *out (NULL on failure, with
 * nothing left allocated). */
apicc_status apicc__parse_union(apicc__parse_ctx *p, const apicc_model_desc *d,
                                const cJSON *j, void **out,
                                const apicc__field_ops *ops);
cJSON *apicc__print_union(const apicc_model_desc *d, const void *v,
                          const apicc__field_ops *ops);
/* Frees what union v owns (not v). */
void apicc__free_union(const apicc_model_desc *d, void *v,
                       const apicc__field_ops *ops);

#endif
