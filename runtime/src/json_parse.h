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
