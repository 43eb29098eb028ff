/*
 * Loading the general form of a signing rule: `values:`, a list of
 * values the rule computes and places in order, each a `value:` list of
 * nodes (parts joined, transforms of lists of parts).  The nodes are
 * stored children after their parent, the order the runtime requires.
 */
#include <stdlib.h>
#include <string.h>

#include "load/spec_load_internal.h"

static const char *const output_keys[] = {"name", "in", "value",
                                          "position", "number", NULL};
static const char *const output_required[] = {"value", NULL};
static const char *const hmac_keys[] = {"digest", "key", "data", NULL};
static const char *const time_keys[] = {"format", "offset", NULL};
static const ld_name positions[] = {{"last", 0}, {"first", 1}};
static const ld_name digests[] = {{"sha256", 0}, {"sha384", 1},
                                  {"sha512", 2}};
static const char *const digest_words[] = {"sha256", "sha384", "sha512"};
static const char *const time_formats[] = {"ms", "s", "us", "iso8601",
                                           "iso8601_ms", "datetime", "aws",
                                           "date", NULL};
static const char *const nonce_units[] = {"ms", "us", "s", "count", NULL};

typedef struct nodes {
    ld_ctx *l;
    spec_signature *sig;
    size_t cap;
} nodes;

/* Reserves `n` consecutive nodes; returns the first, or (size_t)-1. */
static size_t reserve(nodes *ns, size_t n)
{
    spec_signature *sig = ns->sig;
    if (sig->nnodes + n > ns->cap) {
        size_t cap = ns->cap ? ns->cap * 2 : 16;
        while (cap < sig->nnodes + n)
            cap *= 2;
        spec_sign_node *p = realloc(sig->nodes, cap * sizeof *p);
        if (!p) {
            ns->l->oom = 1;
            return (size_t)-1;
        }
        memset(p + ns->cap, 0, (cap - ns->cap) * sizeof *p);
        sig->nodes = p;
        ns->cap = cap;
    }
    size_t first = sig->nnodes;
    sig->nnodes += n;
    return first;
}

static void load_node(nodes *ns, const ytree_node *n, size_t at);

/* A list of nodes into `count` children reserved after `at`'s. */
static void load_children(nodes *ns, const ytree_node *seq, size_t at,
                          size_t extra_first)
{
    if (!ld_want_seq(ns->l, seq))
        return;
    size_t first = reserve(ns, extra_first + seq->nitems);
    if (first == (size_t)-1)
        return;
    ns->sig->nodes[at].first = first;
    ns->sig->nodes[at].count = extra_first + seq->nitems;
    for (size_t i = 0; i < seq->nitems; i++)
        load_node(ns, seq->items[i], first + extra_first + i);
}

/* A `value:`-style list as one node: the item itself, or their join. */
static void load_list_as(nodes *ns, const ytree_node *seq, size_t at)
{
    if (seq->kind == YTREE_SEQ && seq->nitems == 1) {
        load_node(ns, seq->items[0], at);
        return;
    }
    ns->sig->nodes[at].op = SPEC_OP_CONCAT;
    ns->sig->nodes[at].pos = ld_pos(seq);
    load_children(ns, seq, at, 0);
}

static int is_leaf(int op)
{
#define LEAF_(n, w, rt, d) (op == SPEC_OP_##n) ||
    return VOCAB_SIGN_LEAVES(LEAF_) 0;
#undef LEAF_
}

static int is_transform(int op)
{
#define TR_(n, w, rt, d) (op == SPEC_OP_##n) ||
    return VOCAB_SIGN_TRANSFORMS(TR_) 0;
#undef TR_
}

static void load_hmac(nodes *ns, const ytree_node *v, size_t at)
{
    ld_ctx *l = ns->l;
    if (!ld_want_map(l, v))
        return;
    ld_keys(l, v, "hmac", hmac_keys, hmac_keys);
    const ytree_node *d = ytree_get(v, "digest");
    int which = 0;
    if (d && ld_enum(l, d, "digest", digests, 3, "", &which))
        ns->sig->nodes[at].text = ld_strdup(l, digest_words[which]);
    const ytree_node *key = ytree_get(v, "key"), *data = ytree_get(v, "data");
    if (!key || !data || !ld_want_seq(l, key))
        return;
    /* children: the key (one node), then the data items */
    if (!ld_want_seq(l, data))
        return;
    size_t first = reserve(ns, 1 + data->nitems);
    if (first == (size_t)-1)
        return;
    ns->sig->nodes[at].first = first;
    ns->sig->nodes[at].count = 1 + data->nitems;
    load_list_as(ns, key, first);
    for (size_t i = 0; i < data->nitems; i++)
        load_node(ns, data->items[i], first + 1 + i);
}

static void load_time(nodes *ns, const ytree_node *v, size_t at)
{
    ld_ctx *l = ns->l;
    spec_sign_node *node = &ns->sig->nodes[at];
    const ytree_node *f = v;
    if (v->kind == YTREE_MAP) {
        ld_keys(l, v, "timestamp", time_keys, NULL);
        f = ytree_get(v, "format");
        const ytree_node *o = ytree_get(v, "offset");
        if (o)
            ld_int(l, o, &ns->sig->nodes[at].arg);
    }
    if (!f)
        return;
    char *word = ld_string(l, f);
    if (word && !ld_in_list(word, time_formats)) {
        ld_error(l, f,
                 "invalid value '%s' for 'format'; expected one of: ms, s, "
                 "us, iso8601, iso8601_ms, datetime, aws, date",
                 word);
        free(word);
        return;
    }
    free(node->text);
    ns->sig->nodes[at].text = word;
}

static void load_node(nodes *ns, const ytree_node *n, size_t at)
{
    ld_ctx *l = ns->l;
    ns->sig->nodes[at].pos = ld_pos(n);
    const char *word = NULL;
    const ytree_node *v = NULL;
    if (n->kind == YTREE_SCALAR) {
        word = n->text;
    } else if (n->kind == YTREE_MAP && n->npairs == 1) {
        word = n->pairs[0].key->text;
        v = n->pairs[0].value;
    } else {
        ld_error(l, n, "expected a part name or a mapping of one key, got %s",
                 ld_describe(n));
        return;
    }
    const vocab_word *w = vocab_find(&vocab_sign_ops, word);
    if (!w) {
        ld_error(l, n->kind == YTREE_MAP ? n->pairs[0].key : n,
                 "unknown signing part '%s'", word);
        return;
    }
    spec_sign_node *node = &ns->sig->nodes[at];
    node->op = (spec_sign_op)w->value;
    if (node->op == SPEC_OP_TIMESTAMP)
        node->text = ld_strdup(l, "ms");
    if (node->op == SPEC_OP_NONCE)
        node->text = ld_strdup(l, "ms");
    if (!v) {
        if (!is_leaf(node->op))
            ld_error(l, n, "'%s' needs a value: {%s: ...}", word, word);
        return;
    }
    if (is_transform(node->op)) {
        load_children(ns, v, at, 0);
        return;
    }
    switch (node->op) {
    case SPEC_OP_LITERAL:
    case SPEC_OP_HEADER:
    case SPEC_OP_VALUE:
        node->text = ld_string(l, v);
        return;
    case SPEC_OP_RANDOM_HEX:
        if (ld_int(l, v, &node->arg) && (node->arg < 1 || node->arg > 64))
            ld_error(l, v, "random_hex takes 1 to 64 bytes");
        return;
    case SPEC_OP_HMAC:
        load_hmac(ns, v, at);
        return;
    case SPEC_OP_TIMESTAMP:
        load_time(ns, v, at);
        return;
    case SPEC_OP_NONCE: {
        char *unit = ld_string(l, v);
        if (unit && !ld_in_list(unit, nonce_units)) {
            ld_error(l, v, "invalid value '%s' for 'nonce'; expected one of: "
                           "ms, us, s, count", unit);
            free(unit);
            return;
        }
        free(node->text);
        ns->sig->nodes[at].text = unit;
        return;
    }
    case SPEC_OP_SORTED_PARAMS: {
        int enc = 0;
        if (ld_bool(l, v, &enc))
            node->arg = enc;
        return;
    }
    default:
        ld_error(l, v, "'%s' takes no value", word);
    }
}

static void load_output(nodes *ns, const ytree_node *n, spec_sign_output *o)
{
    ld_ctx *l = ns->l;
    o->pos = ld_pos(n);
    if (!ld_want_map(l, n))
        return;
    ld_keys(l, n, "signed value", output_keys, output_required);
    ld_opt_string(l, n, "name", &o->name);
    const ytree_node *v = ytree_get(n, "in");
    int place = SPEC_PLACE_NONE;
    if (v && ld_vocab(l, v, "in", &vocab_sign_places, NULL, 0, "", &place))
        o->place = (spec_sign_place)place;
    if ((v = ytree_get(n, "position")))
        ld_enum(l, v, "position", positions, 2, "", &o->first);
    ld_opt_bool(l, n, "number", &o->number);
    if (!o->name && o->place != SPEC_PLACE_BODY)
        ld_error(l, n, "missing required key 'name' in signed value");
    v = ytree_get(n, "value");
    if (!v || !ld_want_seq(l, v))
        return;
    if (v->nitems == 0) {
        ld_error(l, v, "'value' must list at least one part");
        return;
    }
    size_t at = reserve(ns, 1);
    if (at == (size_t)-1)
        return;
    o->node = at;
    load_list_as(ns, v, at);
}

/* What the scheme's setter must take, from the nodes. */
static unsigned needs_of(const spec_signature *sig)
{
    int hmac = sig->algorithm == SPEC_SIGN_HMAC_SHA256 ||
               sig->algorithm == SPEC_SIGN_HMAC_SHA384 ||
               sig->algorithm == SPEC_SIGN_HMAC_SHA512;
    unsigned needs = 0;
    for (size_t i = 0; i < sig->nnodes; i++)
        switch (sig->nodes[i].op) {
        case SPEC_OP_API_KEY:
            needs |= 1u; /* APICC_NEEDS_API_KEY */
            break;
        case SPEC_OP_SECRET:
            needs |= 2u; /* APICC_NEEDS_SECRET */
            break;
        case SPEC_OP_SIGN:
            needs |= hmac ? 2u : 4u; /* _SECRET, _PRIVATE_KEY */
            break;
        case SPEC_OP_PASSPHRASE:
            needs |= 8u; /* APICC_NEEDS_PASSPHRASE */
            break;
        default:
            break;
        }
    return needs;
}

void ld_sign_values(ld_ctx *l, const ytree_node *seq, spec_signature *sig)
{
    if (!ld_want_seq(l, seq))
        return;
    if (seq->nitems == 0) {
        ld_error(l, seq, "'values' must list at least one value");
        return;
    }
    sig->outputs = ld_calloc(l, seq->nitems, sizeof *sig->outputs);
    if (!sig->outputs)
        return;
    sig->noutputs = seq->nitems;
    nodes ns = {.l = l, .sig = sig};
    for (size_t i = 0; i < seq->nitems; i++)
        load_output(&ns, seq->items[i], &sig->outputs[i]);
    /* {value: NAME} names a value of this rule */
    for (size_t i = 0; i < sig->nnodes; i++) {
        const spec_sign_node *n = &sig->nodes[i];
        if (n->op != SPEC_OP_VALUE || !n->text)
            continue;
        int found = 0;
        for (size_t k = 0; k < sig->noutputs && !found; k++)
            found = sig->outputs[k].name &&
                    strcmp(sig->outputs[k].name, n->text) == 0;
        if (!found) {
            ytree_node at = {.line = n->pos.line, .col = n->pos.col};
            ld_error(l, &at, "no value named '%s' in this rule", n->text);
        }
    }
    sig->needs = needs_of(sig);
}
