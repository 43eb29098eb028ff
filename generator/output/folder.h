/*
 * File operations inside one folder, by name, relative to an open folder
 * descriptor, that never follow a symbolic link.
 *
 * The output folder may hold links a person or an attacker put there;
 * resolving names through an open descriptor with O_NOFOLLOW keeps every
 * read, write and removal inside the folder that was checked.
 */
#ifndef APICC_GEN_FOLDER_H
#define APICC_GEN_FOLDER_H

#include <stddef.h>

/* What a name in a folder is, without following a link. */
typedef enum folder_kind {
    FOLDER_MISSING,
    FOLDER_FILE,
    FOLDER_LINK,
    FOLDER_OTHER, /* a folder, a device, a FIFO, a socket */
    FOLDER_ERROR  /* errno set */
} folder_kind;

folder_kind folder_kind_of(int dirfd, const char *name);

/* Opens the folder `name` inside `dirfd` (AT_FDCWD: the current one),
 * creating it first when `create` is set.  Never follows a link.
 * Returns the descriptor, or -1 with errno (ENOENT: absent; ELOOP or
 * ENOTDIR: a link or not a folder). */
int folder_open(int dirfd, const char *name, int create);

/* Creates every missing folder of `path` (a path the user named, links
 * followed) and opens it.  Returns the descriptor or -1 with errno. */
int folder_open_path(const char *path, int create);

/* Reads the regular file `name`, at most `cap` bytes (more is an error,
 * EFBIG).  Returns a NUL-terminated buffer the caller frees, or NULL with
 * errno (ENOENT: absent; ELOOP: a link; EINVAL: not a regular file). */
char *folder_read(int dirfd, const char *name, size_t cap, size_t *len);

/* Reads at most `cap` bytes from the start of the regular file `name`
 * into `out`.  Returns how many, or -1 with errno. */
long folder_head(int dirfd, const char *name, char *out, size_t cap);

/* Whether the regular file `name` holds exactly these bytes. */
int folder_same(int dirfd, const char *name, const char *data, size_t len);

/* Writes `name` atomically: a new temporary dot-file in the same folder,
 * renamed over the name (a link there is replaced, never followed).
 * Mode 0644: generated files are read by everyone who builds the tree.
 * Returns 0, or -1 with errno. */
int folder_write(int dirfd, const char *name, const char *data, size_t len);

/* Removes the file `name` (a link would be removed, not its target). */
int folder_remove(int dirfd, const char *name);

#endif
