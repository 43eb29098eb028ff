/*
 * The readers and the writer of file_io.h.
 */
#include "base/file_io.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"

/* Reads the rest of f and closes it; as file_read. */
static char *read_all(FILE *f, size_t max, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *data = malloc(cap + 1);
    int err = data ? 0 : ENOMEM;
    while (!err) {
        if (n == cap) {
            if (cap > max) {
                err = EFBIG;
                break;
            }
            char *bigger = realloc(data, cap * 2 + 1);
            if (!bigger) {
                err = ENOMEM;
                break;
            }
            data = bigger;
            cap *= 2;
        }
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                err = errno ? errno : EIO;
            break;
        }
    }
    if (!err && n > max)
        err = EFBIG;
    if (err) {
        free(data);
        errno = err;
        return NULL;
    }
    data[n] = '\0';
    if (len)
        *len = n;
    return data;
}

char *file_read(const char *path, size_t max, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = read_all(f, max, len);
    int err = errno;
    fclose(f);
    errno = err;
    return text;
}

/* read_all with its failure reported in d under `name`. */
static char *read_all_diag(FILE *f, const char *name, size_t max,
                           size_t *len, struct diag *d)
{
    char *text = read_all(f, max, len);
    if (text)
        return text;
    if (errno == EFBIG)
        diag_error(d, name, 1, 1, "the %s is larger than %zu bytes",
                   f == stdin ? "input" : "file", max);
    else if (errno == ENOMEM)
        diag_error(d, name, 0, 0, "out of memory");
    else
        diag_error(d, name, 0, 0, "cannot read: %s", strerror(errno));
    return NULL;
}

char *file_read_diag(const char *path, size_t max, size_t *len,
                     struct diag *d)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_error(d, path, 0, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    char *text = read_all_diag(f, path, max, len, d);
    fclose(f);
    return text;
}

char *file_read_input(const char *arg, size_t max, size_t *len,
                      struct diag *d)
{
    if (strcmp(arg, "-") != 0)
        return file_read_diag(arg, max, len, d);
    return read_all_diag(stdin, FILE_STDIN_NAME, max, len, d);
}

int file_write_atomic(const char *path, const char *text, size_t len)
{
    size_t n = strlen(path) + 32;
    char *tmp = malloc(n);
    if (!tmp) {
        errno = ENOMEM;
        return -1;
    }
    snprintf(tmp, n, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    int ok = f && fwrite(text, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = 0;
    if (ok && rename(tmp, path) != 0)
        ok = 0;
    if (!ok) {
        int err = errno;
        remove(tmp);
        errno = err;
    }
    free(tmp);
    return ok ? 0 : -1;
}
