/*
 * Shared by the markdown importer's files: md_text.c (lines,
 * headings, tables, links, HTML entities), md_models.c (model
 * docs and type names), md_sections.c (the section of a method)
 * and markdown.c (API docs, merging, the spec).
 *
 * openapi-generator writes its docs from templates, so they are regular
 * but not strict markdown: tables with or without outer pipes, rows that
 * an editor wrapped onto two lines, HTML entities inside cells.  The
 * readers here accept those.
 */
#ifndef APICC_GEN_IMPORT_MD_H
#define APICC_GEN_IMPORT_MD_H

#include <stddef.h>

#include "import/import_ir.h"
#include "import/import_map.h"
#include "import/markdown/markdown.h"

struct diag;

/* A markdown file as lines, with fenced code blocks marked. */
typedef struct md_doc {
    const char *path;
    char *data;      /* the file, lines cut in place */
    char **lines;    /* NUL-terminated, without the line end */
    unsigned char *code; /* 1: inside a ``` block (fences included) */
    size_t n;
} md_doc;

int md_doc_read(md_doc *doc, const char *path, struct diag *d);
void md_doc_free(md_doc *doc);

/* The level of a "#" heading (0: none) and its text, trimmed. */
int md_heading(const md_doc *doc, size_t i, const char **text, size_t *len);

/* A table whose header row is line i: cells are raw text, trimmed;
 * rows an editor wrapped are joined back. */
typedef struct md_table {
    char **cells; /* nrows * ncols, row-major; the header is not kept */
    char **header;
    size_t ncols, nrows;
    size_t end; /* the first line after the table */
} md_table;

/* Reads the table at line i; 0 when line i starts no table. */
int md_table_read(const md_doc *doc, size_t i, md_table *t,
                  imp_spec *sp);
void md_table_free(md_table *t);

/* The column whose header contains `word` (case ignored), or ncols. */
size_t md_column(const md_table *t, const char *word);

/* Cell text for people: markdown emphasis and escapes dropped, HTML
 * entities decoded, blanks collapsed.  NULL when empty. */
char *md_plain(imp_spec *sp, const char *cell);

/* The first link [text](target) in s: copies of both (either may be
 * NULL on return when absent); 0 when s has no link. */
int md_link(imp_spec *sp, const char *s, char **text, char **target);

/* Whether s contains word, case ignored. */
int md_has(const char *s, const char *word);

/* Decodes the HTML entities openapi-generator writes (&lt; &#x60; ...)
 * in place. */
void md_unescape(char *s);

/* md_plain of the n bytes at s. */
char *md_plain_n(imp_spec *sp, const char *s, size_t n);

/* ---- model docs (md_models.c) -------------------------------- */

typedef struct md_ctx {
    imp_spec *sp;
    struct diag *d;
    const md_options *opt;
    imp_map models;    /* model name -> index */
    /* Per model: 0 no doc yet, 1 documented with guessed JSON names
     * (Go field names), 2 documented with the names as written.  A
     * better doc of the same model replaces a guessed one. */
    unsigned char *documented;
    size_t documented_cap;
} md_ctx;

/* "FILE:LINE:1: warning: ..." (line 0: the whole file). */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
void md_warn(md_ctx *c, const char *file, size_t line, const char *fmt,
             ...);

/* The model named name, created (empty) when new. */
size_t md_model(md_ctx *c, const char *name);

/* The type a docs' type cell names ("**String**", "Pointer to
 * [**Token**](Token.md)", "**List&lt;String&gt;**", "**[]string**").
 * *pointer tells of Go's "Pointer to" (an optional field). */
imp_type *md_type(md_ctx *c, const char *cell, int *pointer);

/* Reads a model doc into its model; 0 when doc is no model doc. */
int md_model_doc(md_ctx *c, const md_doc *doc);

/* Whether a doc has a "Properties" table (is a model doc). */
int md_is_model_doc(const md_doc *doc);

/* ---- API docs (markdown.c, md_sections.c) ------------- */

typedef struct md_run {
    md_ctx c;
    imp_map endpoints; /* endpoint name -> index */
    char *base_url;
    char *title;
    size_t nmodel_files;
    const char *first; /* the first API doc, for messages about all */
} md_run;

/* One method of the doc being read and its endpoint. */
typedef struct md_op {
    char *name; /* as the docs write it */
    size_t ep;
} md_op;

/* Reads lines [from, to) of a doc: the section of endpoint ep. */
void md_read_section(md_run *r, const md_doc *doc, size_t from, size_t to,
                     size_t ep);

/* Whether t is a scalar or an enum (what a param may be). */
int md_is_scalar(const imp_spec *sp, const imp_type *t);

/* Whether endpoint e has a param of that name. */
int md_has_param(const imp_endpoint *e, const char *name);

/* ---- form bodies (md_form.c) ---------------------------------- */

/* Endpoint ep sends a form of `media` (said at file:line): its query
 * parameters become the members of a body model of that media type. */
void md_form_body(md_ctx *c, size_t ep, const char *media, const char *file,
                  size_t line);

#endif
