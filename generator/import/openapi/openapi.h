/*
 * Shared by the OpenAPI importer's files: openapi.c (the document:
 * version, info, servers, provider name, the overall order),
 * openapi_refs.c ($ref and JSON pointers), openapi_schema.c (schemas to
 * types; named schemas), openapi_models.c (object and enum models),
 * openapi_security.c (security schemes and requirements),
 * openapi_provider.c (the guessed provider name), openapi_files.c
 * (references into other files),
 * openapi_operations.c (paths, operations, parameters) and
 * openapi_responses.c (bodies and responses).
 *
 * The importer never stops at something it cannot map: it reports a
 * warning "FILE: warning: JSON-POINTER: message", at the pointer of what
 * it was reading, and goes on with the rest.
 */
#ifndef APICC_GEN_IMPORT_OPENAPI_H
#define APICC_GEN_IMPORT_OPENAPI_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "base/buf.h"
#include "import/import_ir.h"
#include "import/import_map.h"

struct diag;

/* Reads an OpenAPI 3.0/3.1 or Swagger 2.0 document into sp.  Returns 0
 * when a spec came out (warnings may have been reported), -1 after
 * reporting an error.  `provider` overrides the guessed provider name.
 * Named schemas become models only as far as the operations reach them,
 * unless all_models is set. */
int oa_import(const cJSON *root, const char *file, const char *provider,
              int all_models, imp_spec *sp, struct diag *d);

/* Makes every $ref into another file of the document's folder a local
 * one, the files read into root (openapi_files.c).  Reports what it does
 * not follow; -1 only when out of memory. */
int oa_bundle(cJSON *root, const char *file, struct diag *d);

/* A named schema (components/schemas or definitions). */
typedef struct oa_comp {
    const char *name; /* borrowed from the document */
    const cJSON *node;
    char *ptr;        /* its JSON pointer */
    size_t model;     /* IMP_NONE: an alias, inlined where used */
    int queued;       /* model: to be filled (or filled) */
    imp_type *alias;  /* an alias's type, once worked out */
    int state;        /* alias: 0 not yet, 1 in progress, 2 done */
    int nullable;     /* uses of it may be null */
    /* Inheritance (openapi_inherit.c): the union of the schemas that
     * extend this one, which references to it read as; looked for once
     * (kinds_state 1), IMP_NONE when it has none. */
    int kinds_state;
    size_t kinds;
} oa_comp;

/* The schema keywords the importer reads, looked up through oa_key. */
typedef enum oa_keyword {
    OA_REF,
    OA_TYPE,
    OA_PROPERTIES,
    OA_ALLOF,
    OA_ONEOF,
    OA_ANYOF,
    OA_ENUM,
    OA_ITEMS,
    OA_NULLABLE,
    OA_X_NULLABLE,
    OA_DEPRECATED,
    OA_DESCRIPTION,
    OA_FORMAT,
    OA_CONST,
    OA_ADDITIONAL,
    OA_REQUIRED,
    OA_DISCRIMINATOR,
    OA_PREFIX_ITEMS,
    OA_NKEYWORDS
} oa_keyword;

/* The keywords of the schema object read last: a schema is asked for a
 * dozen keywords in a row, and scanning its members once instead of
 * once per keyword halves the time of a large import. */
typedef struct oa_keys {
    const cJSON *node;
    const cJSON *v[OA_NKEYWORDS];
} oa_keys;

/* A resolved $ref. */
typedef struct oa_ref {
    const cJSON *node; /* NULL: not resolvable (reported once) */
    char *ptr;         /* the target's JSON pointer */
} oa_ref;

typedef struct oa_ctx {
    imp_spec *sp;
    struct diag *d;
    const char *file;
    const cJSON *root;
    int version;   /* 20, 30 or 31 */
    buf ptr;       /* JSON pointer of what is being read */
    oa_ref *refs;  /* resolved $refs, by imp_map index */
    size_t nrefs, refs_cap;
    imp_map ref_index; /* $ref string -> index into refs */
    oa_comp *comps;
    size_t ncomps;
    size_t *queue; /* comps whose models are to be filled, in order */
    size_t nqueue, queue_head;
    imp_map comp_by_node;   /* schema node -> index into comps */
    imp_map hoisted;        /* inline schema node -> model */
    imp_map model_names;    /* model names in use */
    imp_map endpoint_names; /* endpoint names in use */
    imp_map schemes;        /* scheme name -> auth index, IMP_NONE when
                               the scheme could not be mapped */
    int depth; /* nesting of oa_schema_type */
    oa_keys keys;
    imp_map warned; /* "pointer: message" already reported */
    /* Swagger 2.0's document-wide media types, NULL when absent. */
    const cJSON *consumes, *produces;
    /* Operations whose pagination is decided once models are filled
     * (openapi_pagination.c). */
    struct oa_paged *paged;
    size_t npaged, paged_cap;
    /* What makes a union (its alternatives, discriminator and whether
     * null is a value, as text) -> its model: the same inline union
     * written in several places is one model (openapi_unions.c). */
    imp_map union_by_shape;
} oa_ctx;

/* ---- pointers and warnings (openapi_refs.c) ------------------------- */

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void oa_warn(oa_ctx *c, const char *fmt, ...);

/* Appends "/seg" (escaped as a JSON pointer) to the current pointer and
 * returns the length to give oa_pop. */
size_t oa_push(oa_ctx *c, const char *seg);
size_t oa_push_index(oa_ctx *c, size_t i);
void oa_pop(oa_ctx *c, size_t len);

/* Replaces the current pointer by ptr; returns the old one (malloc'd,
 * NULL when out of memory) for oa_ptr_restore. */
char *oa_ptr_swap(oa_ctx *c, const char *ptr);
void oa_ptr_restore(oa_ctx *c, char *saved);

/* Follows n's $ref chain.  Returns n when it has no $ref; else the
 * target, with *ptr set to the target's pointer (borrowed), or NULL
 * after a warning (a non-local, unresolvable or cyclic reference).  ptr
 * may be NULL; *ptr is NULL when n had no $ref. */
const cJSON *oa_deref(oa_ctx *c, const cJSON *n, const char **ptr);

void oa_refs_free(oa_ctx *c);

/* Member k of object s (NULL when absent or s is no object). */
const cJSON *oa_key(oa_ctx *c, const cJSON *s, oa_keyword k);

/* ---- the provider name (openapi_provider.c) ------------------------- */

/* Guesses sp->provider from the first server's host or the title, and
 * reports the guess.  Call after the servers are read. */
void oa_provider(oa_ctx *c, const char *title);

/* ---- schemas (openapi_schema.c) ------------------------------------- */

/* What a schema says beside its type. */
typedef struct oa_info {
    int nullable;
    int deprecated;
    const char *description; /* borrowed, NULL when none */
} oa_info;

/* Registers the named schemas: objects and string enums become models,
 * in document order; the rest are aliases. */
void oa_schemas(oa_ctx *c);

/* Fills the models of named schemas: those used so far (and what they
 * use), or with `all` every one.  A large document describes much its
 * operations never use, and a model is filled only once asked for. */
void oa_schemas_fill(oa_ctx *c, int all);

/* Puts named schema i's model in the queue to be filled. */
void oa_want(oa_ctx *c, size_t i);

/*
 * The type of schema s.  An inline object or enum becomes a model named
 * after `hoist` (made unique), written after model `parent` (IMP_NONE: a
 * top-level model).  info (zeroed by the caller) collects nullable,
 * deprecated and the description; a value already there is kept.
 * Returns NULL only when out of memory.
 */
imp_type *oa_schema_type(oa_ctx *c, const cJSON *s, const char *hoist,
                         size_t parent, oa_info *info);

/* ---- models (openapi_models.c) -------------------------------------- */

/* The model an inline object (is_enum 0) or string enum becomes, named
 * after `name` (made unique) and written after model `parent`; one per
 * schema node, so a schema reached twice is one model.  IMP_NONE when out
 * of memory. */
size_t oa_hoist(oa_ctx *c, const cJSON *s, const char *name, size_t parent,
                int is_enum);

/* The object model schema s (an object, maybe without properties)
 * becomes, hoisted under `name`. */
size_t oa_object_model(oa_ctx *c, const cJSON *s, const char *name);

/* Fills model idx (registered, empty) from schema s: its properties or
 * its enum values. */
void oa_fill_model(oa_ctx *c, size_t idx, const cJSON *s);

/* Whether an alternative of oneOf/anyOf says only "null", or only adds
 * constraints (required, not, a title) (openapi_schema.c). */
int oa_is_null_schema(oa_ctx *c, const cJSON *m);
int oa_constraint_only(oa_ctx *c, const cJSON *m);

/* ---- unions (openapi_unions.c) ------------------------------------- */

/* The union model oneOf/anyOf (keyword kw, written `key`) of schema s
 * becomes, named after `name` (made unique) and written after model
 * `parent`; one per schema node.  Returns a reference to it, or type any
 * (reported) when no alternative has a fixed shape; NULL when out of
 * memory. */
imp_type *oa_union(oa_ctx *c, const cJSON *s, const char *key, oa_keyword kw,
                   const char *name, size_t parent, int nullable);

/* Gives union idx (every alternative an object model) the discriminator
 * `property`, with `mapping` (OpenAPI's value -> $ref object, may be
 * NULL) and, for the alternatives no value names, their schemas' names.
 * Reported and left out when an alternative is no object model. */
void oa_union_discriminator(oa_ctx *c, size_t idx, const char *property,
                            const cJSON *mapping);

/* ---- inheritance (openapi_inherit.c) ------------------------------- */

/* For named schema i, an object with a discriminator that other named
 * schemas extend (allOf [$ref i, ...]): the union model of them (and i
 * itself, last) that references to i read as.  IMP_NONE otherwise. */
size_t oa_inherited_union(oa_ctx *c, size_t i);

/* "an array", "a string", ... for a warning about a type that should
 * have been an object model. */
const char *oa_type_words(const imp_type *t);

/* A model name not in use yet: base, else base_2, base_3... (registered
 * as in use). Caller frees. */
char *oa_unique_model_name(oa_ctx *c, const char *base);

void oa_schemas_free(oa_ctx *c);

/* ---- security (openapi_security.c) --------------------------------- */

/* Maps the security schemes to auth schemes. */
void oa_security_schemes(oa_ctx *c);

/* Maps a security requirement list (at the current pointer) to auth
 * scheme indices, in order, without repeated alternatives: each
 * requirement object is one alternative, its schemes joined (*joined[i]
 * is 1 when scheme i applies together with the one before; *joined is
 * NULL when no alternative has two).  *n may be 0 (no auth). */
void oa_security_list(oa_ctx *c, const cJSON *list, size_t **out,
                      unsigned char **joined, size_t *n);

/* ---- operations (openapi_operations.c, openapi_responses.c) ---------- */

void oa_operations(oa_ctx *c);

/* ---- pagination (openapi_pagination.c) -------------------------------- */

/* Notes the operation just imported as endpoint ep, at the current
 * pointer, for oa_pagination. */
void oa_pagination_note(oa_ctx *c, size_t ep, const cJSON *op);
/* Gives each noted endpoint the pagination its document says, where
 * the spec format can say it; the models must be filled. */
void oa_pagination(oa_ctx *c);
void oa_pagination_free(oa_ctx *c);
/* ---- parameters (openapi_params.c) ----------------------------------- */

/* Sets q's type (t bent into what a param can be) and how it is written
 * (style, explode, allow_reserved, JSON content, const, default) from
 * parameter p; q->in and q->required must be set.  Returns q->type. */
imp_type *oa_param_encoding(oa_ctx *c, const cJSON *p, imp_param *q,
                            imp_type *t);
/* Once the models are filled: object params whose members are not all
 * scalars become strings, with a warning at the parameter. */
void oa_params_check(oa_ctx *c);

/* ---- servers (openapi_servers.c) ------------------------------------- */

/* The document's servers (3.x `servers`, 2.0 `host`...); a guessed one
 * when it has none. */
void oa_servers(oa_ctx *c);

/* The variables of a 3.x server (its `variables`) on s, keeping the URL
 * as written in s->url_template. */
void oa_server_vars(oa_ctx *c, imp_server *s, const char *url,
                    const cJSON *vars);
/* An operation's own servers (op's, else its path item's): the endpoint
 * is bound to a top-level server of that URL, added when new; a server
 * that is the default one with more path becomes a path prefix. */
void oa_operation_server(oa_ctx *c, imp_endpoint *e, const cJSON *op,
                         const cJSON *item);

/* The endpoint's body, response, error model and success statuses from
 * the operation (and, for Swagger 2.0, its body parameter). */
void oa_request_body(oa_ctx *c, size_t ep, const cJSON *op,
                     const cJSON *body_param, const char *base);
void oa_responses(oa_ctx *c, size_t ep, const cJSON *op, const char *base);
/* Swagger 2.0: a `formData` parameter, a member of the body model
 * "<Op>Request" (a form, or multipart with files) (openapi_bodies.c). */
void oa_form_param(oa_ctx *c, size_t ep, const cJSON *op, const cJSON *p,
                   const char *name, const char *base);

/* Picks the error model most endpoints use as the provider's default
 * and guesses where its code and message are. */
void oa_default_errors(oa_ctx *c);

/* "GetUser" from "get_user": the base of names of hoisted models. */
char *oa_pascal(oa_ctx *c, const char *snake);

/* Whether a media type is JSON ("application/json", "...+json",
 * "application/json; charset=utf-8"). */
int oa_is_json_media(const char *media);

/* Where a body's schema is, relative to the request body or response:
 * up to three pointer segments (openapi_responses.c). */
typedef struct located {
    const cJSON *schema;
    const char *seg[3];
    size_t nseg;
    const char *other_media; /* set when only non-JSON media were there */
} located;

/* The JSON schema of a request body or response (3.x: its content;
 * Swagger 2.0: its schema, when `media_list` allows JSON). */
void oa_locate(oa_ctx *c, const cJSON *holder, const cJSON *media_list,
               located *out);
/* The object model of a located schema, or IMP_NONE with *t kept for
 * the caller's message. */
size_t oa_located_model(oa_ctx *c, const located *l, const char *hoist,
                        imp_type **t);
/* Whether t is an array the spec format takes inline (a list model):
 * its items are objects, enums, scalars or raw JSON, not arrays or
 * maps. */
int oa_list_type(const imp_type *t);
/* Whether t is a scalar or any JSON, which the spec format writes inline
 * as a value model (`body:`/`response: {type: string}`). */
int oa_value_type(const imp_type *t);
/* A media type to write into the spec: `media` when it is
 * type/subtype, else application/octet-stream after a warning. */
const char *oa_media(oa_ctx *c, const char *media);
/* base + suffix, malloc'd (the caller frees); NULL when out of memory. */
char *oa_suffixed(oa_ctx *c, const char *base, const char *suffix);

/* After every model is filled: the members of multipart bodies that are
 * binary strings become files (openapi_bodies.c). */
void oa_file_members(oa_ctx *c);

#endif
