/*
 * Template sets: see templates.h.
 */
#include "output/templates.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/file_io.h"

#ifndef APICC_DATADIR
#define APICC_DATADIR "/usr/local/share/apicc"
#endif

/* Templates are small; anything past this is not a template. */
#define TEMPLATE_MAX_BYTES (16u << 20)

char *tmpl_read_file(const char *path, size_t *len)
{
    /* No cap here: emit.c reads generated files with this too; the
     * template loader checks TEMPLATE_MAX_BYTES itself. */
    return file_read(path, SIZE_MAX / 2, len);
}

static int cmp_files(const void *a, const void *b)
{
    return strcmp(((const tmpl_file *)a)->name, ((const tmpl_file *)b)->name);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int add_file(tmpl_set *set, size_t *cap, const char *dir,
                    const char *entry, struct diag *d)
{
    if (set->n == *cap) {
        size_t c = *cap ? *cap * 2 : 8;
        tmpl_file *files = realloc(set->files, c * sizeof(*files));
        if (!files)
            return -1;
        set->files = files;
        *cap = c;
    }
    tmpl_file *t = &set->files[set->n];
    memset(t, 0, sizeof(*t));
    size_t plen = strlen(dir) + strlen(entry) + 2;
    t->path = malloc(plen);
    t->name = malloc(strlen(entry) + 1);
    if (!t->path || !t->name) {
        free(t->path);
        free(t->name);
        return -1;
    }
    snprintf(t->path, plen, "%s/%s", dir, entry);
    memcpy(t->name, entry, strlen(entry) - strlen(".mustache"));
    t->name[strlen(entry) - strlen(".mustache")] = '\0';
    t->is_partial = entry[0] == '_';
    t->text = tmpl_read_file(t->path, &t->len);
    if (!t->text || t->len > TEMPLATE_MAX_BYTES) {
        diag_error(d, t->path, 0, 0, "cannot read template: %s",
                   t->text ? "file too large" : strerror(errno));
        free(t->path);
        free(t->name);
        free(t->text);
        return -1;
    }
    set->n++;
    return 0;
}

int tmpl_set_load(tmpl_set *set, const char *dir, struct diag *d)
{
    memset(set, 0, sizeof(*set));
    DIR *dh = opendir(dir);
    if (!dh) {
        diag_error(d, dir, 0, 0, "cannot open templates directory: %s",
                   strerror(errno));
        return -1;
    }
    size_t cap = 0;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(dh)) != NULL) {
        if (e->d_name[0] == '.' || !ends_with(e->d_name, ".mustache"))
            continue;
        if (add_file(set, &cap, dir, e->d_name, d) != 0)
            rc = -1;
    }
    closedir(dh);
    qsort(set->files, set->n, sizeof(*set->files), cmp_files);
    size_t top = 0;
    for (size_t i = 0; i < set->n; i++)
        top += !set->files[i].is_partial;
    if (rc == 0 && top == 0) {
        diag_error(d, dir, 0, 0, "no templates (*.mustache) in directory");
        rc = -1;
    }
    if (rc != 0)
        tmpl_set_free(set);
    return rc;
}

void tmpl_set_free(tmpl_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        free(set->files[i].name);
        free(set->files[i].path);
        free(set->files[i].text);
    }
    free(set->files);
    memset(set, 0, sizeof(*set));
}

static int cmp_key(const void *key, const void *elem)
{
    return strcmp(key, ((const tmpl_file *)elem)->name);
}

const char *tmpl_set_partial(void *ctx, const char *name, size_t *len)
{
    const tmpl_set *set = ctx;
    const tmpl_file *t =
        bsearch(name, set->files, set->n, sizeof(*set->files), cmp_key);
    if (!t)
        return NULL;
    *len = t->len;
    return t->text;
}

tmpl_escape tmpl_escape_for(const char *output_name)
{
    if (ends_with(output_name, ".c") || ends_with(output_name, ".h"))
        return TMPL_ESCAPE_C;
    return TMPL_ESCAPE_NONE;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *tmpl_default_dir(char *found, size_t cap)
{
    const char *env = getenv("APICC_TEMPLATES");
    if (env && *env)
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            /* <prefix>/bin/apicc -> <prefix>/share/apicc/templates/c;
             * <tree>/build/apicc -> <tree>/templates/c */
            const char *rel[] = {"/../share/apicc/templates/c",
                                 "/../templates/c"};
            for (size_t i = 0; i < 2; i++) {
                snprintf(found, cap, "%s%s", exe, rel[i]);
                if (is_dir(found))
                    return found;
            }
        }
    }
    return APICC_DATADIR "/templates/c";
}
