/*
 * File output: see emit.h.
 */
#include "output/emit.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "output/templates.h"

static char *join(const char *a, const char *b)
{
    buf p;
    buf_init(&p);
    buf_printf(&p, "%s/%s", a, b);
    return buf_take(&p);
}

/* Creates every missing folder on the way to `path`'s parent. */
static int make_parents(const char *path)
{
    char *copy = strdup(path);
    if (!copy)
        return -1;
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
            free(copy);
            return -1;
        }
        *p = '/';
    }
    free(copy);
    return 0;
}

/* Whether the file at `path` holds exactly these bytes. */
static int same_content(const char *path, const char *data, size_t len)
{
    size_t have = 0;
    char *old = tmpl_read_file(path, &have);
    int same = old && have == len && memcmp(old, data, len) == 0;
    free(old);
    return same;
}

static int write_atomic(const char *path, const char *data, size_t len,
                        struct diag *d)
{
    if (make_parents(path) != 0) {
        diag_error(d, path, 0, 0, "cannot create folder: %s",
                   strerror(errno));
        return -1;
    }
    char *tmp = NULL;
    buf t;
    buf_init(&t);
    buf_printf(&t, "%s.tmp-XXXXXX", path);
    tmp = buf_take(&t);
    int fd = tmp ? mkstemp(tmp) : -1;
    if (fd < 0) {
        diag_error(d, path, 0, 0, "cannot create file: %s", strerror(errno));
        free(tmp);
        return -1;
    }
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    /* Generated files are read by everyone who builds the tree. */
    int ok = done == len && fchmod(fd, 0644) == 0;
    if (close(fd) != 0)
        ok = 0;
    if (!ok || rename(tmp, path) != 0) {
        diag_error(d, path, 0, 0, "cannot write file: %s", strerror(errno));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
}

static int produced(const gen_result *r, const char *rel)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->files[i].path, rel) == 0)
            return 1;
    return 0;
}

/* Calls fn for every regular file of a provider folder that the result
 * does not produce; returns how many there were. */
static size_t each_extra(const gen_result *r, const char *out_dir,
                         const char *provider,
                         void (*fn)(const char *abs, const char *rel,
                                    void *ctx),
                         void *ctx)
{
    char *dir = join(out_dir, provider);
    DIR *dh = dir ? opendir(dir) : NULL;
    size_t count = 0;
    struct dirent *e;
    while (dh && (e = readdir(dh)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *rel = join(provider, e->d_name);
        char *abs = rel ? join(out_dir, rel) : NULL;
        struct stat st;
        if (abs && stat(abs, &st) == 0 && S_ISREG(st.st_mode) &&
            !produced(r, rel)) {
            fn(abs, rel, ctx);
            count++;
        }
        free(rel);
        free(abs);
    }
    if (dh)
        closedir(dh);
    free(dir);
    return count;
}

static void remove_extra(const char *abs, const char *rel, void *ctx)
{
    struct diag *d = ctx;
    if (unlink(abs) != 0)
        diag_error(d, abs, 0, 0, "cannot remove stale file %s: %s", rel,
                   strerror(errno));
}

int emit_write(const gen_result *r, const char *out_dir, struct diag *d)
{
    size_t errors = d->errors;
    for (size_t i = 0; i < r->n; i++) {
        char *path = join(out_dir, r->files[i].path);
        if (!path) {
            diag_error(d, out_dir, 0, 0, "out of memory");
            continue;
        }
        if (!same_content(path, r->files[i].data, r->files[i].len))
            write_atomic(path, r->files[i].data, r->files[i].len, d);
        free(path);
    }
    for (size_t i = 0; i < r->nproviders; i++)
        each_extra(r, out_dir, r->providers[i], remove_extra, d);
    return d->errors == errors ? 0 : -1;
}

static void report_extra(const char *abs, const char *rel, void *ctx)
{
    (void)abs;
    fprintf(ctx, "extra: %s\n", rel);
}

size_t emit_check(const gen_result *r, const char *out_dir, FILE *report)
{
    size_t diffs = 0;
    for (size_t i = 0; i < r->n; i++) {
        char *path = join(out_dir, r->files[i].path);
        struct stat st;
        if (!path || stat(path, &st) != 0) {
            fprintf(report, "missing: %s\n", r->files[i].path);
            diffs++;
        } else if (!same_content(path, r->files[i].data, r->files[i].len)) {
            fprintf(report, "stale: %s\n", r->files[i].path);
            diffs++;
        }
        free(path);
    }
    for (size_t i = 0; i < r->nproviders; i++)
        diffs += each_extra(r, out_dir, r->providers[i], report_extra, report);
    return diffs;
}
