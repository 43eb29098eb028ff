/*
 * `apicc import openapi` and `apicc import markdown`: a provider's own
 * API description in, a normalized spec out.
 *
 * The importers give every name a valid, distinct C name the way the
 * validator derives them, so the spec validates.  --check proves it: the
 * spec is loaded and validated again with the very code `apicc validate`
 * runs.  It is not the default because `apicc generate`, the usual next
 * step, does the same, and on a large document the second validation
 * costs as much as a third of the import.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_args.h"
#include "base/diag.h"
#include "base/file_io.h"
#include "import/import_doc.h"
#include "import/import_yaml.h"
#include "import/import_ir.h"
#include "import/import_keep_auth.h"
#include "import/markdown/markdown.h"
#include "import/openapi/openapi.h"
#include "load/spec.h"
#include "output/spec_input.h"

static const char import_usage[] =
    "usage: apicc import openapi FILE [-o OUT.yaml] [--provider NAME] "
    "[--check]\n"
    "                             [--keep-auth SPEC]\n"
    "       apicc import markdown FILE... [--models DIR|FILE...] "
    "[-o OUT.yaml]\n"
    "                             [--provider NAME] [--check] "
    "[--websocket]\n"
    "                             [--json-names auto|snake|camel|asis]\n"
    "\n"
    "Reads what a provider publishes and writes a normalized spec (to\n"
    "standard output, or to OUT.yaml) that apicc validate accepts.\n"
    "\n"
    "openapi   an OpenAPI 3.0 or 3.1, or Swagger 2.0 document, JSON or\n"
    "          YAML.  $refs are followed, into other files of the\n"
    "          document's folder too; schemas become models\n"
    "          (allOf merged, oneOf/anyOf kept as raw JSON), security\n"
    "          schemes auth schemes, operations endpoints.\n"
    "markdown  openapi-generator markdown API docs (the method table and\n"
    "          a section per method), with the model docs (tables of\n"
    "          Name | Type | Description | Notes) given after --models as\n"
    "          files or folders of *.md.\n"
    "\n"
    "A FILE may be - (standard input); with markdown, one of them.\n"
    "\n"
    "  -o, --out FILE     write the spec there (atomically); - is\n"
    "                     standard output, the default\n"
    "  --provider NAME    the provider name (default: from the title)\n"
    "  --check            validate the spec as apicc validate does\n"
    "  --all-models       openapi: keep the named schemas no operation\n"
    "                     uses (default: left out)\n"
    "  --websocket        markdown: the API is a WebSocket API whose paths\n"
    "                     are frame methods (default: guessed)\n"
    "  --json-names RULE  markdown: how model docs' property names map to\n"
    "                     JSON names; auto turns Go-style field names\n"
    "                     (OrganizationId) into snake_case\n"
    "  --keep-auth SPEC   keep the auth schemes written in SPEC (a spec\n"
    "                     written or edited by hand, e.g. the last import\n"
    "                     with a signing rule added): each replaces the\n"
    "                     imported scheme of its name or is added, as\n"
    "                     written, comments too; SPEC's default_auth,\n"
    "                     when it has one, replaces the imported one\n"
    "\n"
    "What cannot be mapped is reported on standard error as\n"
    "\"FILE: warning: WHERE: message\" and left out; the import goes on.\n"
    "For openapi, WHERE is a JSON pointer, and a last line counts what\n"
    "was kept of the operations, request bodies, success responses,\n"
    "parameters and named schemas the document holds.  A guessed\n"
    "provider name is reported too.\n"
    "Comments in the spec mark where the importer guessed.  Exit status:\n"
    "0 when a spec was written, 2 otherwise.\n";

typedef struct import_args {
    const char *kind;
    const char **files;
    size_t nfiles;
    const char **models;
    size_t nmodels;
    const char *out;
    md_options md;
    int check;
    int all_models;
    const char *keep_auth; /* --keep-auth SPEC, or NULL */
    size_t endpoints, models_out, unused; /* for the closing summary */
    imp_tally present, kept;
    int summary;
} import_args;

#define usage_error(...) cli_usage_error("import", __VA_ARGS__)

static int valid_provider(const char *p)
{
    if (!(p[0] >= 'a' && p[0] <= 'z') || strncmp(p, "apicc", 5) == 0)
        return 0;
    return strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(p);
}

static int json_names(const char *s, md_json_names *out)
{
    static const char *const names[] = {"auto", "snake", "camel", "asis"};
    for (size_t i = 0; i < 4; i++) {
        if (strcmp(s, names[i]) == 0) {
            *out = (md_json_names)i;
            return 1;
        }
    }
    return 0;
}

enum {
    OPT_OUT, OPT_PROVIDER, OPT_MODELS, OPT_CHECK, OPT_ALL_MODELS,
    OPT_WEBSOCKET, OPT_JSON_NAMES, OPT_KEEP_AUTH
};

static const cli_opt import_opts[] = {
    {"--out", 'o', 1},        {"--provider", 0, 1},  {"--models", 0, 0},
    {"--check", 0, 0},        {"--all-models", 0, 0}, {"--websocket", 0, 0},
    {"--json-names", 0, 1},   {"--keep-auth", 0, 1},  {NULL, 0, 0},
};

/* Returns -1 when all is well, else the exit status. */
static int parse_args(int argc, char **argv, import_args *a)
{
    int in_models = 0;
    cli_args s;
    cli_args_init(&s, "import", argc, argv, 2);
    for (int k; (k = cli_next(&s, import_opts)) != CLI_ARG_END;) {
        const char *v = s.value;
        if (k == CLI_ARG_HELP) {
            fputs(import_usage, stdout);
            return CLI_OK;
        } else if (k == CLI_ARG_ERROR) {
            return CLI_BAD_INPUT;
        } else if (k == OPT_OUT) {
            /* "-o -" is standard output, the default */
            a->out = strcmp(v, "-") == 0 ? NULL : v;
        } else if (k == OPT_PROVIDER) {
            a->md.provider = v;
            if (!valid_provider(a->md.provider))
                return usage_error("--provider %s: lower-case letters, "
                                   "digits and '_', starting with a letter, "
                                   "not 'apicc...'", a->md.provider);
        } else if (k == OPT_MODELS) {
            in_models = 1;
        } else if (k == OPT_CHECK) {
            a->check = 1;
        } else if (k == OPT_ALL_MODELS) {
            a->all_models = 1;
        } else if (k == OPT_WEBSOCKET) {
            a->md.websocket = 1;
        } else if (k == OPT_KEEP_AUTH) {
            a->keep_auth = v;
        } else if (k == OPT_JSON_NAMES) {
            if (!json_names(v, &a->md.json_names))
                return usage_error("unknown --json-names rule %s", v);
        } else if (in_models) {
            a->models[a->nmodels++] = v;
        } else {
            a->files[a->nfiles++] = v;
        }
    }
    if (a->nfiles == 0)
        return usage_error("no %s document given", a->kind);
    if (strcmp(a->kind, "openapi") != 0 && a->all_models)
        return usage_error("%s", "--all-models is for openapi (markdown "
                                 "keeps every model doc given)");
    if (strcmp(a->kind, "openapi") == 0 &&
        (a->nfiles > 1 || a->nmodels || a->md.websocket))
        return usage_error("%s takes one document and no markdown options",
                           "openapi");
    return -1;
}

/* ---- model folders ------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the *.md files of dir (sorted) or dir itself to *list. */
static int expand(const char *path, char ***list, size_t *n, diag *d)
{
    DIR *dir = opendir(path);
    if (!dir) {
        char **p = realloc(*list, (*n + 1) * sizeof(**list));
        if (!p)
            return -1;
        *list = p;
        p[*n] = strdup(path);
        return p[(*n)++] ? 0 : -1;
    }
    size_t first = *n;
    struct dirent *de;
    int rc = 0;
    while ((de = readdir(dir)) && rc == 0) {
        size_t len = strlen(de->d_name);
        if (len < 4 || strcmp(de->d_name + len - 3, ".md") != 0)
            continue;
        char **p = realloc(*list, (*n + 1) * sizeof(**list));
        size_t size = strlen(path) + len + 2;
        char *full = p ? malloc(size) : NULL;
        if (!full) {
            if (p)
                *list = p;
            rc = -1;
            break;
        }
        snprintf(full, size, "%s/%s", path, de->d_name);
        *list = p;
        p[(*n)++] = full;
    }
    closedir(dir);
    if (*n == first && rc == 0)
        diag_warning(d, path, 0, 0, "no *.md files in this folder");
    qsort(*list + first, *n - first, sizeof(**list), cmp_str);
    return rc;
}

/* ---- output -------------------------------------------------------- */

static int write_file(const char *path, const char *text, diag *d)
{
    if (file_write_atomic(path, text, strlen(text)) == 0)
        return 0;
    diag_error(d, path, 0, 0, "cannot write: %s", strerror(errno));
    return -1;
}

/* Loads and validates the text as `apicc validate` would. */
static int self_check(const char *name, const char *text, diag *d)
{
    size_t before = d->errors;
    spec *s = spec_load_buffer(name, text, strlen(text), d);
    if (s)
        spec_validate(s, d);
    spec_free(s);
    if (d->errors == before)
        return 0;
    diag_error(d, name, 0, 0, "the imported spec does not validate: this "
                              "is a bug in the importer (the spec is "
                              "written all the same)");
    return -1;
}

static size_t kept_models(const imp_spec *sp)
{
    size_t n = 0;
    for (size_t i = 0; i < sp->nmodels; i++)
        n += !sp->models[i].drop;
    return n;
}

static int run(import_args *a, diag *d)
{
    imp_spec sp;
    imp_spec_init(&sp);
    int rc;
    if (strcmp(a->kind, "openapi") == 0) {
        /* "-": the document comes from standard input (its file $refs
         * are then read from the current folder) */
        const char *name = strcmp(a->files[0], "-") == 0 ? FILE_STDIN_NAME
                                                          : a->files[0];
        size_t len = 0;
        char *doc = file_read_input(a->files[0], IMP_DOC_MAX_BYTES, &len, d);
        cJSON *root = doc ? imp_doc_parse(name, doc, len, d) : NULL;
        free(doc);
        if (root && oa_bundle(root, name, d) != 0) {
            cJSON_Delete(root);
            root = NULL;
        }
        rc = root ? oa_import(root, name, a->md.provider, a->all_models, &sp,
                              d)
                  : -1;
        cJSON_Delete(root);
    } else {
        char **models = NULL;
        size_t n = 0;
        rc = 0;
        for (size_t i = 0; i < a->nmodels && rc == 0; i++)
            rc = expand(a->models[i], &models, &n, d);
        if (rc == 0)
            rc = md_import(a->files, a->nfiles, (const char *const *)models,
                           n, &a->md, &sp, d);
        else
            diag_error(d, "apicc import", 0, 0, "out of memory");
        for (size_t i = 0; i < n; i++)
            free(models[i]);
        free(models);
    }
    char *text = NULL;
    if (rc == 0) {
        /* Markdown model docs were given on purpose: all of them stay. */
        int markdown = strcmp(a->kind, "markdown") == 0;
        a->unused = imp_prune(&sp, markdown || a->all_models);
        if (a->unused)
            imp_note(&sp, &sp.header, "%zu named schemas no operation uses "
                                      "are left out (--all-models keeps "
                                      "them).", a->unused);
        imp_names(&sp);
        text = sp.oom ? NULL : imp_emit(&sp);
        if (!text) {
            diag_error(d, a->files[0], 0, 0, "out of memory");
            rc = -1;
        }
    }
    if (rc == 0 && a->keep_auth) {
        char *kept = imp_keep_auth(text, a->keep_auth, d);
        free(text);
        text = kept;
        rc = kept ? 0 : -1;
    }
    if (rc == 0) {
        const char *name = a->out ? a->out : "<output>";
        int bad = a->check && self_check(name, text, d);
        if (a->out)
            rc = write_file(a->out, text, d);
        else
            fputs(text, stdout);
        if (bad)
            rc = -1;
        a->summary = 1;
        a->endpoints = sp.nendpoints;
        a->models_out = kept_models(&sp);
        a->present = sp.present;
        a->kept = sp.kept;
        a->kept.schemas -= a->unused <= a->kept.schemas ? a->unused : 0;
    }
    free(text);
    imp_spec_free(&sp);
    return rc;
}

/* "kept 7 of 9 operations, ...": what the document held and what the
 * spec keeps; the difference is in the warnings above. */
static void print_tally(const imp_tally *k, const imp_tally *p)
{
    fprintf(stderr, "apicc import: kept %zu of %zu operations, %zu of %zu "
                    "request bodies, %zu of %zu success responses, %zu of "
                    "%zu parameters, %zu of %zu named schemas\n",
            k->operations, p->operations, k->bodies, p->bodies,
            k->responses, p->responses, k->params, p->params, k->schemas,
            p->schemas);
}

int cli_import_main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("openapi or markdown?");
    if (cli_is_help(argv[1])) {
        fputs(import_usage, stdout);
        return CLI_OK;
    }
    import_args a;
    memset(&a, 0, sizeof a);
    a.kind = argv[1];
    if (strcmp(a.kind, "openapi") != 0 && strcmp(a.kind, "markdown") != 0)
        return usage_error("unknown kind \"%s\" (openapi or markdown)",
                           a.kind);
    a.files = calloc((size_t)argc, sizeof(*a.files));
    a.models = calloc((size_t)argc, sizeof(*a.models));
    int rc = CLI_BAD_INPUT;
    if (a.files && a.models) {
        rc = parse_args(argc, argv, &a);
        if (rc < 0) {
            diag d;
            diag_init(&d);
            d.limit = SIZE_MAX; /* every warning: each is something lost */
            rc = run(&a, &d) == 0 ? CLI_OK : CLI_BAD_INPUT;
            diag_print(&d, stderr);
            if (a.summary && a.unused)
                fprintf(stderr, "apicc import: %zu endpoints, %zu models "
                                "(%zu unused schemas left out), %zu "
                                "warnings\n", a.endpoints, a.models_out,
                        a.unused, d.count - d.errors);
            else if (a.summary)
                fprintf(stderr, "apicc import: %zu endpoints, %zu models, "
                                "%zu warnings\n", a.endpoints, a.models_out,
                        d.count - d.errors);
            if (a.summary && strcmp(a.kind, "openapi") == 0)
                print_tally(&a.kept, &a.present);
            diag_free(&d);
        }
    }
    free(a.files);
    free(a.models);
    return rc;
}
