/*
 * Peak memory of a piece of work, for the tests that bound what hostile
 * input may cost: the work runs in a child process, and the rise of its
 * peak resident set (VmHWM in /proc/self/status) over where it started
 * is reported, so nothing the test did before skews the figure.
 *
 * The bound itself only means something in a plain build: AddressSanitizer
 * and valgrind add their own memory, so peak_rss_bounded() says whether
 * to enforce it.
 */
#ifndef APICC_TESTS_PEAK_RSS_H
#define APICC_TESTS_PEAK_RSS_H

#include <stdio.h>
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* A /proc/self/status field in KiB ("VmHWM", "VmRSS"), or -1. */
static inline long peak_rss_field_kib(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[256];
    long kib = -1;
    size_t n = strlen(field);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0 && line[n] == ':') {
            kib = strtol(line + n + 1, NULL, 10);
            break;
        }
    fclose(f);
    return kib;
}

/* Whether a memory bound should be enforced in this build and run. */
static inline int peak_rss_bounded(void)
{
#if defined(__SANITIZE_ADDRESS__)
    return 0;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    return 0;
#endif
#endif
    const char *w = getenv("APICC_TEST_WRAPPER");
    return !(w && *w);
}

/*
 * Runs work(arg, report, cap) in a child; the child's text in `report`
 * comes back to the caller.  Returns the rise of the child's peak RSS in
 * KiB, or -1 when the child could not run or report.
 */
static inline long peak_rss_of(void (*work)(void *arg, char *report,
                                            size_t cap),
                               void *arg, char *report, size_t cap)
{
    int fds[2];
    report[0] = '\0';
    if (pipe(fds) != 0)
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
#if defined(__GLIBC__)
        /* Memory the parent freed but glibc kept would be reused without
         * a rise in RSS: give it back first. */
        malloc_trim(0);
#endif
        long before = peak_rss_field_kib("VmRSS");
        char text[512];
        text[0] = '\0';
        work(arg, text, sizeof text);
        long rise = peak_rss_field_kib("VmHWM") - before;
        char out[600];
        int n = snprintf(out, sizeof out, "%ld %s", rise, text);
        if (n > 0 && write(fds[1], out, (size_t)n) != n)
            _exit(2);
        _exit(0);
    }
    close(fds[1]);
    char buf[600];
    size_t got = 0;
    ssize_t r;
    while (got + 1 < sizeof buf &&
           (r = read(fds[0], buf + got, sizeof buf - 1 - got)) > 0)
        got += (size_t)r;
    buf[got] = '\0';
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    char *space = strchr(buf, ' ');
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !space)
        return -1;
    snprintf(report, cap, "%s", space + 1);
    return strtol(buf, NULL, 10);
}

#endif
