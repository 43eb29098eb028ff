/*
 * References into other files ("$ref: models/droplet.yml#/droplet"), as
 * in descriptions split across many files.  Before the import proper,
 * every file reached is read once and put into the document under
 * "x-apicc-files", keyed by its path relative to the document's folder,
 * and every reference to it (or into it) is rewritten as a local one:
 *
 *   models/droplet.yml#/droplet  ->  #/x-apicc-files/models~1droplet.yml/droplet
 *
 * and a local "#/a" inside that file points into its own copy.  The rest
 * of the importer then knows one document only, and a cycle of files
 * (a model that refers to itself through another file) is a cycle of
 * local references, which openapi_refs.c already reports.  Warnings about
 * what comes from another file carry these pointers, which name it.
 *
 * Only relative paths inside the document's folder are read: no URL (no
 * network), no absolute path, no ".." above that folder and no symbolic
 * link out of it.  A description is untrusted input, and a reference
 * that reached out could copy any file of the machine (a key, a
 * password file) into the spec it writes.  A reference refused or a file
 * that cannot be read is reported and left as it is.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "import/import_doc.h"
#include "import/openapi/openapi.h"

/* Files read at most: DigitalOcean's description is ~1,500. */
#define MAX_FILES 20000

typedef struct bundle {
    diag *d;
    const char *folder;  /* the document's folder, "" for the current one */
    char *real_folder;   /* its realpath */
    cJSON *files;        /* key -> document */
    const char *main_key;
    char **queue;        /* keys still to walk */
    size_t nqueue, cap, nfiles;
    int oom;
} bundle;

/* "a/b/../c/./d.yml" relative to the folder of `from` -> "a/c/d.yml";
 * NULL when it climbs above the document's folder. */
static char *normalize(bundle *b, const char *from, const char *path,
                       size_t len)
{
    buf out;
    buf_init(&out);
    const char *slash = strrchr(from, '/');
    if (slash)
        buf_append(&out, from, (size_t)(slash - from));
    for (size_t i = 0; i < len;) {
        size_t n = 0;
        while (i + n < len && path[i + n] != '/')
            n++;
        if ((n == 1 && path[i] == '.') || n == 0) {
            /* "." or "//": nothing */
        } else if (n == 2 && path[i] == '.' && path[i + 1] == '.') {
            if (out.len == 0) {
                buf_free(&out);
                return NULL;
            }
            char *up = out.data ? strrchr(out.data, '/') : NULL;
            out.len = up ? (size_t)(up - out.data) : 0;
            if (out.data)
                out.data[out.len] = '\0';
        } else {
            if (out.len)
                buf_putc(&out, '/');
            buf_append(&out, path + i, n);
        }
        i += n + (i + n < len);
    }
    char *s = buf_take(&out);
    if (!s)
        b->oom = 1;
    return s;
}

static void pointer_escape(buf *o, const char *s)
{
    while (*s) {
        size_t plain = strcspn(s, "~/%"); /* copied as one run */
        buf_append(o, s, plain);
        s += plain;
        if (*s == '~')
            buf_puts(o, "~0");
        else if (*s == '/')
            buf_puts(o, "~1");
        else if (*s == '%') /* the fragment is percent-decoded later */
            buf_puts(o, "%25");
        else
            break;
        s++;
    }
}

static char *full_path(const bundle *b, const char *key)
{
    size_t n = strlen(b->folder) + strlen(key) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s%s%s", b->folder, b->folder[0] ? "/" : "", key);
    return p;
}

/* Whether key, once links are followed, is still inside the folder. */
static int stays_inside(const bundle *b, const char *path)
{
    char *real = realpath(path, NULL);
    size_t n = strlen(b->real_folder);
    int ok = real && strncmp(real, b->real_folder, n) == 0 &&
             (real[n] == '/' || strcmp(b->real_folder, "/") == 0);
    free(real);
    return ok;
}

/* Reads file key into b->files (once).  0 when it is there. */
static int load(bundle *b, const char *key, const char *where,
                const char *at)
{
    if (cJSON_GetObjectItemCaseSensitive(b->files, key))
        return 0;
    char *path = full_path(b, key);
    if (!path) {
        b->oom = 1;
        return -1;
    }
    int rc = -1;
    if (b->nfiles == MAX_FILES) {
        diag_warning(b->d, where, 0, 0, "%s: $ref to '%s' not followed: "
                     "more than %d files", at, key, MAX_FILES);
    } else if (!stays_inside(b, path)) {
        diag_warning(b->d, where, 0, 0, "%s: $ref to '%s' not followed: "
                     "the file is missing or a link out of the document's "
                     "folder", at, key);
    } else {
        diag scratch;
        diag_init(&scratch);
        cJSON *doc = imp_doc_load(path, &scratch);
        char **q = b->nqueue == b->cap
                       ? realloc(b->queue, (b->cap ? b->cap * 2 : 64) *
                                               sizeof(*q))
                       : b->queue;
        if (q && q != b->queue) {
            b->queue = q;
            b->cap = b->cap ? b->cap * 2 : 64;
        }
        char *k = strdup(key);
        if (!doc) {
            char *msg = scratch.count ? diag_format(&scratch, 0) : NULL;
            diag_warning(b->d, where, 0, 0, "%s: $ref to '%s' not followed: "
                         "%s", at, key, msg ? msg : "cannot be read");
            free(msg);
            free(k);
        } else if (!q || !k) {
            b->oom = 1;
            cJSON_Delete(doc);
            free(k);
        } else {
            cJSON_AddItemToObject(b->files, key, doc);
            b->queue[b->nqueue++] = k;
            b->nfiles++;
            rc = 0;
        }
        diag_free(&scratch);
    }
    free(path);
    return rc;
}

/* The local form of ref, read in file `from` (key), or NULL to leave it:
 * refused, unreadable (both reported) or not a file reference. */
static char *rewrite(bundle *b, const char *from, const char *ref,
                     const char *at)
{
    const char *hash = strchr(ref, '#');
    size_t plen = hash ? (size_t)(hash - ref) : strlen(ref);
    const char *frag = hash ? hash + 1 : "";
    char *where = full_path(b, from);
    char *key = NULL, *out = NULL;
    if (!where) {
        b->oom = 1;
        return NULL;
    }
    buf o;
    buf_init(&o);
    if (plen == 0 && strcmp(from, b->main_key) == 0) {
        goto done; /* local in the document itself: as it is */
    } else if (plen == 0) {
        key = strdup(from);
    } else if (strstr(ref, "://") || ref[0] == '/') {
        diag_warning(b->d, where, 0, 0, "%s: $ref '%s' not followed: only "
                     "relative paths to files in the document's folder are "
                     "read (no URLs, no absolute paths)", at, ref);
        goto done;
    } else if (!(key = normalize(b, from, ref, plen))) {
        if (!b->oom)
            diag_warning(b->d, where, 0, 0, "%s: $ref '%s' not followed: "
                         "it leads out of the document's folder", at, ref);
        goto done;
    }
    if (!key) {
        b->oom = 1;
        goto done;
    }
    if (strcmp(key, b->main_key) == 0) {
        buf_printf(&o, "#%s", frag); /* back into the document itself */
    } else if (load(b, key, where, at) == 0) {
        buf_puts(&o, "#/x-apicc-files/");
        pointer_escape(&o, key);
        buf_puts(&o, frag);
    } else {
        goto done;
    }
    out = buf_take(&o);
    if (!out)
        b->oom = 1;
done:
    buf_free(&o);
    free(key);
    free(where);
    return out;
}

static void walk(bundle *b, cJSON *n, const char *from, buf *ptr)
{
    size_t len = ptr->len;
    cJSON *ref = cJSON_IsObject(n) ? cJSON_GetObjectItemCaseSensitive(n, "$ref")
                                   : NULL;
    if (cJSON_IsString(ref)) {
        char *local = rewrite(b, from, ref->valuestring,
                              ptr->len ? ptr->data : "/");
        if (local && !cJSON_ReplaceItemInObjectCaseSensitive(
                         n, "$ref", cJSON_CreateString(local)))
            b->oom = 1;
        free(local);
    }
    size_t i = 0;
    for (cJSON *m = n->child; m && !b->oom; m = m->next, i++) {
        buf_putc(ptr, '/');
        if (m->string) {
            pointer_escape(ptr, m->string);
        } else {
            buf_printf(ptr, "%zu", i);
        }
        walk(b, m, from, ptr);
        ptr->len = len;
        if (ptr->data)
            ptr->data[len] = '\0';
    }
}

int oa_bundle(cJSON *root, const char *file, diag *d)
{
    bundle b;
    memset(&b, 0, sizeof b);
    b.d = d;
    char *folder = strdup(file);
    char *slash = folder ? strrchr(folder, '/') : NULL;
    b.main_key = slash ? file + (slash - folder) + 1 : file;
    if (slash)
        *slash = '\0';
    b.folder = slash ? folder : "";
    b.real_folder = folder ? realpath(b.folder[0] ? b.folder : ".", NULL)
                           : NULL;
    b.files = cJSON_CreateObject();
    buf ptr;
    buf_init(&ptr);
    if (!folder || !b.real_folder || !b.files) {
        b.oom = 1;
    } else {
        walk(&b, root, b.main_key, &ptr);
        /* Each file's own references, until no new file turns up. */
        for (size_t i = 0; i < b.nqueue && !b.oom; i++) {
            ptr.len = 0;
            if (ptr.data)
                ptr.data[0] = '\0';
            walk(&b, cJSON_GetObjectItemCaseSensitive(b.files, b.queue[i]),
                 b.queue[i], &ptr);
        }
    }
    buf_free(&ptr);
    for (size_t i = 0; i < b.nqueue; i++)
        free(b.queue[i]);
    free(b.queue);
    if (!b.oom && b.nfiles)
        cJSON_AddItemToObject(root, "x-apicc-files", b.files);
    else
        cJSON_Delete(b.files);
    free(b.real_folder);
    free(folder);
    if (b.oom) {
        diag_error(d, file, 0, 0, "out of memory");
        return -1;
    }
    return 0;
}
