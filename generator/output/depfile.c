/*
 * Depfiles: see depfile.h.
 */
#include "output/depfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/file_io.h"

/* A path as Make and Ninja read it: blanks, '#' and ':' after a
 * backslash, '$' doubled. */
static void put_path(buf *b, const char *dir, const char *path)
{
    for (int part = 0; part < 2; part++) {
        const char *p = part ? path : dir;
        if (!p)
            continue;
        for (; *p; p++) {
            if (*p == '$')
                buf_putc(b, '$');
            else if (*p == ' ' || *p == '\t' || *p == '#' || *p == ':' ||
                     *p == '\\')
                buf_putc(b, '\\');
            buf_putc(b, *p);
        }
        if (!part && dir)
            buf_putc(b, '/');
    }
}

int depfile_write(const char *path, const char *out_dir, const gen_result *r,
                  char *const *specs, size_t nspecs, const tmpl_set *templates,
                  diag *d)
{
    buf b;
    buf_init(&b);
    /* The depfile itself is a target too: apicc rewrites it on every
     * run, while generated files that did not change keep their time.
     * A Makefile whose rule makes the depfile therefore runs apicc once
     * after a no-op edit of the spec, and not on every build after. */
    put_path(&b, NULL, path);
    for (size_t i = 0; i < r->n; i++) {
        buf_putc(&b, ' ');
        put_path(&b, out_dir, r->files[i].path);
    }
    buf_puts(&b, ":");
    /* the line is long: one input per continued line reads better */
    for (size_t i = 0; i < nspecs; i++)
        if (strcmp(specs[i], "-") != 0) {
            buf_puts(&b, " \\\n  ");
            put_path(&b, NULL, specs[i]);
        }
    for (size_t i = 0; i < templates->n; i++) {
        buf_puts(&b, " \\\n  ");
        put_path(&b, NULL, templates->files[i].path);
    }
    buf_putc(&b, '\n');
    for (size_t i = 0; i < nspecs; i++)
        if (strcmp(specs[i], "-") != 0) {
            buf_putc(&b, '\n');
            put_path(&b, NULL, specs[i]);
            buf_puts(&b, ":\n");
        }
    for (size_t i = 0; i < templates->n; i++) {
        buf_putc(&b, '\n');
        put_path(&b, NULL, templates->files[i].path);
        buf_puts(&b, ":\n");
    }
    size_t len = b.len;
    char *text = buf_take(&b);
    if (!text) {
        diag_error(d, path, 0, 0, "out of memory");
        return -1;
    }
    int rc = file_write_atomic(path, text, len);
    if (rc != 0)
        diag_error(d, path, 0, 0, "cannot write: %s", strerror(errno));
    free(text);
    return rc;
}
