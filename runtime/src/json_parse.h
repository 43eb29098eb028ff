/*
 * The runtime's JSON parser for what servers send (never installed).
 *
 * It builds an ordinary cJSON tree, with two differences from
 * cJSON_Parse that matter for hostile input:
 *
 * - Parsed memory is bounded by the size of the text.  A cJSON node takes
 *   64 bytes (80 with malloc's overhead) however small its text, so
 *   "[0,0,0,...]" would cost 40 times its length.  A document of n bytes
 *   may hold at most APICC__JSON_MIN_VALUES + n / APICC__JSON_BYTES_PER_VALUE
 *   values (members, elements and the top one), and at most
 *   APICC__JSON_MAX_DEPTH levels; beyond that it is refused, having built
 *   no more than that.  Memory is thus at most about 5 times the text
 *   (plus the strings, which are no longer than the text), and real
 *   responses, whose values average far more than 16 bytes, are not
 *   affected below a few MiB of tiny values.
 * - Integers are not rounded: a number written without fraction or
 *   exponent and with more than 15 digits (where a double may no longer
 *   hold it exactly) keeps its text in `valuestring`, which cJSON_Delete
 *   frees and cJSON_Duplicate copies; apicc's model code reads int64_t
 *   from it.  valuedouble and valueint are set as cJSON sets them.
 *
 * The grammar is RFC 8259's, strictly: nothing may follow the value but
 * white space, strings may not hold raw control characters, and numbers
 * have no leading zeros, '+' signs or bare dots.
 */
#ifndef APICC_JSON_PARSE_H
#define APICC_JSON_PARSE_H

#include <stddef.h>

#include <cjson/cJSON.h>

#define APICC__JSON_MIN_VALUES 65536
#define APICC__JSON_BYTES_PER_VALUE 16
#define APICC__JSON_MAX_DEPTH 512

/*
 * Parses `len` bytes of `text` (no NUL needed).  Returns the tree (free
 * with cJSON_Delete), or NULL when the text is not JSON, breaks the
 * bounds above, or memory ran out.  Thread-safe: unlike cJSON_Parse it
 * keeps no global state.
 */
cJSON *apicc__json_parse_bounded(const char *text, size_t len);

/*
 * Parsing into an arena.  A tree that is read and dropped at once (a
 * WebSocket event offered to typed handlers, a streamed event read into
 * its model) is built in a region kept between trees, not node by node
 * with malloc (json_arena.c).  Such a tree must never reach cJSON_Delete
 * nor be changed: give it back with apicc__json_arena_release, or turn it
 * into an ordinary tree with apicc__json_arena_keep before it is kept or
 * handed to a caller who may keep or change it.  The bounds above hold
 * alike.  An arena holds one tree at a time: a parse while its tree is
 * still read (a handler that makes another call) builds an ordinary tree,
 * which release and keep then treat as such.  Zero-initialise it; not for
 * use by two threads at once.
 */
typedef struct apicc__json_chunk apicc__json_chunk;
typedef struct apicc__json_arena {
    apicc__json_chunk *chunks; /* newest first */
    unsigned char *next;       /* the newest chunk's free bytes */
    unsigned char *limit;
    cJSON *root;               /* the tree being read, or NULL */
} apicc__json_arena;

/* Parses as apicc__json_parse_bounded does, into the arena when it is
 * free.  NULL as there. */
cJSON *apicc__json_arena_parse(apicc__json_arena *a, const char *text,
                               size_t len);

/* Drops a tree apicc__json_arena_parse gave, wiping what it used. */
void apicc__json_arena_release(apicc__json_arena *a, cJSON *tree);

/* An ordinary tree (cJSON_Delete frees it) with the content of `tree`,
 * which is given back; NULL when memory ran out.  A tree that is already
 * ordinary is returned as it is. */
cJSON *apicc__json_arena_keep(apicc__json_arena *a, cJSON *tree);

/* Frees the arena's memory, wiped; it may be used again after. */
void apicc__json_arena_free(apicc__json_arena *a);

/* For the parser: n bytes from the arena, aligned for any type; NULL
 * when memory ran out.  Inline, as it runs for every value; a new chunk
 * comes from apicc__json_arena_grow. */
#define APICC__JSON_ARENA_ALIGN 16u
void *apicc__json_arena_grow(apicc__json_arena *a, size_t n);

static inline void *apicc__json_arena_alloc(apicc__json_arena *a, size_t n)
{
    size_t need = (n + APICC__JSON_ARENA_ALIGN - 1) &
                  ~(size_t)(APICC__JSON_ARENA_ALIGN - 1);
    if (need < n || (size_t)(a->limit - a->next) < need)
        return apicc__json_arena_grow(a, n);
    void *p = a->next;
    a->next += need;
    return p;
}

/* For json_parse.c: wipes what the arena's tree used and keeps its
 * newest chunk (if not too large) for the next tree (json_arena.c). */
void apicc__json_arena_reset(apicc__json_arena *a);

/* As apicc__json_parse_bounded; when it refuses the text, *why says
 * why, for a message ("got %s"): "a body that is not JSON", "JSON with
 * more values than its size allows", "JSON nested more than 512 levels
 * deep" or "a body that could not be parsed for lack of memory". */
cJSON *apicc__json_parse_why(const char *text, size_t len, const char **why);

/* A type bit the parser sets on a string node whose text holds \u0000,
 * so its C string (cut at the first NUL) is shorter than what the server
 * sent.  cJSON looks only at the low 8 bits of the type, and copies this
 * one with cJSON_Duplicate. */
#define APICC__JSON_STRING_HAS_NUL (1 << 12)

/* Is `json` a string that holds \u0000 (so its valuestring is cut short)?
 * Values that must be taken whole, such as credentials, are refused. */
int apicc__json_string_has_nul(const cJSON *json);

/* malloc's own overhead per allocation, as apicc__json_tree_bytes counts
 * it (glibc's on 64-bit systems: 16 bytes, and chunks of 32 at least). */
#define APICC__JSON_ALLOC_OVERHEAD 16

/* About how much memory a cJSON tree takes: its nodes, strings and member
 * names, with malloc's overhead.  For budgets such as the WebSocket event
 * queue's, where the length of the text a tree came from says too little
 * ("[0,0]" is 5 bytes and 3 nodes). */
size_t apicc__json_tree_bytes(const cJSON *json);

#endif
