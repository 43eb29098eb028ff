/*
 * The spec's vocabulary, defined once: every word a spec may use for an
 * auth type, a location, a signing algorithm, an encoding or a payload
 * part, with the runtime constant (apicc/endpoint.h) it becomes in a
 * generated descriptor and the words generated documentation uses.
 *
 * Each table is an X-macro, X(NAME, "spec word", APICC_CONSTANT, "doc"),
 * expanded here into the spec_* enums and in vocab.c into lookup
 * tables.  The loader reads the words, the view writes the constants and
 * doc words, `apicc sign` builds its runtime rule from the constants, and
 * test_vocab checks docs/spec-format.md lists exactly these words.  A new
 * word is one row here plus what the runtime does with it.
 */
#ifndef APICC_GEN_VOCAB_H
#define APICC_GEN_VOCAB_H

#include <stddef.h>

#include "apicc/endpoint.h"

/* `type:` of an auth scheme. */
#define VOCAB_AUTH_KINDS(X)                                                  \
    X(BASIC, "basic", APICC_AUTH_BASIC, "HTTP Basic")                        \
    X(BEARER, "bearer", APICC_AUTH_BEARER, "a bearer token")                 \
    X(APIKEY, "apikey", APICC_AUTH_APIKEY, "an API key")                     \
    X(SESSION_COOKIE, "session_cookie", APICC_AUTH_SESSION_COOKIE,           \
      "a session cookie")                                                    \
    X(SIGNATURE, "signature", APICC_AUTH_SIGNATURE, "a signed request")

/* `in:` of a param, an API key or a signature placement. */
#define VOCAB_LOCATIONS(X)                                                   \
    X(PATH, "path", APICC_IN_PATH, "path")                                   \
    X(QUERY, "query", APICC_IN_QUERY, "query")                               \
    X(HEADER, "header", APICC_IN_HEADER, "header")                           \
    X(COOKIE, "cookie", APICC_IN_COOKIE, "cookie")                           \
    /* WebSocket: a member of the frame's params object */                   \
    X(PARAM, "param", APICC_IN_PARAM, "param")

/* `style:` of a param (OpenAPI 3.1 "Style Values"). */
#define VOCAB_STYLES(X)                                                      \
    X(FORM, "form", APICC_STYLE_FORM, "form")                                \
    X(SPACE_DELIMITED, "spaceDelimited", APICC_STYLE_SPACE_DELIMITED,        \
      "space-delimited")                                                     \
    X(PIPE_DELIMITED, "pipeDelimited", APICC_STYLE_PIPE_DELIMITED,           \
      "pipe-delimited")                                                      \
    X(DEEP_OBJECT, "deepObject", APICC_STYLE_DEEP_OBJECT, "deepObject")      \
    X(SIMPLE, "simple", APICC_STYLE_SIMPLE, "simple")                        \
    X(LABEL, "label", APICC_STYLE_LABEL, "label")                            \
    X(MATRIX, "matrix", APICC_STYLE_MATRIX, "matrix")

/* `algorithm:` of a signature scheme. */
#define VOCAB_SIGN_ALGS(X)                                                   \
    X(HMAC_SHA256, "hmac-sha256", APICC_SIGN_HMAC_SHA256, "HMAC-SHA256")     \
    X(HMAC_SHA512, "hmac-sha512", APICC_SIGN_HMAC_SHA512, "HMAC-SHA512")     \
    X(ED25519, "ed25519", APICC_SIGN_ED25519, "Ed25519")                     \
    X(RSA_SHA256, "rsa-sha256", APICC_SIGN_RSA_SHA256, "RSA-SHA256")         \
    X(HMAC_SHA384, "hmac-sha384", APICC_SIGN_HMAC_SHA384, "HMAC-SHA384")     \
    X(ES256, "es256", APICC_SIGN_ES256, "ECDSA P-256 (ES256)")

/* `encoding:` of a signature. */
#define VOCAB_ENCODINGS(X)                                                   \
    X(HEX, "hex", APICC_ENC_HEX, "hex")                                      \
    X(BASE64, "base64", APICC_ENC_BASE64, "base64")

/* The words of `payload:`; a literal part is `{literal: "text"}`, the
 * row after these. */
#define VOCAB_PART_WORDS(X)                                                  \
    X(SORTED_PARAMS, "sorted_params", APICC_PART_SORTED_PARAMS,              \
      "the parameters sorted by name (`k=v&...`)")                           \
    X(QUERY, "query", APICC_PART_QUERY, "the query string")                  \
    X(METHOD, "method", APICC_PART_METHOD, "the HTTP method")                \
    X(PATH, "path", APICC_PART_PATH, "the path")                             \
    X(BODY, "body", APICC_PART_BODY, "the body")                             \
    X(TIMESTAMP, "timestamp", APICC_PART_TIMESTAMP, "the timestamp")
#define VOCAB_PARTS(X)                                                       \
    VOCAB_PART_WORDS(X)                                                      \
    X(LITERAL, "literal", APICC_PART_LITERAL, "the text")

/* `style:` of an endpoint's pagination. */
#define VOCAB_PAGE_STYLES(X)                                                 \
    X(LINK, "link", APICC_PAGE_LINK, "the Link header's next link")          \
    X(CURSOR, "cursor", APICC_PAGE_CURSOR, "a cursor sent back")             \
    X(NUMBER, "page", APICC_PAGE_NUMBER, "page numbers")                     \
    X(OFFSET, "offset", APICC_PAGE_OFFSET, "an offset")
/* The node words of a signing rule's `value:` lists (the general form):
 * parts that stand alone, then transforms that take a list. */
#define VOCAB_SIGN_LEAVES(X)                                                 \
    X(METHOD, "method", APICC_OP_METHOD, "the HTTP method")                  \
    X(HOST, "host", APICC_OP_HOST, "the host")                               \
    X(PATH, "path", APICC_OP_PATH, "the path")                               \
    X(PATH_QUERY, "path_query", APICC_OP_PATH_QUERY,                         \
      "the path and `?query` when there is one")                             \
    X(QUERY, "query", APICC_OP_QUERY, "the query string")                    \
    X(SORTED_PARAMS, "sorted_params", APICC_OP_SORTED_PARAMS,                \
      "the parameters sorted by name")                                       \
    X(BODY, "body", APICC_OP_BODY, "the body as sent")                       \
    X(TIMESTAMP, "timestamp", APICC_OP_TIMESTAMP, "the timestamp")           \
    X(NONCE, "nonce", APICC_OP_NONCE, "the nonce")                           \
    X(API_KEY, "api_key", APICC_OP_API_KEY, "the API key")                   \
    X(SECRET, "secret", APICC_OP_SECRET, "the secret")                       \
    X(PASSPHRASE, "passphrase", APICC_OP_PASSPHRASE, "the passphrase")
#define VOCAB_SIGN_TRANSFORMS(X)                                             \
    X(CONCAT, "concat", APICC_OP_CONCAT, "joined")                           \
    X(SHA256, "sha256", APICC_OP_SHA256, "SHA-256")                          \
    X(SHA384, "sha384", APICC_OP_SHA384, "SHA-384")                          \
    X(SHA512, "sha512", APICC_OP_SHA512, "SHA-512")                          \
    X(SIGN, "sign", APICC_OP_SIGN, "signed")                                 \
    X(HEX, "hex", APICC_OP_HEX, "hex")                                       \
    X(BASE64, "base64", APICC_OP_BASE64, "base64")                           \
    X(BASE64URL, "base64url", APICC_OP_BASE64URL, "base64url")               \
    X(URLENCODE, "urlencode", APICC_OP_URLENCODE, "percent-encoded")         \
    X(HEX_DECODE, "hex_decode", APICC_OP_HEX_DECODE, "hex-decoded")          \
    X(BASE64_DECODE, "base64_decode", APICC_OP_BASE64_DECODE,                \
      "base64-decoded")                                                      \
    X(JSON_STRING, "json_string", APICC_OP_JSON_STRING, "a JSON string")     \
    X(JSON_MEMBERS, "json_members", APICC_OP_JSON_MEMBERS,                   \
      "the JSON object's members")                                           \
    X(LOWER, "lower", APICC_OP_LOWER, "lower case")
/* Nodes written as mappings with arguments of their own. */
#define VOCAB_SIGN_OTHERS(X)                                                 \
    X(LITERAL, "literal", APICC_OP_LITERAL, "text")                          \
    X(HEADER, "header", APICC_OP_HEADER, "a header's value")                 \
    X(VALUE, "value", APICC_OP_VALUE, "another value of the rule")           \
    X(HMAC, "hmac", APICC_OP_HMAC, "an HMAC")                                \
    X(RANDOM_HEX, "random_hex", APICC_OP_RANDOM_HEX, "random bytes in hex")
#define VOCAB_SIGN_OPS(X)                                                    \
    VOCAB_SIGN_LEAVES(X) VOCAB_SIGN_TRANSFORMS(X) VOCAB_SIGN_OTHERS(X)

/* Where a value of the general form goes. */
#define VOCAB_SIGN_PLACES(X)                                                 \
    X(NONE, "none", APICC_PLACE_NONE, "not sent")                            \
    X(HEADER, "header", APICC_PLACE_HEADER, "header")                        \
    X(QUERY, "query", APICC_PLACE_QUERY, "query")                            \
    X(PARAM, "param", APICC_PLACE_PARAM, "param")                            \
    X(BODY, "body", APICC_PLACE_BODY, "body")

#define VOCAB_ENUM_AUTH_(n, w, rt, d) SPEC_AUTH_##n,
#define VOCAB_ENUM_IN_(n, w, rt, d) SPEC_IN_##n,
#define VOCAB_ENUM_STYLE_(n, w, rt, d) SPEC_STYLE_##n,
#define VOCAB_ENUM_SIGN_(n, w, rt, d) SPEC_SIGN_##n,
#define VOCAB_ENUM_ENC_(n, w, rt, d) SPEC_ENC_##n,
#define VOCAB_ENUM_PART_(n, w, rt, d) SPEC_PART_##n,
#define VOCAB_ENUM_PAGE_(n, w, rt, d) SPEC_PAGE_##n,
#define VOCAB_ENUM_OP_(n, w, rt, d) SPEC_OP_##n,
#define VOCAB_ENUM_PLACE_(n, w, rt, d) SPEC_PLACE_##n,

typedef enum spec_sign_op { VOCAB_SIGN_OPS(VOCAB_ENUM_OP_) } spec_sign_op;
typedef enum spec_sign_place {
    VOCAB_SIGN_PLACES(VOCAB_ENUM_PLACE_)
} spec_sign_place;

typedef enum spec_auth_kind {
    VOCAB_AUTH_KINDS(VOCAB_ENUM_AUTH_)
} spec_auth_kind;

typedef enum spec_location {
    SPEC_IN_NONE = 0, /* not sent, or not configured */
    VOCAB_LOCATIONS(VOCAB_ENUM_IN_)
} spec_location;

typedef enum spec_style {
    SPEC_STYLE_NONE = 0, /* the location's usual style */
    VOCAB_STYLES(VOCAB_ENUM_STYLE_)
} spec_style;

typedef enum spec_sign_alg { VOCAB_SIGN_ALGS(VOCAB_ENUM_SIGN_) } spec_sign_alg;

typedef enum spec_encoding { VOCAB_ENCODINGS(VOCAB_ENUM_ENC_) } spec_encoding;

/* One part of the string that gets signed, in order. */
typedef enum spec_payload_part_kind {
    VOCAB_PARTS(VOCAB_ENUM_PART_)
} spec_payload_part_kind;

typedef enum spec_page_style {
    SPEC_PAGE_NONE = 0,
    VOCAB_PAGE_STYLES(VOCAB_ENUM_PAGE_)
} spec_page_style;

/* One word of a table. */
typedef struct vocab_word {
    const char *word;     /* in the spec */
    int value;            /* the spec_* enum value */
    int runtime;          /* the apicc_* constant */
    const char *constant; /* its name, for generated code */
    const char *doc;      /* for generated documentation */
} vocab_word;

typedef struct vocab {
    const vocab_word *v;
    size_t n;
} vocab;

extern const vocab vocab_auth_kinds;
extern const vocab vocab_page_styles;
extern const vocab vocab_locations; /* without SPEC_IN_NONE */
extern const vocab vocab_styles; /* without SPEC_STYLE_NONE */
extern const vocab vocab_sign_algs;
extern const vocab vocab_encodings;
extern const vocab vocab_parts; /* the words, then LITERAL */
extern const vocab vocab_sign_ops;    /* every node word */
extern const vocab vocab_sign_places;

/* The word of a spec_* value, or NULL when the table has none. */
const vocab_word *vocab_of(const vocab *t, int value);

/* The entry of a spec word, or NULL. */
const vocab_word *vocab_find(const vocab *t, const char *word);

#endif
