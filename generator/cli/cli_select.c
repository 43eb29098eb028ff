/*
 * The selection options: see cli_select.h.
 */
#include "cli/cli_select.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/file_io.h"
#include "cli/cli.h"

/* A rename file is a short list; this bounds a wrong file's cost. */
#define RENAME_FILE_MAX (1024u * 1024u)

int cli_select_init(cli_select *cs, int argc)
{
    memset(cs, 0, sizeof *cs);
    size_t n = argc > 0 ? (size_t)argc : 1;
    cs->sel.only = calloc(n, sizeof *cs->sel.only);
    cs->sel.renames = calloc(n, sizeof *cs->sel.renames);
    return cs->sel.only && cs->sel.renames ? 0 : -1;
}

void cli_select_free(cli_select *cs)
{
    free(cs->sel.only);
    free(cs->sel.renames);
    for (size_t i = 0; i < cs->ntexts; i++)
        free(cs->texts[i]);
    free(cs->texts);
    memset(cs, 0, sizeof *cs);
}

static int add_rename(cli_select *cs, const char *rule)
{
    const char **r = realloc(cs->sel.renames,
                             (cs->sel.nrenames + 1) * sizeof *r);
    if (!r)
        return -1;
    cs->sel.renames = r;
    r[cs->sel.nrenames++] = rule;
    return 0;
}

/* Each line "OLD=NEW", blank lines and "# ..." left out; the text is cut
 * into lines in place and kept. */
static int read_rename_file(cli_select *cs, const char *verb,
                            const char *path)
{
    char *text = file_read(path, RENAME_FILE_MAX, NULL);
    if (!text)
        return cli_usage_error(verb, "--rename-file %s: %s", path,
                               strerror(errno));
    char **t = realloc(cs->texts, (cs->ntexts + 1) * sizeof *t);
    if (!t) {
        free(text);
        return CLI_BAD_INPUT;
    }
    cs->texts = t;
    t[cs->ntexts++] = text;
    for (char *line = text; line && *line;) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        /* trim blanks at both ends */
        line += strspn(line, " \t\r");
        size_t n = strlen(line);
        while (n && strchr(" \t\r", line[n - 1]))
            line[--n] = '\0';
        if (n && add_rename(cs, line) != 0)
            return CLI_BAD_INPUT;
        line = next;
    }
    return 0;
}

int cli_select_take(cli_select *cs, int row, const char *verb,
                    const char *value)
{
    switch (row) {
    case 0:
        cs->sel.only[cs->sel.nonly++] = value;
        return 0;
    case 1:
        return add_rename(cs, value) == 0 ? 0 : CLI_BAD_INPUT;
    default:
        return read_rename_file(cs, verb, value);
    }
}
