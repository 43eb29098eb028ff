/*
 * `apicc import ... --keep-auth SPEC`: the auth schemes written by hand
 * in SPEC (a signing rule, which OpenAPI documents cannot describe) go
 * into the imported spec as they were written, so re-importing a
 * provider's document does not lose them.
 *
 * It works on the text, not on the loaded spec, so the kept schemes keep
 * their comments and layout: each top-level key of a spec and each scheme
 * under `auth:` is a run of lines from its key to the next key (the
 * positions come from the YAML tree).  A kept scheme replaces the
 * imported one of the same name or is added after them; SPEC's
 * `default_auth:`, when it has one, replaces the imported one.
 */
#include "import/import_keep_auth.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/file_io.h"
#include "load/yaml_tree.h"

/* A text cut into lines: line k (1-based) is [at[k-1], at[k]). */
typedef struct lines {
    const char *text;
    size_t *at;
    int n;
} lines;

static int cut(lines *l, const char *text)
{
    size_t len = strlen(text), count = 1;
    for (size_t i = 0; i < len; i++)
        count += text[i] == '\n';
    l->text = text;
    l->at = malloc((count + 1) * sizeof *l->at);
    if (!l->at)
        return 0;
    l->n = 0;
    l->at[0] = 0;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n')
            l->at[++l->n] = i + 1;
    if (l->at[l->n] < len) /* a last line without its newline */
        l->at[++l->n] = len;
    return 1;
}

/* Lines [from, to) as they are. */
static void put_lines(buf *b, const lines *l, int from, int to)
{
    if (from < 1)
        from = 1;
    if (to > l->n + 1)
        to = l->n + 1;
    if (from < to)
        buf_append(b, l->text + l->at[from - 1], l->at[to - 1] - l->at[from - 1]);
}

/* Lines [from, to) moved from column `col` (1-based) to column 3: a
 * scheme under `auth:` as the importer indents it. */
static void put_indented(buf *b, const lines *l, int from, int to, int col)
{
    for (int k = from; k < to && k <= l->n; k++) {
        const char *p = l->text + l->at[k - 1];
        size_t len = l->at[k] - l->at[k - 1];
        size_t skip = 0;
        while (skip < len && (int)skip < col - 1 && p[skip] == ' ')
            skip++;
        if (len - skip > 1 || (len > skip && p[skip] != '\n'))
            buf_puts(b, "  ");
        buf_append(b, p + skip, len - skip);
    }
    if (to > from && to - 1 <= l->n && l->at[to - 1] > 0 &&
        l->text[l->at[to - 1] - 1] != '\n')
        buf_putc(b, '\n');
}

/* The line after the block of the root key `key`: the next root key's
 * line, or past the end. */
static int block_end(const ytree_node *root, const char *key, int nlines)
{
    for (size_t i = 0; i < root->npairs; i++)
        if (strcmp(root->pairs[i].key->text, key) == 0)
            return i + 1 < root->npairs ? root->pairs[i + 1].key->line
                                        : nlines + 1;
    return nlines + 1;
}

static const ytree_node *root_key(const ytree_node *root, const char *key)
{
    for (size_t i = 0; i < root->npairs; i++)
        if (strcmp(root->pairs[i].key->text, key) == 0)
            return root->pairs[i].key;
    return NULL;
}

/* The scheme `name` of an auth map, NULL when absent. */
static const ytree_pair *scheme(const ytree_node *auth, const char *name,
                                size_t *index)
{
    for (size_t i = 0; auth && i < auth->npairs; i++)
        if (strcmp(auth->pairs[i].key->text, name) == 0) {
            *index = i;
            return &auth->pairs[i];
        }
    return NULL;
}

/* The scheme at `i` of `auth`, re-indented, into b. */
static void put_scheme(buf *b, const lines *l, const ytree_node *auth,
                       size_t i, int auth_end)
{
    const ytree_node *k = auth->pairs[i].key;
    int end = i + 1 < auth->npairs ? auth->pairs[i + 1].key->line : auth_end;
    put_indented(b, l, k->line, end, k->col);
}

/* The new `auth:` section: the imported schemes, each replaced by the
 * kept one of its name, then the kept schemes the import has not. */
static void put_auth(buf *b, const lines *out, const ytree_node *oauth,
                     int oend, const lines *kept, const ytree_node *kauth,
                     int kend)
{
    buf_puts(b, "auth:\n");
    for (size_t i = 0; oauth && i < oauth->npairs; i++) {
        size_t k;
        if (scheme(kauth, oauth->pairs[i].key->text, &k))
            put_scheme(b, kept, kauth, k, kend);
        else
            put_scheme(b, out, oauth, i, oend);
    }
    for (size_t i = 0; i < kauth->npairs; i++) {
        size_t k;
        if (!scheme(oauth, kauth->pairs[i].key->text, &k))
            put_scheme(b, kept, kauth, i, kend);
    }
}

/* A block-style mapping under `key` of root, or NULL after an error. */
static const ytree_node *block_map(const ytree_node *root, const char *key,
                                   const char *path, diag *d)
{
    const ytree_node *k = root_key(root, key);
    const ytree_node *v = ytree_get(root, key);
    if (!v)
        return NULL;
    if (v->kind != YTREE_MAP || v->line == k->line) {
        diag_error(d, path, v->line, v->col,
                   "--keep-auth needs '%s' as a block mapping (one scheme "
                   "per line, indented under it)", key);
        return NULL;
    }
    return v;
}

char *imp_keep_auth(const char *text, const char *kept_path, diag *d)
{
    size_t klen = 0;
    char *ktext = file_read_diag(kept_path, YTREE_MAX_BYTES, &klen, d);
    ytree_node *kroot = ktext ? ytree_parse(kept_path, ktext, klen, d) : NULL;
    ytree_node *oroot = kroot ? ytree_parse("<import>", text, strlen(text), d)
                              : NULL;
    lines out = {0}, kept = {0};
    buf b;
    buf_init(&b);
    char *result = NULL;
    if (!oroot || kroot->kind != YTREE_MAP || oroot->kind != YTREE_MAP) {
        if (kroot && kroot->kind != YTREE_MAP)
            diag_error(d, kept_path, 1, 1, "not a spec (a mapping)");
        goto done;
    }
    const ytree_node *kauth = block_map(kroot, "auth", kept_path, d);
    if (!kauth) {
        if (!ytree_get(kroot, "auth"))
            diag_error(d, kept_path, 1, 1, "no 'auth:' to keep");
        goto done;
    }
    if (!cut(&out, text) || !cut(&kept, ktext)) {
        diag_error(d, kept_path, 0, 0, "out of memory");
        goto done;
    }
    const ytree_node *oauth = ytree_get(oroot, "auth");
    int oend = block_end(oroot, "auth", out.n);
    int kend = block_end(kroot, "auth", kept.n);
    const ytree_node *kdef = root_key(kroot, "default_auth");
    /* Where the auth section goes: where it was, else before the first
     * key that follows it in a spec. */
    const ytree_node *at = root_key(oroot, "auth");
    static const char *const after[] = {"default_auth", "errors", "models",
                                        "endpoints"};
    for (size_t i = 0; !at && i < sizeof after / sizeof after[0]; i++)
        at = root_key(oroot, after[i]);
    int from = at ? at->line : out.n + 1;
    int to = oauth ? oend : from;
    const ytree_node *odef = root_key(oroot, "default_auth");
    put_lines(&b, &out, 1, from);
    put_auth(&b, &out, oauth, oend, &kept, kauth, kend);
    if (kdef)
        put_lines(&b, &kept, kdef->line,
                  block_end(kroot, "default_auth", kept.n));
    if (kdef && odef && odef->line >= to) {
        /* the imported default_auth is dropped: the kept one is written */
        put_lines(&b, &out, to, odef->line);
        put_lines(&b, &out, block_end(oroot, "default_auth", out.n),
                  out.n + 1);
    } else {
        put_lines(&b, &out, to, out.n + 1);
    }
    result = buf_take(&b);
    if (!result)
        diag_error(d, kept_path, 0, 0, "out of memory");
done:
    buf_free(&b);
    free(out.at);
    free(kept.at);
    ytree_free(kroot);
    ytree_free(oroot);
    free(ktext);
    return result;
}
