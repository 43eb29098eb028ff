/*
 * The lookup tables of vocab.h, one row per X-macro row.
 */
#include "base/vocab.h"

#include <string.h>

#define ROW_AUTH_(n, w, rt, d) {w, SPEC_AUTH_##n, rt, #rt, d},
#define ROW_IN_(n, w, rt, d) {w, SPEC_IN_##n, rt, #rt, d},
#define ROW_STYLE_(n, w, rt, d) {w, SPEC_STYLE_##n, rt, #rt, d},
#define ROW_SIGN_(n, w, rt, d) {w, SPEC_SIGN_##n, rt, #rt, d},
#define ROW_ENC_(n, w, rt, d) {w, SPEC_ENC_##n, rt, #rt, d},
#define ROW_PART_(n, w, rt, d) {w, SPEC_PART_##n, rt, #rt, d},
#define ROW_PAGE_(n, w, rt, d) {w, SPEC_PAGE_##n, rt, #rt, d},
#define ROW_OP_(n, w, rt, d) {w, SPEC_OP_##n, rt, #rt, d},
#define ROW_PLACE_(n, w, rt, d) {w, SPEC_PLACE_##n, rt, #rt, d},

static const vocab_word auth_kinds_[] = {VOCAB_AUTH_KINDS(ROW_AUTH_)};
static const vocab_word locations_[] = {VOCAB_LOCATIONS(ROW_IN_)};
static const vocab_word styles_[] = {VOCAB_STYLES(ROW_STYLE_)};
static const vocab_word sign_algs_[] = {VOCAB_SIGN_ALGS(ROW_SIGN_)};
static const vocab_word encodings_[] = {VOCAB_ENCODINGS(ROW_ENC_)};
static const vocab_word parts_[] = {VOCAB_PARTS(ROW_PART_)};
static const vocab_word page_styles_[] = {VOCAB_PAGE_STYLES(ROW_PAGE_)};
static const vocab_word sign_ops_[] = {VOCAB_SIGN_OPS(ROW_OP_)};
static const vocab_word sign_places_[] = {VOCAB_SIGN_PLACES(ROW_PLACE_)};

#define TABLE_(a) {a, sizeof a / sizeof a[0]}
const vocab vocab_auth_kinds = TABLE_(auth_kinds_);
const vocab vocab_locations = TABLE_(locations_);
const vocab vocab_styles = TABLE_(styles_);
const vocab vocab_sign_algs = TABLE_(sign_algs_);
const vocab vocab_encodings = TABLE_(encodings_);
const vocab vocab_parts = TABLE_(parts_);
const vocab vocab_page_styles = TABLE_(page_styles_);
const vocab vocab_sign_ops = TABLE_(sign_ops_);
const vocab vocab_sign_places = TABLE_(sign_places_);

const vocab_word *vocab_of(const vocab *t, int value)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->v[i].value == value)
            return &t->v[i];
    return NULL;
}

const vocab_word *vocab_find(const vocab *t, const char *word)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->v[i].word, word) == 0)
            return &t->v[i];
    return NULL;
}
