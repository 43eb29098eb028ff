/*
 * `apicc sign`: a signature computed by the runtime's own signing code
 * (libapicc's sign.c and sign_payload.c), from the command line.
 *
 * Two forms: the signature of given bytes, or the payload a spec's
 * signature scheme builds from given params, then its signature.  Only
 * the payload and the signature are ever printed; the secret is read from
 * a file (never from argv, where other users could see it), wiped after
 * use, and never appears in a message.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "apicc/sign.h"
#include "cli/cli.h"
#include "cli/cli_args.h"
#include "cli/cli_sign.h"
#include "base/diag.h"
#include "base/vocab.h"
#include "load/spec.h"

static const char sign_usage[] =
    "usage: apicc sign --algorithm ALG --key-file FILE [--encoding ENC]\n"
    "                  --payload STRING\n"
    "       apicc sign --spec SPEC --auth NAME --key-file FILE\n"
    "                  [--api-key KEY] [--timestamp T] [--param NAME=VALUE]...\n"
    "                  [--method M] [--path P] [--query Q] [--body B]\n"
    "                  [--header NAME:VALUE]... [--host H] [--nonce N]\n"
    "                  [--passphrase-file FILE]\n"
    "\n"
    "The first form prints the signature of exactly the bytes of STRING.\n"
    "ALG is hmac-sha256, hmac-sha512, ed25519 or rsa-sha256; ENC is hex\n"
    "(the default for HMAC) or base64 (the default otherwise).\n"
    "\n"
    "The second form loads SPEC, takes its signature scheme NAME, and prints\n"
    "two lines: the payload the scheme builds, then its signature.  Params\n"
    "are the --param values (strings; repeat a name for an array), plus\n"
    "the API key (--api-key, when the scheme sends one) and the timestamp\n"
    "(--timestamp T as sent, in the scheme's unit, ms or s; default now).\n"
    "--method, --path, --query and --body give the request parts a\n"
    "scheme's payload may include; a missing --body is an empty body, and a\n"
    "missing --query is the query the client would send: the params, then\n"
    "the key and the timestamp.\n"
    "\n"
    "A scheme written with `values:` (the general form) prints each value\n"
    "as `name: value` in the order the client computes them (binary ones,\n"
    "such as a digest or a derived key, in hex), then the request as it\n"
    "would go out: the request line, each header and the body.  There\n"
    "--timestamp is in milliseconds, --nonce the nonce to use (default:\n"
    "the time in the nonce's unit), --host the Host, --header adds a\n"
    "request header, and --passphrase-file names a file holding the\n"
    "passphrase.  The key file holds the secret as the provider issued it\n"
    "(the scheme's `secret:` says how to decode it), or a PEM private key.\n"
    "\n"
    "The key file holds the HMAC secret (one trailing newline is ignored),\n"
    "or a PEM private key (Ed25519 or RSA, not encrypted).  Secrets are\n"
    "never printed.  Exit status: 0 ok, 2 bad input or usage.\n";

/* A secret file is small; this bounds what a wrong path can make us
 * read. */
#define KEY_FILE_MAX (1024 * 1024)

typedef struct sign_opts {
    const char *algorithm, *key_file, *encoding, *payload;
    const char *spec, *auth, *api_key, *timestamp;
    const char *method, *path, *query, *body;
    const char *host, *nonce, *passphrase_file;
    const char **params; /* "NAME=VALUE", borrowed from argv */
    size_t nparams;
    const char **headers; /* "NAME:VALUE", borrowed from argv */
    size_t nheaders;
} sign_opts;

/* Prints "apicc sign: message" and returns the bad-input status. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("apicc sign: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return CLI_BAD_INPUT;
}

/* ---- arguments --------------------------------------------------------- */

/* The options in the order of the slots sign_opts has for them; the
 * last one, --param, may be repeated. */
static const cli_opt sign_opt_table[] = {
    {"--algorithm", 0, 1}, {"--key-file", 0, 1}, {"--encoding", 0, 1},
    {"--payload", 0, 1},   {"--spec", 0, 1},     {"--auth", 0, 1},
    {"--api-key", 0, 1},   {"--timestamp", 0, 1}, {"--method", 0, 1},
    {"--path", 0, 1},      {"--query", 0, 1},    {"--body", 0, 1},
    {"--host", 0, 1},      {"--nonce", 0, 1},    {"--passphrase-file", 0, 1},
    {"--param", 0, 1},     {"--header", 0, 1},   {NULL, 0, 0},
};
enum { OPT_PARAM = 15, OPT_HEADER = 16 };

/* Fills `o` from argv ("--opt VALUE" or "--opt=VALUE").  Returns 0, or
 * an exit status after printing why (or the usage, for --help: -1). */
static int parse_args(int argc, char **argv, sign_opts *o)
{
    const char **slots[] = {
        &o->algorithm, &o->key_file, &o->encoding, &o->payload,
        &o->spec,      &o->auth,     &o->api_key,  &o->timestamp,
        &o->method,    &o->path,     &o->query,    &o->body,
        &o->host,      &o->nonce,    &o->passphrase_file,
    };
    _Static_assert(sizeof slots / sizeof slots[0] == OPT_PARAM,
                   "a slot for each option before --param");
    cli_args a;
    cli_args_init(&a, "sign", argc, argv, 1);
    for (int k; (k = cli_next(&a, sign_opt_table)) != CLI_ARG_END;) {
        if (k == CLI_ARG_HELP)
            return -1;
        if (k == CLI_ARG_ERROR)
            return CLI_BAD_INPUT;
        if (k == CLI_ARG_OPERAND)
            return cli_usage_error("sign", "unexpected argument \"%s\"",
                                   a.value);
        if (k == OPT_PARAM) {
            o->params[o->nparams++] = a.value;
        } else if (k == OPT_HEADER) {
            o->headers[o->nheaders++] = a.value;
        } else {
            if (*slots[k])
                return cli_usage_error("sign", "%s given twice",
                                       sign_opt_table[k].name);
            *slots[k] = a.value;
        }
    }
    return 0;
}

/* The words of a vocabulary table joined with ", ", for messages. */
static const char *words_of(const vocab *t, char *out, size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < t->n && len < size; i++)
        len += (size_t)snprintf(out + len, size - len, "%s%s",
                                i ? ", " : "", t->v[i].word);
    return out;
}

static int parse_alg(const char *s, apicc_sign_alg *alg)
{
    const vocab_word *w = vocab_find(&vocab_sign_algs, s);
    if (w)
        *alg = (apicc_sign_alg)w->runtime;
    return w != NULL;
}

static const char *alg_name(apicc_sign_alg alg)
{
    for (size_t i = 0; i < vocab_sign_algs.n; i++)
        if (vocab_sign_algs.v[i].runtime == (int)alg)
            return vocab_sign_algs.v[i].word;
    return "?";
}

static int is_hmac(apicc_sign_alg alg)
{
    return alg == APICC_SIGN_HMAC_SHA256 || alg == APICC_SIGN_HMAC_SHA384 ||
           alg == APICC_SIGN_HMAC_SHA512;
}

/* ---- keys -------------------------------------------------------------- */

/* Reads a whole file into a buffer that holds a secret: growing copies
 * are wiped, as is everything on failure.  Returns NULL on error (errno
 * says why; EFBIG when the file is too large). */
static char *read_secret_file(const char *path, size_t *len, size_t *cap_out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t used = 0, cap = 0;
    int err = 0;
    for (;;) {
        if (used == cap) {
            size_t next = cap ? cap * 2 : 4096;
            char *bigger = next <= KEY_FILE_MAX ? malloc(next) : NULL;
            if (!bigger) {
                err = next > KEY_FILE_MAX ? EFBIG : ENOMEM;
                break;
            }
            if (buf) {
                memcpy(bigger, buf, used);
                apicc_wipe(buf, cap);
                free(buf);
            }
            buf = bigger;
            cap = next;
        }
        size_t n = fread(buf + used, 1, cap - used, f);
        used += n;
        if (n == 0) {
            if (ferror(f))
                err = errno ? errno : EIO;
            break;
        }
    }
    fclose(f);
    if (err) {
        if (buf)
            apicc_wipe(buf, cap);
        free(buf);
        errno = err;
        return NULL;
    }
    *len = used;
    *cap_out = cap;
    return buf;
}

/* An HMAC secret from a file, without one trailing "\n" or "\r\n". */
static int load_hmac_key(const char *path, apicc_sign_key **out)
{
    size_t len = 0, cap = 0;
    char *buf = read_secret_file(path, &len, &cap);
    if (!buf)
        return fail("cannot read key file \"%s\": %s", path,
                    errno == EFBIG ? "too large for a key" : strerror(errno));
    if (len > 0 && buf[len - 1] == '\n')
        len--;
    if (len > 0 && buf[len - 1] == '\r')
        len--;
    int rc = CLI_OK;
    if (len == 0)
        rc = fail("key file \"%s\" is empty", path);
    else if (apicc_sign_key_hmac(buf, len, out) != APICC_OK)
        rc = fail("cannot use the key in \"%s\"", path);
    apicc_wipe(buf, cap);
    free(buf);
    return rc;
}

static int load_key(apicc_sign_alg alg, const char *path,
                    apicc_sign_key **out)
{
    if (is_hmac(alg))
        return load_hmac_key(path, out);
    apicc_status st = apicc_sign_key_pem_file(path, out);
    if (st == APICC_ERR_IO)
        return fail("cannot read key file \"%s\"", path);
    if (st != APICC_OK)
        return fail("key file \"%s\" holds no Ed25519, RSA or P-256 private "
                    "key in PEM (encrypted keys are not supported)",
                    path);
    return CLI_OK;
}

/* Signs the payload; the caller frees *sig. */
static int sign_payload(apicc_sign_alg alg, apicc_encoding enc,
                        const char *key_file, const char *payload, char **sig)
{
    apicc_sign_key *key = NULL;
    int rc = load_key(alg, key_file, &key);
    if (rc != CLI_OK)
        return rc;
    apicc_status st = apicc_sign(alg, enc, key, payload, strlen(payload), sig);
    apicc_sign_key_free(key);
    if (st == APICC_ERR_SIGN)
        return fail("the key in \"%s\" does not suit %s", key_file,
                    alg_name(alg));
    if (st != APICC_OK)
        return fail("signing failed: %s", apicc_strerror(st));
    return CLI_OK;
}

/* ---- the first form: given bytes ---------------------------------------- */

static int sign_bytes(const sign_opts *o)
{
    if (o->auth || o->api_key || o->timestamp || o->nparams || o->method ||
        o->path || o->query || o->body || o->host || o->nonce ||
        o->passphrase_file || o->nheaders)
        return fail("--auth, --api-key, --timestamp, --param, --method, "
                    "--path, --query, --body, --header, --host, --nonce and "
                    "--passphrase-file go with --spec");
    if (!o->key_file || !o->payload)
        return fail("--algorithm needs --key-file and --payload (see --help)");
    apicc_sign_alg alg;
    char words[256];
    if (!parse_alg(o->algorithm, &alg))
        return fail("unknown algorithm \"%s\" (%s)", o->algorithm,
                    words_of(&vocab_sign_algs, words, sizeof words));
    apicc_encoding enc = is_hmac(alg) ? APICC_ENC_HEX : APICC_ENC_BASE64;
    if (o->encoding) {
        const vocab_word *w = vocab_find(&vocab_encodings, o->encoding);
        if (!w)
            return fail("unknown encoding \"%s\" (%s)", o->encoding,
                        words_of(&vocab_encodings, words, sizeof words));
        enc = (apicc_encoding)w->runtime;
    }
    char *sig = NULL;
    int rc = sign_payload(alg, enc, o->key_file, o->payload, &sig);
    if (rc == CLI_OK)
        printf("%s\n", sig);
    free(sig);
    return rc;
}

/* ---- the second form: a spec's scheme ----------------------------------- */

/* The runtime constant of a spec value (base/vocab.h), or `none`. */
static int runtime_of(const vocab *t, int value, int none)
{
    const vocab_word *w = vocab_of(t, value);
    return w ? w->runtime : none;
}

static apicc_location location_of(spec_location in)
{
    return (apicc_location)runtime_of(&vocab_locations, (int)in,
                                      APICC_IN_NONE);
}

/* The runtime rule for a spec's scheme, built from the same vocabulary
 * rows (base/vocab.h) the view writes into a generated descriptor.  Strings are borrowed from the spec; *parts is malloc'd. */
static int rule_of(const spec_signature *sig, apicc_sign_rule *r,
                   apicc_payload_part **parts)
{
    *parts = calloc(sig->nparts ? sig->nparts : 1, sizeof **parts);
    if (!*parts)
        return 0;
    for (size_t i = 0; i < sig->nparts; i++) {
        (*parts)[i].kind = (apicc_part_kind)runtime_of(
            &vocab_parts, (int)sig->parts[i].kind, APICC_PART_LITERAL);
        (*parts)[i].literal = sig->parts[i].literal;
    }
    memset(r, 0, sizeof *r);
    r->algorithm = (apicc_sign_alg)runtime_of(
        &vocab_sign_algs, (int)sig->algorithm, APICC_SIGN_HMAC_SHA256);
    r->encoding = (apicc_encoding)runtime_of(
        &vocab_encodings, (int)sig->encoding, APICC_ENC_HEX);
    r->parts = *parts;
    r->nparts = sig->nparts;
    r->percent_encode = sig->percent_encode != 0;
    r->key_in = location_of(sig->key.in);
    r->key_name = sig->key.name;
    r->signature_in = location_of(sig->signature.in);
    r->signature_name = sig->signature.name;
    r->timestamp_in = location_of(sig->timestamp.in);
    r->timestamp_name = sig->timestamp.name;
    r->timestamp_seconds = sig->timestamp_seconds != 0;
    return 1;
}

static int parse_timestamp(const char *s, int64_t *out)
{
    if (!s) {
        *out = -1;
        return 1;
    }
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < 0 || s[0] < '0' || s[0] > '9')
        return 0;
    *out = (int64_t)v;
    return 1;
}

static int64_t now_in_unit(int seconds)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (seconds)
        return (int64_t)ts.tv_sec;
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int same_name(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* The params the scheme signs: the --param values, then the key and the
 * timestamp the scheme adds itself.  `args` has room for nparams + 2. */
static int build_params(const sign_opts *o, const apicc_sign_rule *r,
                        apicc_location where, int64_t ts, apicc_arg *args,
                        char **names, size_t *n)
{
    *n = 0;
    for (size_t i = 0; i < o->nparams; i++) {
        const char *eq = strchr(o->params[i], '=');
        if (!eq || eq == o->params[i])
            return fail("--param \"%s\": expected NAME=VALUE", o->params[i]);
        names[i] = strndup(o->params[i], (size_t)(eq - o->params[i]));
        if (!names[i])
            return fail("out of memory");
        if ((r->key_in != APICC_IN_NONE && same_name(names[i], r->key_name)) ||
            (r->timestamp_in != APICC_IN_NONE &&
             same_name(names[i], r->timestamp_name)))
            return fail("--param %s: the scheme adds %s itself (use "
                        "--api-key or --timestamp)",
                        names[i], names[i]);
        args[*n] = (apicc_arg){.name = names[i], .in = where,
                               .type = APICC_T_STRING, .s = eq + 1};
        (*n)++;
    }
    for (size_t i = 0; i < *n; i++) /* a repeated name is an array */
        for (size_t j = 0; j < *n; j++)
            if (i != j && strcmp(args[i].name, args[j].name) == 0)
                args[i].array = 1;
    if (r->key_in != APICC_IN_NONE)
        args[(*n)++] = (apicc_arg){.name = r->key_name, .in = r->key_in,
                                   .type = APICC_T_STRING, .s = o->api_key};
    if (r->timestamp_in != APICC_IN_NONE)
        args[(*n)++] = (apicc_arg){.name = r->timestamp_name,
                                   .in = r->timestamp_in,
                                   .type = APICC_T_INT, .i = ts};
    return CLI_OK;
}

/* Whether the rule's payload uses a request part the user must give. */
static int check_parts(const apicc_sign_rule *r, const sign_opts *o,
                       const char *auth)
{
    static const struct {
        apicc_part_kind kind;
        const char *what, *opt;
    } need[] = {{APICC_PART_METHOD, "method", "--method"},
                {APICC_PART_PATH, "path", "--path"}};
    const char *given[] = {o->method, o->path};
    for (size_t i = 0; i < r->nparts; i++)
        for (size_t k = 0; k < sizeof need / sizeof need[0]; k++)
            if (r->parts[i].kind == need[k].kind && !given[k])
                return fail("the payload of scheme \"%s\" includes the "
                            "request's %s: give %s",
                            auth, need[k].what, need[k].opt);
    return CLI_OK;
}

/* The query a client sends before the signature: the call's params, then
 * the key and the timestamp the rule adds, encoded as the runtime encodes
 * them (apicc_sign_offline with the signature left out).  `args` holds
 * the params, then those two. */
static int query_as_sent(const apicc_sign_rule *r, const apicc_arg *args,
                         size_t n, size_t nparams, char **out)
{
    apicc_sign_rule unsigned_rule = *r;
    unsigned_rule.signature_in = APICC_IN_NONE;
    apicc_sign_request req = {.method = "", .args = args, .nargs = nparams};
    const apicc_sign_key *none = NULL;
    (void)n;
    /* the key and timestamp come from the rule, with the given values */
    const char *key = NULL;
    int64_t ts = 0;
    for (size_t i = nparams; i < n; i++) {
        if (args[i].type == APICC_T_STRING)
            key = args[i].s;
        else
            ts = args[i].i;
    }
    apicc_sign_credentials cr = {.api_key = key, .key = none};
    apicc_signed_request sr;
    int64_t ms = r->timestamp_seconds ? ts * 1000 : ts;
    apicc_status st = apicc_sign_offline(&unsigned_rule, &req, &cr, ms, 0,
                                         NULL, NULL, &sr);
    if (st != APICC_OK)
        return fail("cannot build the query: %s", apicc_strerror(st));
    *out = strdup(sr.query);
    apicc_signed_request_free(&sr);
    return *out ? CLI_OK : fail("out of memory");
}

/* Builds the payload and signs it, then prints both. */
static int sign_rule(const sign_opts *o, const apicc_sign_rule *r,
                     apicc_location where)
{
    int64_t ts;
    if (!parse_timestamp(o->timestamp, &ts))
        return fail("--timestamp \"%s\": expected a non-negative integer",
                    o->timestamp);
    if (ts < 0)
        ts = now_in_unit(r->timestamp_seconds);
    if (r->key_in != APICC_IN_NONE && !o->api_key)
        return fail("scheme \"%s\" sends an API key as \"%s\": give --api-key",
                    o->auth, r->key_name ? r->key_name : "?");
    if (r->key_in == APICC_IN_NONE && o->api_key)
        return fail("scheme \"%s\" sends no API key: drop --api-key", o->auth);
    int rc = check_parts(r, o, o->auth);
    if (rc != CLI_OK)
        return rc;

    apicc_arg *args = calloc(o->nparams + 2, sizeof *args);
    char **names = calloc(o->nparams + 1, sizeof *names);
    size_t n = 0;
    char *payload = NULL, *sig = NULL;
    if (!args || !names) {
        rc = fail("out of memory");
        goto done;
    }
    rc = build_params(o, r, where, ts, args, names, &n);
    if (rc != CLI_OK)
        goto done;
    char *query = NULL;
    if (!o->query) {
        rc = query_as_sent(r, args, n, o->nparams, &query);
        if (rc != CLI_OK)
            goto done;
    }
    apicc_sign_input in = {.method = o->method,
                           .path = o->path,
                           .query = o->query ? o->query : query,
                           .body = o->body ? o->body : "",
                           .body_len = o->body ? strlen(o->body) : 0,
                           .params = args,
                           .nparams = n,
                           .timestamp = ts};
    apicc_status st = apicc_sign_payload(r, &in, &payload);
    free(query);
    if (st != APICC_OK) {
        rc = fail("cannot build the payload: %s", apicc_strerror(st));
        goto done;
    }
    rc = sign_payload(r->algorithm, r->encoding, o->key_file, payload, &sig);
    if (rc == CLI_OK)
        printf("%s\n%s\n", payload, sig);
done:
    free(sig);
    free(payload);
    for (size_t i = 0; names && i < o->nparams; i++)
        free(names[i]);
    free(names);
    free(args);
    return rc;
}

/* ---- the general form: every value, then the request -------------------- */

/* The runtime rule of a general spec rule: the same tables the view
 * writes into a generated descriptor.  Strings are borrowed. */
static int general_rule_of(const spec_signature *sig, apicc_sign_rule *r,
                           apicc_sign_node **nodes,
                           apicc_sign_output **outs)
{
    *nodes = calloc(sig->nnodes ? sig->nnodes : 1, sizeof **nodes);
    *outs = calloc(sig->noutputs ? sig->noutputs : 1, sizeof **outs);
    if (!*nodes || !*outs)
        return 0;
    for (size_t i = 0; i < sig->nnodes; i++) {
        const spec_sign_node *n = &sig->nodes[i];
        (*nodes)[i] = (apicc_sign_node){
            .op = (apicc_sign_op)runtime_of(&vocab_sign_ops, (int)n->op, 0),
            .text = n->text,
            .arg = n->arg,
            .first = n->first,
            .count = n->count};
    }
    for (size_t i = 0; i < sig->noutputs; i++) {
        const spec_sign_output *x = &sig->outputs[i];
        (*outs)[i] = (apicc_sign_output){
            .name = x->name,
            .place = (apicc_sign_place)runtime_of(&vocab_sign_places,
                                                  (int)x->place, 0),
            .first = x->first,
            .node = x->node,
            .number = x->number};
    }
    memset(r, 0, sizeof *r);
    r->algorithm = (apicc_sign_alg)runtime_of(
        &vocab_sign_algs, (int)sig->algorithm, APICC_SIGN_HMAC_SHA256);
    r->nodes = *nodes;
    r->nnodes = sig->nnodes;
    r->outputs = *outs;
    r->noutputs = sig->noutputs;
    r->secret_encoding = (apicc_secret_encoding)sig->secret_encoding;
    r->needs = sig->needs;
    r->sort_query = sig->sort_query;
    return 1;
}

/* Printable values as they are; anything else (a digest, a derived key)
 * in hex, marked so. */
static void print_value(void *ctx, const char *name, const char *v,
                        size_t len)
{
    (void)ctx;
    int text = 1;
    for (size_t i = 0; i < len && text; i++)
        text = (unsigned char)v[i] >= 0x20 && (unsigned char)v[i] < 0x7f;
    if (text) {
        printf("%s: %.*s\n", name, (int)len, v);
        return;
    }
    /* a multi-line text (a canonical request) shown as its lines */
    int lines = 1;
    for (size_t i = 0; i < len && lines; i++)
        lines = v[i] == '\n' ||
                ((unsigned char)v[i] >= 0x20 && (unsigned char)v[i] < 0x7f);
    if (lines) {
        printf("%s: |\n", name);
        size_t start = 0;
        for (size_t i = 0; i <= len; i++)
            if (i == len || v[i] == '\n') {
                printf("  %.*s\n", (int)(i - start), v + start);
                start = i + 1;
            }
        return;
    }
    char *hex = apicc_hex_encode(v, len);
    printf("%s: (%zu bytes, in hex) %s\n", name, len, hex ? hex : "?");
    free(hex);
}

/* A small file's text without one trailing newline (a passphrase or an
 * issued secret); *buf is wiped and freed by the caller. */
static int read_text_secret(const char *path, char **buf, size_t *cap)
{
    size_t len = 0;
    *buf = read_secret_file(path, &len, cap);
    if (!*buf)
        return fail("cannot read \"%s\": %s", path,
                    errno == EFBIG ? "too large" : strerror(errno));
    if (len > 0 && (*buf)[len - 1] == '\n')
        len--;
    if (len > 0 && (*buf)[len - 1] == '\r')
        len--;
    if (len == *cap) { /* room for the NUL */
        char *bigger = malloc(*cap + 1);
        if (!bigger)
            return fail("out of memory");
        memcpy(bigger, *buf, len);
        apicc_wipe(*buf, *cap);
        free(*buf);
        *buf = bigger;
        *cap += 1;
    }
    (*buf)[len] = '\0';
    return CLI_OK;
}

/* The --param and --header values as call arguments; names are
 * malloc'd into names[]. */
static int general_args(const sign_opts *o, apicc_location where,
                        apicc_arg *args, char **names, size_t *n)
{
    *n = 0;
    for (size_t i = 0; i < o->nparams + o->nheaders; i++) {
        int header = i >= o->nparams;
        const char *item = header ? o->headers[i - o->nparams] : o->params[i];
        const char *sep = strchr(item, header ? ':' : '=');
        if (!sep || sep == item)
            return fail("%s \"%s\": expected %s", header ? "--header" : "--param",
                        item, header ? "NAME:VALUE" : "NAME=VALUE");
        names[i] = strndup(item, (size_t)(sep - item));
        if (!names[i])
            return fail("out of memory");
        const char *value = sep + 1;
        while (header && *value == ' ')
            value++;
        args[(*n)++] = (apicc_arg){.name = names[i],
                                   .in = header ? APICC_IN_HEADER : where,
                                   .type = APICC_T_STRING,
                                   .s = value};
    }
    return CLI_OK;
}

static int sign_general(const sign_opts *o, const apicc_sign_rule *r,
                        apicc_location where)
{
    int64_t ms, nonce;
    if (!parse_timestamp(o->timestamp, &ms))
        return fail("--timestamp \"%s\": expected a non-negative integer",
                    o->timestamp);
    if (ms < 0)
        ms = now_in_unit(0);
    if (!parse_timestamp(o->nonce, &nonce))
        return fail("--nonce \"%s\": expected a non-negative integer",
                    o->nonce);
    if (nonce < 0) {
        const char *unit = "ms";
        for (size_t i = 0; i < r->nnodes; i++)
            if (r->nodes[i].op == APICC_OP_NONCE && r->nodes[i].text)
                unit = r->nodes[i].text;
        nonce = strcmp(unit, "us") == 0  ? ms * 1000
                : strcmp(unit, "s") == 0 ? ms / 1000
                : strcmp(unit, "count") == 0 ? 1
                                             : ms;
    }
    if ((r->needs & APICC_NEEDS_API_KEY) && !o->api_key)
        return fail("scheme \"%s\" uses the API key: give --api-key", o->auth);
    if ((r->needs & APICC_NEEDS_PASSPHRASE) && !o->passphrase_file)
        return fail("scheme \"%s\" uses a passphrase: give --passphrase-file",
                    o->auth);
    size_t total = o->nparams + o->nheaders;
    apicc_arg *args = calloc(total + 1, sizeof *args);
    char **names = calloc(total + 1, sizeof *names);
    char *secret = NULL, *pass = NULL;
    size_t secret_cap = 0, pass_cap = 0, n = 0;
    apicc_sign_key *key = NULL;
    int rc = CLI_OK;
    if (!args || !names)
        rc = fail("out of memory");
    if (rc == CLI_OK)
        rc = general_args(o, where, args, names, &n);
    if (rc == CLI_OK && (r->needs & APICC_NEEDS_PRIVATE_KEY))
        rc = load_key(r->algorithm, o->key_file, &key);
    else if (rc == CLI_OK)
        rc = read_text_secret(o->key_file, &secret, &secret_cap);
    if (rc == CLI_OK && o->passphrase_file)
        rc = read_text_secret(o->passphrase_file, &pass, &pass_cap);
    if (rc == CLI_OK) {
        apicc_sign_request req = {.method = o->method ? o->method : "GET",
                                  .host = o->host,
                                  .path = o->path ? o->path : "/",
                                  .args = args,
                                  .nargs = n,
                                  .body = o->body,
                                  .body_len = o->body ? strlen(o->body) : 0};
        apicc_sign_credentials cr = {.api_key = o->api_key,
                                     .secret = secret,
                                     .passphrase = pass,
                                     .key = key};
        apicc_signed_request out;
        apicc_status st = apicc_sign_offline(r, &req, &cr, ms, nonce,
                                             print_value, NULL, &out);
        if (st == APICC_ERR_SIGN)
            rc = fail("the key in \"%s\" does not suit the scheme's "
                      "algorithm", o->key_file);
        else if (st == APICC_ERR_NO_CREDENTIALS)
            rc = fail("scheme \"%s\" needs a credential that was not given",
                      o->auth);
        else if (st != APICC_OK)
            rc = fail("cannot sign: %s (a secret that does not decode as "
                      "the scheme's `secret:` says?)",
                      apicc_strerror(st));
        else {
            printf("request: %s %s%s%s\n", req.method, req.path,
                   out.query[0] ? "?" : "", out.query);
            for (size_t i = 0; i < out.nheaders; i++)
                printf("header: %s\n", out.headers[i]);
            printf("body: %.*s\n", (int)out.body_len, out.body);
            apicc_signed_request_free(&out);
        }
    }
    if (secret) {
        apicc_wipe(secret, secret_cap);
        free(secret);
    }
    if (pass) {
        apicc_wipe(pass, pass_cap);
        free(pass);
    }
    apicc_sign_key_free(key);
    for (size_t i = 0; names && i < total; i++)
        free(names[i]);
    free(names);
    free(args);
    return rc;
}

static int sign_spec(const sign_opts *o)
{
    if (o->algorithm || o->payload || o->encoding)
        return fail("--spec takes the algorithm, encoding and payload from "
                    "the scheme: drop --algorithm, --encoding and --payload");
    if (!o->auth || !o->key_file)
        return fail("--spec needs --auth and --key-file (see --help)");
    if (o->query && (o->nheaders || o->host || o->nonce || o->passphrase_file))
        return fail("--query goes with a scheme's short form; a general "
                    "scheme builds its query from --param");
    diag d;
    diag_init(&d);
    spec *s = spec_load(o->spec, &d);
    int errors = s ? spec_validate(s, &d) : 1;
    if (d.count > 0)
        diag_print(&d, stderr);
    int rc = CLI_BAD_INPUT;
    const spec_auth *a = errors == 0 ? spec_find_auth(s, o->auth) : NULL;
    if (errors == 0 && !a)
        fail("%s: no auth scheme \"%s\"", o->spec, o->auth);
    else if (a && a->kind != SPEC_AUTH_SIGNATURE)
        fail("%s: auth scheme \"%s\" is not a signature scheme", o->spec,
             o->auth);
    else if (a && a->sig.outputs) {
        apicc_sign_rule rule;
        apicc_sign_node *nodes = NULL;
        apicc_sign_output *outs = NULL;
        if (!general_rule_of(&a->sig, &rule, &nodes, &outs))
            rc = fail("out of memory");
        else
            rc = sign_general(o, &rule,
                              s->transport == SPEC_TRANSPORT_WEBSOCKET
                                  ? APICC_IN_PARAM
                                  : APICC_IN_QUERY);
        free(nodes);
        free(outs);
    } else if (a && (o->nheaders || o->host || o->nonce ||
                     o->passphrase_file)) {
        fail("--header, --host, --nonce and --passphrase-file go with a "
             "scheme written with values:");
    } else if (a) {
        apicc_sign_rule rule;
        apicc_payload_part *parts = NULL;
        if (!rule_of(&a->sig, &rule, &parts))
            rc = fail("out of memory");
        else
            rc = sign_rule(o, &rule,
                           s->transport == SPEC_TRANSPORT_WEBSOCKET
                               ? APICC_IN_PARAM
                               : APICC_IN_QUERY);
        free(parts);
    }
    spec_free(s);
    diag_free(&d);
    return rc;
}

int cli_sign_main(int argc, char **argv)
{
    sign_opts o;
    memset(&o, 0, sizeof o);
    o.params = calloc(argc > 0 ? (size_t)argc : 1, sizeof *o.params);
    o.headers = calloc(argc > 0 ? (size_t)argc : 1, sizeof *o.headers);
    if (!o.params || !o.headers) {
        free(o.params);
        free(o.headers);
        return fail("out of memory");
    }
    int rc = parse_args(argc, argv, &o);
    if (rc == -1) {
        fputs(sign_usage, stdout);
        rc = CLI_OK;
    } else if (rc == CLI_OK) {
        if (o.spec)
            rc = sign_spec(&o);
        else if (o.algorithm)
            rc = sign_bytes(&o);
        else
            rc = fail("give --algorithm and --payload, or --spec and --auth "
                      "(see --help)");
    }
    if (rc == CLI_OK && (fflush(stdout) != 0 || ferror(stdout)))
        rc = fail("cannot write the output");
    free(o.params);
    free(o.headers);
    return rc;
}
