/*
 * File output: see emit.h.
 */
#include "output/emit.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "output/folder.h"
#include "output/manifest.h"

/* A manifest is a list of names: a megabyte is far more than any needs. */
#define MANIFEST_CAP (1u << 20)

/* One provider folder as found before anything is written. */
typedef struct provider_dir {
    const char *provider;
    int fd;           /* -1: the folder does not exist yet */
    manifest owned;   /* what the last run wrote */
    int has_manifest; /* else the header line marks apicc's files */
    const char **stale; /* listed, present, no longer produced (the
                          manifest's strings) */
    size_t nstale;
    const char **made; /* the names produced now */
    size_t nmade;
} provider_dir;

static char *join(const char *a, const char *b)
{
    buf p;
    buf_init(&p);
    buf_printf(&p, "%s/%s", a, b);
    return buf_take(&p);
}

/* The file name part of a produced path, when it is `provider`'s. */
static const char *name_in(const char *path, const char *provider)
{
    size_t n = strlen(provider);
    if (strncmp(path, provider, n) != 0 || path[n] != '/')
        return NULL;
    return path + n + 1;
}

static const gen_file *produced(const gen_result *r, const provider_dir *p,
                                const char *name)
{
    for (size_t i = 0; i < r->n; i++) {
        const char *own = name_in(r->files[i].path, p->provider);
        if (own && strcmp(own, name) == 0)
            return &r->files[i];
    }
    return NULL;
}

static void provider_dir_free(provider_dir *p)
{
    if (p->fd >= 0)
        close(p->fd);
    manifest_free(&p->owned);
    free(p->stale);
    free(p->made);
}

static int add_name(const char ***list, size_t *n, const char *name)
{
    const char **grown = realloc(*list, (*n + 1) * sizeof(*grown));
    if (!grown)
        return -1;
    grown[(*n)++] = name;
    *list = grown;
    return 0;
}

/* Reports `name` of the folder as a problem: apicc will not touch it. */
static void refuse(struct diag *d, const char *out_dir, const provider_dir *p,
                   const char *name, const char *why)
{
    char *rel = join(p->provider, name);
    char *shown = rel ? join(out_dir, rel) : NULL;
    diag_error(d, shown ? shown : out_dir, 0, 0, "%s", why);
    free(shown);
    free(rel);
}

static void read_manifest(const char *out_dir, provider_dir *p,
                          struct diag *d)
{
    size_t len = 0;
    char *text = folder_read(p->fd, MANIFEST_NAME, MANIFEST_CAP, &len);
    p->has_manifest = text != NULL || errno != ENOENT;
    if (!text) {
        if (errno == ENOENT)
            return;
        refuse(d, out_dir, p, MANIFEST_NAME,
               errno == ELOOP ? "is a symbolic link; apicc does not follow "
                                "links out of the output folder"
                              : "cannot read apicc's manifest");
        return;
    }
    char *rel = join(p->provider, MANIFEST_NAME);
    char *shown = rel ? join(out_dir, rel) : NULL;
    manifest_parse(text, len, shown ? shown : MANIFEST_NAME, &p->owned, d);
    free(shown);
    free(rel);
    free(text);
}

/* Whether a file starts with apicc's header line (templates put it in
 * the first lines, after at most a short comment). */
static int header_marked(int fd, const char *name)
{
    char head[2048];
    long n = folder_head(fd, name, head, sizeof head);
    return n > 0 && manifest_header_marked(head, (size_t)n);
}

/* Sorts one entry of an existing provider folder: apicc's own (listed in
 * the manifest, or in a folder without one its header line, or already
 * holding exactly what it would write), or a problem that stops the
 * run. */
static void inspect_entry(const gen_result *r, const char *out_dir,
                          provider_dir *p, const char *name, struct diag *d)
{
    /* Dot-files are never generated (templates named so are skipped):
     * they belong to version control or the desktop, and are left be. */
    if (name[0] == '.')
        return;
    folder_kind kind = folder_kind_of(p->fd, name);
    if (kind == FOLDER_MISSING)
        return;
    if (kind == FOLDER_LINK) {
        refuse(d, out_dir, p, name,
               "is a symbolic link; apicc does not follow links out of the "
               "output folder");
        return;
    }
    const gen_file *f = produced(r, p, name);
    /* The manifest's copy of the name outlives the directory entry. */
    const char *listed = manifest_find(&p->owned, name);
    if (!listed && kind == FOLDER_FILE && !p->has_manifest &&
        header_marked(p->fd, name)) {
        if (manifest_add(&p->owned, name) != 0)
            diag_error(d, out_dir, 0, 0, "out of memory");
        listed = manifest_find(&p->owned, name);
    }
    if (kind == FOLDER_FILE && listed) {
        if (!f && add_name(&p->stale, &p->nstale, listed) != 0)
            diag_error(d, out_dir, 0, 0, "out of memory");
        return;
    }
    if (kind == FOLDER_FILE && f && folder_same(p->fd, name, f->data, f->len))
        return;
    refuse(d, out_dir, p, name,
           "not written by apicc (not listed in " MANIFEST_NAME
           "): apicc neither overwrites nor removes it; move it out of "
           "the folder or choose another --out");
}

/* Opens and inspects one provider's folder, when it exists. */
static void inspect(const gen_result *r, const char *out_dir, int outfd,
                    provider_dir *p, struct diag *d)
{
    for (size_t i = 0; i < r->n; i++) {
        const char *name = name_in(r->files[i].path, p->provider);
        if (!name)
            continue;
        if (!manifest_name_ok(name) || strcmp(name, MANIFEST_NAME) == 0)
            refuse(d, out_dir, p, name, "not a name apicc can generate");
        else if (add_name(&p->made, &p->nmade, name) != 0)
            diag_error(d, out_dir, 0, 0, "out of memory");
    }
    if (!manifest_name_ok(p->provider)) {
        diag_error(d, out_dir, 0, 0, "provider folder \"%s\" is not a name",
                   p->provider);
        return;
    }
    p->fd = outfd < 0 ? -1 : folder_open(outfd, p->provider, 0);
    if (p->fd < 0) {
        if (outfd >= 0 && errno != ENOENT) {
            char *shown = join(out_dir, p->provider);
            diag_error(d, shown ? shown : out_dir, 0, 0, "%s",
                       folder_kind_of(outfd, p->provider) == FOLDER_LINK
                           ? "is a symbolic link; apicc writes only into "
                             "real folders inside the output folder"
                           : "cannot open as a folder");
            free(shown);
        }
        return;
    }
    read_manifest(out_dir, p, d);
    int listing = dup(p->fd);
    DIR *dh = listing >= 0 ? fdopendir(listing) : NULL;
    if (!dh) {
        if (listing >= 0)
            close(listing);
        refuse(d, out_dir, p, ".", "cannot list the folder");
        return;
    }
    struct dirent *e;
    while ((e = readdir(dh)) != NULL)
        inspect_entry(r, out_dir, p, e->d_name, d);
    closedir(dh);
}

/* Inspects every provider folder; returns them, or NULL when out of
 * memory.  Problems go to `d`. */
static provider_dir *inspect_all(const gen_result *r, const char *out_dir,
                                 int outfd, struct diag *d)
{
    provider_dir *dirs = calloc(r->nproviders ? r->nproviders : 1,
                                sizeof(*dirs));
    if (!dirs) {
        diag_error(d, out_dir, 0, 0, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < r->nproviders; i++) {
        dirs[i].provider = r->providers[i];
        dirs[i].fd = -1;
        inspect(r, out_dir, outfd, &dirs[i], d);
    }
    return dirs;
}

static void free_all(provider_dir *dirs, size_t n)
{
    for (size_t i = 0; dirs && i < n; i++)
        provider_dir_free(&dirs[i]);
    free(dirs);
}

/* The output folder, or -1 when it does not exist (nothing to inspect). */
static int open_out(const char *out_dir, struct diag *d)
{
    int fd = folder_open_path(out_dir, 0);
    if (fd < 0 && errno != ENOENT)
        diag_error(d, out_dir, 0, 0, "cannot open the output folder: %s",
                   strerror(errno));
    return fd;
}

static void write_manifest(const char *out_dir, provider_dir *p,
                           int with_stale, struct diag *d)
{
    size_t n = p->nmade + (with_stale ? p->nstale : 0);
    const char **names = malloc((n ? n : 1) * sizeof(*names));
    size_t len = 0;
    char *text = NULL;
    if (names) {
        memcpy(names, p->made, p->nmade * sizeof(*names));
        if (with_stale && p->nstale)
            memcpy(names + p->nmade, p->stale, p->nstale * sizeof(*names));
        text = manifest_render(names, n, &len);
    }
    if (!text)
        diag_error(d, out_dir, 0, 0, "out of memory");
    else if (!folder_same(p->fd, MANIFEST_NAME, text, len) &&
             folder_write(p->fd, MANIFEST_NAME, text, len) != 0)
        refuse(d, out_dir, p, MANIFEST_NAME, "cannot write apicc's manifest");
    free(text);
    free(names);
}

/* Writes one provider's folder.  The manifest first lists the files about
 * to be written and those about to be removed, and only at the end just
 * the produced ones: a run cut short leaves every file apicc wrote
 * listed, so the next run can still tell it is apicc's. */
static void write_provider(const gen_result *r, const char *out_dir,
                           int outfd, provider_dir *p, struct diag *d)
{
    if (p->fd < 0)
        p->fd = folder_open(outfd, p->provider, 1);
    if (p->fd < 0) {
        char *shown = join(out_dir, p->provider);
        diag_error(d, shown ? shown : out_dir, 0, 0,
                   "cannot create the folder: %s", strerror(errno));
        free(shown);
        return;
    }
    write_manifest(out_dir, p, 1, d);
    for (size_t i = 0; i < p->nmade; i++) {
        const gen_file *f = produced(r, p, p->made[i]);
        if (!folder_same(p->fd, p->made[i], f->data, f->len) &&
            folder_write(p->fd, p->made[i], f->data, f->len) != 0) {
            char *why = NULL;
            buf b;
            buf_init(&b);
            buf_printf(&b, "cannot write file: %s", strerror(errno));
            why = buf_take(&b);
            refuse(d, out_dir, p, p->made[i], why ? why : "cannot write file");
            free(why);
        }
    }
    for (size_t i = 0; i < p->nstale; i++)
        if (folder_remove(p->fd, p->stale[i]) != 0 && errno != ENOENT)
            refuse(d, out_dir, p, p->stale[i], "cannot remove stale file");
    write_manifest(out_dir, p, 0, d);
}

int emit_write(const gen_result *r, const char *out_dir, struct diag *d)
{
    size_t errors = d->errors;
    int outfd = open_out(out_dir, d);
    provider_dir *dirs = inspect_all(r, out_dir, outfd, d);
    if (d->errors == errors) {
        if (outfd < 0)
            outfd = folder_open_path(out_dir, 1);
        if (outfd < 0)
            diag_error(d, out_dir, 0, 0, "cannot create folder: %s",
                       strerror(errno));
        for (size_t i = 0; outfd >= 0 && i < r->nproviders; i++)
            write_provider(r, out_dir, outfd, &dirs[i], d);
    }
    free_all(dirs, r->nproviders);
    if (outfd >= 0)
        close(outfd);
    return d->errors == errors ? 0 : -1;
}

/* The difference for one expected file: 0 when up to date. */
static size_t compare(const provider_dir *p, const char *name,
                      const char *data, size_t len, FILE *report)
{
    const char *what = NULL;
    if (p->fd < 0 || folder_kind_of(p->fd, name) == FOLDER_MISSING)
        what = "missing";
    else if (!folder_same(p->fd, name, data, len))
        what = "stale";
    if (what)
        fprintf(report, "%s: %s/%s\n", what, p->provider, name);
    return what != NULL;
}

int emit_check(const gen_result *r, const char *out_dir, FILE *report,
               size_t *diffs, struct diag *d)
{
    size_t errors = d->errors;
    *diffs = 0;
    int outfd = open_out(out_dir, d);
    provider_dir *dirs = inspect_all(r, out_dir, outfd, d);
    for (size_t i = 0; d->errors == errors && i < r->nproviders; i++) {
        provider_dir *p = &dirs[i];
        for (size_t k = 0; k < p->nmade; k++) {
            const gen_file *f = produced(r, p, p->made[k]);
            *diffs += compare(p, p->made[k], f->data, f->len, report);
        }
        for (size_t k = 0; k < p->nstale; k++)
            fprintf(report, "extra: %s/%s\n", p->provider, p->stale[k]);
        *diffs += p->nstale;
        size_t len = 0;
        char *text = manifest_render(p->made, p->nmade, &len);
        if (!text)
            diag_error(d, out_dir, 0, 0, "out of memory");
        else
            *diffs += compare(p, MANIFEST_NAME, text, len, report);
        free(text);
    }
    free_all(dirs, r->nproviders);
    if (outfd >= 0)
        close(outfd);
    return d->errors == errors ? 0 : -1;
}
