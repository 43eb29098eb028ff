/*
 * The view of a signing rule's general form (`values:`): the node and
 * output tables the C template writes as apicc_sign_node and
 * apicc_sign_output initialisers, the setter that takes every piece of
 * the scheme's credentials, and a one-line reading of each value for the
 * documentation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view/view_escape.h"
#include "view/view_parts.h"

static const char *constant(const vocab *t, int value)
{
    const vocab_word *w = vocab_of(t, value);
    return w ? w->constant : "0";
}

static void add_nodes(view_ctx *v, cJSON *r, const spec_signature *sig)
{
    cJSON *arr = view_array(v, r, "nodes");
    for (size_t i = 0; arr && i < sig->nnodes; i++) {
        const spec_sign_node *n = &sig->nodes[i];
        cJSON *o = view_push(v, arr);
        if (!o)
            return;
        view_str(v, o, "op", constant(&vocab_sign_ops, (int)n->op));
        view_str(v, o, "text", n->text);
        if (n->arg != 0)
            view_fmt(v, o, "arg", "%lld", n->arg);
        else
            view_str(v, o, "arg", NULL);
        if (n->count > 0) {
            view_fmt(v, o, "first", "%zu", n->first);
            view_fmt(v, o, "count", "%zu", n->count);
        } else {
            view_str(v, o, "first", NULL);
            view_str(v, o, "count", NULL);
        }
        view_fmt(v, o, "index", "%zu", i);
    }
    view_num(v, r, "nnodes", (double)sig->nnodes);
}

/* A node as the README shows it: `hex(sign(timestamp + method))`. */
static void describe(const spec_signature *sig, size_t i, char *out,
                     size_t cap, int depth)
{
    size_t used = strlen(out);
    if (used + 1 >= cap || i >= sig->nnodes)
        return;
    const spec_sign_node *n = &sig->nodes[i];
    const vocab_word *w = vocab_of(&vocab_sign_ops, (int)n->op);
    const char *word = w ? w->word : "?";
    if (depth > 8) {
        snprintf(out + used, cap - used, "...");
        return;
    }
    if (n->op == SPEC_OP_LITERAL) {
        snprintf(out + used, cap - used, "\"%s\"", n->text ? n->text : "");
        return;
    }
    if (n->op == SPEC_OP_CONCAT || n->count == 0) {
        if (n->count == 0)
            snprintf(out + used, cap - used, "%s%s%s%s", word,
                     n->text ? "(" : "", n->text ? n->text : "",
                     n->text ? ")" : "");
        for (size_t k = 0; n->op == SPEC_OP_CONCAT && k < n->count; k++) {
            if (k > 0)
                snprintf(out + strlen(out), cap - strlen(out), " + ");
            describe(sig, n->first + k, out, cap, depth + 1);
        }
        return;
    }
    snprintf(out + used, cap - used, "%s(", n->op == SPEC_OP_HMAC && n->text
                                                ? n->text
                                                : word);
    if (n->op == SPEC_OP_HMAC)
        snprintf(out + strlen(out), cap - strlen(out), "hmac key ");
    for (size_t k = 0; k < n->count; k++) {
        if (k > 0)
            snprintf(out + strlen(out), cap - strlen(out),
                     n->op == SPEC_OP_HMAC && k == 1 ? ", " : " + ");
        describe(sig, n->first + k, out, cap, depth + 1);
    }
    snprintf(out + strlen(out), cap - strlen(out), ")");
}

static void add_outputs(view_ctx *v, cJSON *r, const spec_signature *sig)
{
    cJSON *arr = view_array(v, r, "outputs");
    for (size_t i = 0; arr && i < sig->noutputs; i++) {
        const spec_sign_output *o = &sig->outputs[i];
        cJSON *x = view_push(v, arr);
        if (!x)
            return;
        view_str(v, x, "out_name", o->name);
        view_str(v, x, "place",
                 constant(&vocab_sign_places, (int)o->place));
        const vocab_word *w = vocab_of(&vocab_sign_places, (int)o->place);
        view_str(v, x, "place_doc", w ? w->doc : "?");
        view_bool(v, x, "out_first", o->first);
        view_bool(v, x, "out_number", o->number);
        view_fmt(v, x, "node", "%zu", o->node);
        char text[512] = "";
        describe(sig, o->node, text, sizeof text, 0);
        view_comment_fmt(v, x, "value_doc", "%s", text);
    }
    view_mark_ends(v, arr);
    view_num(v, r, "noutputs", (double)sig->noutputs);
}

/* The `_credentials` setter: every piece the rule uses, in one call. */
static void add_setter(view_ctx *v, cJSON *o, const char *setter,
                       unsigned needs)
{
    char params[160] = "";
    static const struct {
        unsigned bit;
        const char *key, *param;
    } pieces[] = {{1u, "need_api_key", "const char *api_key"},
                  {2u, "need_secret", "const char *secret"},
                  {4u, "need_private_key", "const char *private_key_file"},
                  {8u, "need_passphrase", "const char *passphrase"}};
    for (size_t i = 0; i < sizeof pieces / sizeof pieces[0]; i++) {
        int on = (needs & pieces[i].bit) != 0;
        view_bool(v, o, pieces[i].key, on);
        if (on)
            snprintf(params + strlen(params), sizeof params - strlen(params),
                     ",\n    %s", pieces[i].param);
    }
    view_str(v, o, "cred_params", params);
    view_fmt(v, o, "cred_setter", "%s_credentials", setter);
}

void view_sign_general(view_ctx *v, cJSON *o, cJSON *r,
                       const spec_signature *sig, const char *setter)
{
    view_bool(v, r, "general", sig->outputs != NULL);
    if (!sig->outputs)
        return;
    add_nodes(v, r, sig);
    add_outputs(v, r, sig);
    static const char *const secrets[] = {"APICC_SECRET_RAW",
                                          "APICC_SECRET_BASE64",
                                          "APICC_SECRET_HEX"};
    view_str(v, r, "secret_encoding", secrets[sig->secret_encoding]);
    view_fmt(v, r, "needs", "%uu", sig->needs);
    view_bool(v, r, "sort_query", sig->sort_query);
    add_setter(v, o, setter, sig->needs);
}
