/*
 * Link-safe file operations inside a folder: see folder.h.
 */
#include "output/folder.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

folder_kind folder_kind_of(int dirfd, const char *name)
{
    struct stat st;
    if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return errno == ENOENT ? FOLDER_MISSING : FOLDER_ERROR;
    if (S_ISLNK(st.st_mode))
        return FOLDER_LINK;
    return S_ISREG(st.st_mode) ? FOLDER_FILE : FOLDER_OTHER;
}

int folder_open(int dirfd, const char *name, int create)
{
    if (create && mkdirat(dirfd, name, 0777) != 0 && errno != EEXIST)
        return -1;
    return openat(dirfd, name,
                  O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

int folder_open_path(const char *path, int create)
{
    if (create) {
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
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return -1;
    }
    return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* Opens a regular file for reading; -1 with errno otherwise. */
static int open_regular(int dirfd, const char *name, struct stat *st)
{
    /* O_NONBLOCK: a FIFO planted under a generated file's name must not
     * hang the run; fstat then refuses it. */
    int fd = openat(dirfd, name,
                    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        close(fd);
        errno = EINVAL;
        return -1;
    }
    return fd;
}

static size_t read_full(int fd, char *out, size_t want)
{
    size_t got = 0;
    while (got < want) {
        ssize_t n = read(fd, out + got, want - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    return got;
}

long folder_head(int dirfd, const char *name, char *out, size_t cap)
{
    struct stat st;
    int fd = open_regular(dirfd, name, &st);
    if (fd < 0)
        return -1;
    size_t got = read_full(fd, out, cap);
    close(fd);
    return (long)got;
}

char *folder_read(int dirfd, const char *name, size_t cap, size_t *len)
{
    struct stat st;
    int fd = open_regular(dirfd, name, &st);
    if (fd < 0)
        return NULL;
    if ((unsigned long long)st.st_size > cap) {
        close(fd);
        errno = EFBIG;
        return NULL;
    }
    size_t want = (size_t)st.st_size;
    char *data = malloc(want + 1);
    size_t got = data ? read_full(fd, data, want) : 0;
    close(fd);
    if (!data)
        return NULL;
    data[got] = '\0';
    *len = got;
    return data;
}

int folder_same(int dirfd, const char *name, const char *data, size_t len)
{
    struct stat st;
    if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
        !S_ISREG(st.st_mode) || (unsigned long long)st.st_size != len)
        return 0;
    size_t have = 0;
    char *old = folder_read(dirfd, name, len, &have);
    int same = old && have == len && memcmp(old, data, len) == 0;
    free(old);
    return same;
}

/* Opens a fresh temporary file beside `name`; its name goes to tmp. */
static int open_temporary(int dirfd, const char *name, char *tmp, size_t cap)
{
    static unsigned counter;
    for (int attempt = 0; attempt < 100; attempt++) {
        snprintf(tmp, cap, ".%s.tmp-%ld-%u", name, (long)getpid(),
                 counter++);
        int fd = openat(dirfd, tmp,
                        O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                        0600);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

int folder_write(int dirfd, const char *name, const char *data, size_t len)
{
    char tmp[512];
    int fd = open_temporary(dirfd, name, tmp, sizeof tmp);
    if (fd < 0)
        return -1;
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    int saved = errno;
    int ok = done == len && fchmod(fd, 0644) == 0;
    if (!ok)
        saved = errno ? errno : EIO;
    if (close(fd) != 0 && ok) {
        ok = 0;
        saved = errno;
    }
    if (ok && renameat(dirfd, tmp, dirfd, name) != 0) {
        ok = 0;
        saved = errno;
    }
    if (!ok) {
        unlinkat(dirfd, tmp, 0);
        errno = saved;
        return -1;
    }
    return 0;
}

int folder_remove(int dirfd, const char *name)
{
    return unlinkat(dirfd, name, 0);
}
