/*
 * The table of bad specs: every .yaml file in tests/spec_errors begins
 * with one comment line per expected diagnostic,
 *
 *     # expect: 12:5: error: unknown key 'sumary' in endpoint; did you ...
 *
 * and loading plus validating the file must print exactly those lines
 * (after the file name), in that order, as `apicc validate` would.  One
 * case per file; run from the repository root.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "harness.h"
#include "load/spec.h"

#define DIR_PATH "tests/spec_errors"
#define EXPECT "# expect: "
#define MIN_FILES 30

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names of the .yaml files in DIR_PATH; NULL when absent. */
static char **list_files(size_t *n)
{
    *n = 0;
    DIR *dir = opendir(DIR_PATH);
    if (!dir)
        return NULL;
    char **names = NULL;
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(dir))) {
        size_t len = strlen(de->d_name);
        if (len < 6 || strcmp(de->d_name + len - 5, ".yaml") != 0)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            char **p = realloc(names, cap * sizeof(*p));
            if (!p)
                break;
            names = p;
        }
        names[*n] = malloc(len + 1);
        if (!names[*n])
            break;
        memcpy(names[*n], de->d_name, len + 1);
        ++*n;
    }
    closedir(dir);
    qsort(names, *n, sizeof(*names), cmp_str);
    return names;
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *data = malloc(cap);
    size_t got;
    while (data && (got = fread(data + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (cap - len - 1 == 0) {
            char *p = realloc(data, cap * 2);
            if (!p) {
                free(data);
                data = NULL;
                break;
            }
            data = p;
            cap *= 2;
        }
    }
    fclose(f);
    if (data)
        data[len] = '\0';
    return data;
}

/* The expected output: "<path>:<rest of each expect line>\n" for the
 * leading expect lines of text. */
static char *expected_output(const char *path, const char *text,
                             int *count)
{
    size_t cap = strlen(text) * 2 + 64, len = 0;
    char *out = malloc(cap);
    *count = 0;
    if (!out)
        return NULL;
    out[0] = '\0';
    const char *p = text;
    while (strncmp(p, EXPECT, strlen(EXPECT)) == 0) {
        p += strlen(EXPECT);
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        len += (size_t)snprintf(out + len, cap - len, "%s:%.*s\n", path,
                                (int)n, p);
        ++*count;
        p += n + (nl ? 1 : 0);
    }
    return out;
}

/* What `apicc validate path` prints. */
static char *actual_output(const char *path)
{
    diag d;
    diag_init(&d);
    spec *s = spec_load(path, &d);
    if (s)
        spec_validate(s, &d);
    spec_free(s);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (f) {
        diag_print(&d, f);
        fclose(f);
    }
    diag_free(&d);
    return out;
}

static void run_file(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", DIR_PATH, name);
    char *text = read_all(path);
    if (!text) {
        harness_count(name, 0, "cannot read the file");
        return;
    }
    int count = 0;
    char *want = expected_output(path, text, &count);
    char *got = actual_output(path);
    if (!want || !got) {
        harness_count(name, 0, "out of memory");
    } else if (count == 0) {
        harness_count(name, 0, "the file has no '# expect: ' lines");
    } else if (strcmp(want, got) != 0) {
        printf("FAIL %s: output differs\n--- want\n%s--- got\n%s---\n", name,
               want, got);
        harness_count(name, 0, "see above");
    } else {
        harness_count(name, 1, NULL);
    }
    free(want);
    free(got);
    free(text);
}

static size_t nfiles;

TEST(enough_bad_specs)
{
    if (nfiles < MIN_FILES)
        FAIL("%zu files in %s, want at least %d (run from the repository "
             "root)", nfiles, DIR_PATH, MIN_FILES);
}

int main(void)
{
    size_t n = 0;
    char **names = list_files(&n);
    nfiles = n;
    RUN(enough_bad_specs);
    for (size_t i = 0; i < n; i++) {
        run_file(names[i]);
        free(names[i]);
    }
    free(names);
    return harness_report();
}
