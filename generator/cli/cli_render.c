/*
 * `apicc render`: one template rendered with given data, for template
 * authors.  Exactly the rendered text goes to stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "cli/cli_args.h"
#include "base/diag.h"
#include "mustache/mustache.h"
#include "output/templates.h"

static const char render_usage[] =
    "usage: apicc render TEMPLATE --data FILE.json [--partials DIR]\n"
    "                    [--escape html|none|c]\n"
    "\n"
    "Prints TEMPLATE rendered with the JSON data, and nothing else.  A\n"
    "partial named N is read from DIR/N.mustache (default: the template's\n"
    "folder).  The default escape is html, as mustache requires.  Exit\n"
    "status: 0 ok, 2 bad input or usage.\n";

/* Partials read from a folder on first use and kept for the render. */
typedef struct partial_cache {
    const char *dir;
    char **names;
    char **texts;
    size_t *lens;
    size_t n;
} partial_cache;

static const char *load_partial(void *ctx, const char *name, size_t *len)
{
    partial_cache *pc = ctx;
    for (size_t i = 0; i < pc->n; i++)
        if (strcmp(pc->names[i], name) == 0) {
            *len = pc->lens[i];
            return pc->texts[i];
        }
    /* A partial name is a file name, never a path. */
    if (strchr(name, '/') || strcmp(name, "..") == 0 || name[0] == '\0')
        return NULL;
    buf path;
    buf_init(&path);
    buf_printf(&path, "%s/%s.mustache", pc->dir, name);
    char *p = buf_take(&path);
    size_t n = 0;
    char *text = p ? tmpl_read_file(p, &n) : NULL;
    free(p);
    if (!text)
        return NULL;
    char **names = realloc(pc->names, (pc->n + 1) * sizeof(char *));
    if (names)
        pc->names = names;
    char **texts = realloc(pc->texts, (pc->n + 1) * sizeof(char *));
    if (texts)
        pc->texts = texts;
    size_t *lens = realloc(pc->lens, (pc->n + 1) * sizeof(size_t));
    if (lens)
        pc->lens = lens;
    char *copy = strdup(name);
    if (!names || !texts || !lens || !copy) {
        free(copy);
        free(text);
        return NULL;
    }
    pc->names[pc->n] = copy;
    pc->texts[pc->n] = text;
    pc->lens[pc->n] = n;
    pc->n++;
    *len = n;
    return text;
}

static void cache_free(partial_cache *pc)
{
    for (size_t i = 0; i < pc->n; i++) {
        free(pc->names[i]);
        free(pc->texts[i]);
    }
    free(pc->names);
    free(pc->texts);
    free(pc->lens);
}

static int parse_escape(const char *s, tmpl_escape *out)
{
    if (strcmp(s, "html") == 0)
        *out = TMPL_ESCAPE_HTML;
    else if (strcmp(s, "none") == 0)
        *out = TMPL_ESCAPE_NONE;
    else if (strcmp(s, "c") == 0)
        *out = TMPL_ESCAPE_C;
    else
        return -1;
    return 0;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    size_t n = (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

static int usage_error(const char *msg)
{
    return cli_usage_error("render", "%s", msg);
}

enum { OPT_DATA, OPT_PARTIALS, OPT_ESCAPE };

static const cli_opt render_opts[] = {
    {"--data", 0, 1}, {"--partials", 0, 1}, {"--escape", 0, 1}, {NULL, 0, 0},
};

/* Reads and parses the data file; reports problems on stderr. */
static cJSON *read_data(const char *path)
{
    size_t len = 0;
    char *text = tmpl_read_file(path, &len);
    if (!text) {
        fprintf(stderr, "%s: error: cannot read data file\n", path);
        return NULL;
    }
    const char *end = NULL;
    cJSON *data = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!data) {
        size_t at = end ? (size_t)(end - text) : 0;
        int line = 1, col = 1;
        for (size_t i = 0; i < at && i < len; i++) {
            if (text[i] == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        fprintf(stderr, "%s:%d:%d: error: invalid JSON\n", path, line, col);
    }
    free(text);
    return data;
}

int cli_render_main(int argc, char **argv)
{
    const char *tmpl_path = NULL, *data_path = NULL, *partials = NULL;
    tmpl_escape escape = TMPL_ESCAPE_HTML;
    cli_args a;
    cli_args_init(&a, "render", argc, argv, 1);
    for (int k; (k = cli_next(&a, render_opts)) != CLI_ARG_END;) {
        if (k == CLI_ARG_HELP) {
            fputs(render_usage, stdout);
            return CLI_OK;
        } else if (k == CLI_ARG_ERROR) {
            return CLI_BAD_INPUT;
        } else if (k == OPT_DATA) {
            data_path = a.value;
        } else if (k == OPT_PARTIALS) {
            partials = a.value;
        } else if (k == OPT_ESCAPE) {
            if (parse_escape(a.value, &escape) != 0)
                return usage_error("--escape must be html, none or c");
        } else if (!tmpl_path) {
            tmpl_path = a.value;
        } else {
            return usage_error("only one template can be rendered");
        }
    }
    if (!tmpl_path || !data_path)
        return usage_error("a template and --data are required");
    size_t len = 0;
    char *text = tmpl_read_file(tmpl_path, &len);
    if (!text) {
        fprintf(stderr, "%s: error: cannot read template\n", tmpl_path);
        return CLI_BAD_INPUT;
    }
    cJSON *data = read_data(data_path);
    if (!data) {
        free(text);
        return CLI_BAD_INPUT;
    }
    char *dir = partials ? strdup(partials) : dir_of(tmpl_path);
    partial_cache pc = {.dir = dir ? dir : "."};
    tmpl_options opt = {.escape = escape,
                        .partial = load_partial,
                        .partial_ctx = &pc,
                        .strict_partials = 1,
                        .name = tmpl_path};
    diag d;
    diag_init(&d);
    size_t out_len = 0;
    char *out = tmpl_render(text, len, data, &opt, &d, &out_len);
    int rc = CLI_OK;
    if (out) {
        fwrite(out, 1, out_len, stdout);
        if (fflush(stdout) != 0)
            rc = CLI_BAD_INPUT;
    } else {
        diag_print(&d, stderr);
        rc = CLI_BAD_INPUT;
    }
    free(out);
    diag_free(&d);
    cache_free(&pc);
    free(dir);
    cJSON_Delete(data);
    free(text);
    return rc;
}
