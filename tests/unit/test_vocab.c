/*
 * The spec vocabulary (generator/base/vocab.h) and docs/spec-format.md
 * agree: each place the document lists the words of a table, it lists
 * exactly that table's words, no more and no fewer.
 */
#include <stdlib.h>
#include <string.h>

#include "base/vocab.h"
#include "harness.h"

#define DOC "docs/spec-format.md"

static char *doc_text;

/* The backticked words of [start, end), at most 32; with `before_paren`
 * only those followed by " (" or a line break and "(" (a word being
 * explained).  A backticked
 * "{literal: ...}" counts as the word "literal". */
typedef struct words {
    char w[32][64];
    size_t n;
} words;

static void collect(const char *start, const char *end, int before_paren,
                    words *out)
{
    out->n = 0;
    const char *p = start;
    while (p < end && out->n < 32) {
        const char *a = memchr(p, '`', (size_t)(end - p));
        if (!a)
            break;
        const char *b = memchr(a + 1, '`', (size_t)(end - a - 1));
        if (!b)
            break;
        size_t len = (size_t)(b - a - 1);
        p = b + 1;
        if (strncmp(a + 1, "{literal:", 9) == 0) {
            strcpy(out->w[out->n++], "literal");
            continue;
        }
        if (before_paren && !((b[1] == ' ' || b[1] == '\n') && b[2] == '('))
            continue;
        if (len < sizeof out->w[0]) {
            memcpy(out->w[out->n], a + 1, len);
            out->w[out->n++][len] = '\0';
        }
    }
}

/* The next cell border of a table row: a '|' that is not "\|". */
static const char *cell_end_of(const char *p, const char *end)
{
    for (; p < end; p++)
        if (*p == '|' && p[-1] != '\\')
            return p;
    return end;
}

/* The line that starts with `prefix`, its end in *end; NULL if none. */
static const char *line_of(const char *prefix, const char **end)
{
    for (const char *p = doc_text; p && *p;) {
        const char *nl = strchr(p, '\n');
        if (strncmp(p, prefix, strlen(prefix)) == 0) {
            *end = nl ? nl : p + strlen(p);
            return p;
        }
        p = nl ? nl + 1 : NULL;
    }
    return NULL;
}

/* Fails unless `got` holds exactly the words of t. */
static void same_words(const char *where, const words *got, const vocab *t)
{
    for (size_t i = 0; i < t->n; i++) {
        int found = 0;
        for (size_t k = 0; k < got->n; k++)
            found |= strcmp(got->w[k], t->v[i].word) == 0;
        if (!found)
            FAIL("%s: %s does not list '%s'", where, DOC, t->v[i].word);
    }
    for (size_t k = 0; k < got->n; k++)
        if (!vocab_find(t, got->w[k]))
            FAIL("%s: %s lists '%s', which the spec does not know", where,
                 DOC, got->w[k]);
}

/* The backticked words of the second cell of the table row `row`. */
static void row_words(const char *row, const vocab *t)
{
    const char *end;
    const char *line = line_of(row, &end);
    if (!line) {
        FAIL("%s: no row '%s'", DOC, row);
        return;
    }
    const char *cell = line + strlen(row);
    words w;
    collect(cell, cell_end_of(cell, end), 0, &w);
    same_words(row, &w, t);
}

TEST(auth_types)
{
    const char *end;
    const char *p = line_of("| type | keys | what is sent |", &end);
    CHECK(p != NULL);
    if (!p)
        return;
    words all = {.n = 0};
    /* the first cell of each row, after the header and the rule */
    for (p = end + 1; *p == '|'; p = strchr(p, '\n') + 1) {
        const char *nl = strchr(p, '\n');
        words w;
        collect(p + 1, cell_end_of(p + 1, nl), 0, &w);
        for (size_t i = 0; i < w.n && all.n < 32; i++)
            strcpy(all.w[all.n++], w.w[i]);
        if (!nl)
            break;
    }
    same_words("auth types", &all, &vocab_auth_kinds);
}

TEST(signature_words)
{
    row_words("| `algorithm` |", &vocab_sign_algs);
    row_words("| `encoding` |", &vocab_encodings);
}

TEST(page_styles)
{
    /* Found by its first word: other tables have a `style` row too. */
    const char *end;
    const char *line = line_of("| `style` | `link` ", &end);
    if (!line) {
        FAIL("%s: no pagination style row", DOC);
        return;
    }
    const char *cell = line + strlen("| `style` |");
    words w;
    collect(cell, cell_end_of(cell, end), 0, &w);
    same_words("page styles", &w, &vocab_page_styles);
}

TEST(locations)
{
    row_words("| `in` | HTTP:", &vocab_locations);
}

TEST(styles)
{
    row_words("| `style` |", &vocab_styles);
}

TEST(payload_parts)
{
    const char *end;
    const char *p = line_of("Payload parts:", &end);
    CHECK(p != NULL);
    if (!p)
        return;
    const char *para_end = strstr(p, "\n\n");
    words w;
    collect(p, para_end ? para_end : p + strlen(p), 1, &w);
    same_words("payload parts", &w, &vocab_parts);
}

TEST(tables_match_enums)
{
    /* Each table's rows are its enum's values in order. */
    for (size_t i = 0; i < vocab_sign_algs.n; i++)
        CHECK_INT(vocab_sign_algs.v[i].value, i);
    for (size_t i = 0; i < vocab_locations.n; i++)
        CHECK_INT(vocab_locations.v[i].value, i + 1); /* after NONE */
    CHECK_STR(vocab_of(&vocab_parts, SPEC_PART_LITERAL)->constant,
              "APICC_PART_LITERAL");
    CHECK_INT(vocab_find(&vocab_encodings, "base64")->runtime,
              APICC_ENC_BASE64);
    CHECK_INT(vocab_find(&vocab_page_styles, "page")->runtime,
              APICC_PAGE_NUMBER);
}

static char *read_doc(void)
{
    FILE *f = fopen(DOC, "rb");
    if (!f)
        return NULL;
    char *text = NULL;
    size_t len = 0, cap = 0, n;
    char chunk[4096];
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (len + n + 1 > cap) {
            cap = (len + n + 1) * 2;
            char *t = realloc(text, cap);
            if (!t)
                break;
            text = t;
        }
        memcpy(text + len, chunk, n);
        len += n;
    }
    fclose(f);
    if (text)
        text[len] = '\0';
    return text;
}

int main(void)
{
    doc_text = read_doc();
    if (!doc_text) {
        printf("FAIL cannot read %s\n0 passed, 1 failed\n", DOC);
        return 1;
    }
    RUN(auth_types);
    RUN(signature_words);
    RUN(page_styles);
    RUN(locations);
    RUN(styles);
    RUN(payload_parts);
    RUN(tables_match_enums);
    free(doc_text);
    return harness_report();
}
